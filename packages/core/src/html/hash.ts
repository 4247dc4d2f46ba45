import { createHash } from 'node:crypto'
import type { HashAlgorithm } from '../policy/source.js'

/**
 * The hash-source for inline content, exactly as browsers compute it: over the UTF-8 encoding of the
 * parsed text (line endings already normalised and NULs replaced by the tokenizer; CSP-RULES a1–a10).
 */
export function hashSource(text: string, algorithm: HashAlgorithm = 'sha256'): string {
  return `'${algorithm}-${digest(text, algorithm)}'`
}

/** Standard, padded base64 of the digest. */
export function digest(text: string, algorithm: HashAlgorithm): string {
  return createHash(algorithm).update(text, 'utf8').digest('base64')
}
