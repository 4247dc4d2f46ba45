/**
 * The digests of the build's scripts as emitted (after minification and hash renaming), by
 * output-relative path: what an `integrity` attribute for each must say. Plain data (a Map of
 * strings) so directory mode can hand it to its worker threads.
 */
import { hash } from 'node:crypto'
import { HASH_ALGORITHMS, type HashAlgorithm } from '../policy/source.js'

export type ScriptDigests = Readonly<Record<HashAlgorithm, string>>
export type BuildScriptDigests = ReadonlyMap<string, ScriptDigests>

const SCRIPT_FILE = /\.m?js$/i

/** Whether strict mode hashes a file of the build: `.js` and `.mjs`, what bundlers emit as scripts. */
export function isScriptFile(fileName: string): boolean {
  return SCRIPT_FILE.test(fileName)
}

/** Standard base64 digests of the file's bytes (a string is its UTF-8 encoding, as bundlers write it). */
export function scriptDigests(bytes: string | Uint8Array): ScriptDigests {
  const out = {} as Record<HashAlgorithm, string>
  for (const algorithm of HASH_ALGORITHMS) out[algorithm] = hash(algorithm, bytes, 'base64')
  return Object.freeze(out)
}

/** Output paths with `/` separators and no leading `./` or `/`, as pages' URLs name them. */
export function normalisePath(fileName: string): string {
  return fileName.replace(/\\/g, '/').replace(/^(?:\.\/|\/)+/, '')
}
