/** Classifies and canonicalises one source expression. */

export type SourceKind = 'none' | 'keyword' | 'hash' | 'nonce' | 'scheme' | 'host' | 'token'

export type HashAlgorithm = 'sha256' | 'sha384' | 'sha512'

export const HASH_ALGORITHMS: readonly HashAlgorithm[] = Object.freeze(['sha256', 'sha384', 'sha512'])

/** Keywords a user might write without the single quotes browsers require. */
export const KEYWORDS: readonly string[] = Object.freeze([
  'self',
  'none',
  'unsafe-inline',
  'unsafe-eval',
  'unsafe-hashes',
  'strict-dynamic',
  'report-sample',
  'wasm-unsafe-eval',
  'unsafe-allow-redirects',
  'inline-speculation-rules',
  'trusted-types-eval',
  'report-sha256',
  'report-sha384',
  'report-sha512',
])

const HASH_RE = /^'(sha256|sha384|sha512)-([A-Za-z0-9+/_-]+={0,2})'$/i
const NONCE_RE = /^'nonce-([A-Za-z0-9+/_-]+={0,2})'$/i
const SCHEME_RE = /^[a-z][a-z0-9+.-]*:$/i

export function classifySource(token: string): SourceKind {
  const lower = token.toLowerCase()
  if (lower === "'none'") return 'none'
  if (HASH_RE.test(token)) return 'hash'
  if (NONCE_RE.test(token)) return 'nonce'
  if (lower.startsWith("'") && lower.endsWith("'") && KEYWORDS.includes(lower.slice(1, -1))) return 'keyword'
  if (SCHEME_RE.test(token)) return 'scheme'
  return 'host'
}

/**
 * Canonical form: keywords and schemes lower-case, hash algorithm prefixes lower-case (the digest is
 * case-sensitive base64 and kept as written), hosts as written.
 */
export function canonicalSource(token: string): string {
  const kind = classifySource(token)
  if (kind === 'none' || kind === 'keyword' || kind === 'scheme') return token.toLowerCase()
  if (kind === 'hash') {
    const m = HASH_RE.exec(token)!
    return `'${m[1]!.toLowerCase()}-${m[2]}'`
  }
  if (kind === 'nonce') return `'nonce-${NONCE_RE.exec(token)![1]}'`
  return token
}

/** `'sha256-…'` → `{ algorithm: 'sha256', digest }` with the digest in standard base64 and padded. */
export function parseHashSource(token: string): { algorithm: HashAlgorithm; digest: string } | undefined {
  const m = HASH_RE.exec(token)
  if (!m) return undefined
  let digest = m[2]!.replace(/-/g, '+').replace(/_/g, '/').replace(/=+$/, '')
  while (digest.length % 4 !== 0) digest += '='
  return { algorithm: m[1]!.toLowerCase() as HashAlgorithm, digest }
}

export function isUnquotedKeyword(token: string): boolean {
  return KEYWORDS.includes(token.toLowerCase())
}
