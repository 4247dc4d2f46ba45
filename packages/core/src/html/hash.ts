import { hash } from 'node:crypto'
import type { HashAlgorithm } from '../policy/source.js'

/**
 * The hash-source for inline content, exactly as browsers compute it: over the UTF-8 encoding of the
 * parsed text (line endings already normalised and NULs replaced by the tokenizer; CSP-RULES a1–a10).
 */
export function hashSource(text: string, algorithm: HashAlgorithm = 'sha256'): string {
  return `'${algorithm}-${digest(text, algorithm)}'`
}

/**
 * Standard, padded base64 of the digest of the text's UTF-8 bytes. The one-shot `crypto.hash`
 * (Node ≥ 20.12; engines say ≥ 20.19) costs a fraction of a Hash object for short inline texts.
 */
export function digest(text: string, algorithm: HashAlgorithm): string {
  return hash(algorithm, text, 'base64')
}
