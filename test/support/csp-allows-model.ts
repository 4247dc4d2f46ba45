/**
 * A small model of what a CSP allows, written from CSP3 for the property tests and sharing no code
 * with cspkit: does the policy let this URL load as this kind, this inline script or handler run,
 * eval run? Simplified where that only makes the model allow less (no redirects, no trust
 * propagation through 'strict-dynamic', no integrity-checked external scripts), so that an
 * "allows" it reports is one a browser would also grant.
 */

export type PolicyMap = Readonly<Record<string, readonly string[]>>

export type UrlKind = 'script' | 'worker' | 'object' | 'base' | 'img' | 'connect' | 'frame' | 'style'
export type Probe =
  | { readonly kind: UrlKind; readonly url: string }
  | { readonly kind: 'inline-script' | 'handler'; readonly hash: string }
  | { readonly kind: 'eval' }

/** CSP3 §6.8.3 fallback lists (base-uri has none). */
const CHAIN: Readonly<Record<Probe['kind'], readonly string[]>> = {
  script: ['script-src-elem', 'script-src', 'default-src'],
  'inline-script': ['script-src-elem', 'script-src', 'default-src'],
  handler: ['script-src-attr', 'script-src', 'default-src'],
  eval: ['script-src', 'default-src'],
  worker: ['worker-src', 'child-src', 'script-src', 'default-src'],
  object: ['object-src', 'default-src'],
  base: ['base-uri'],
  img: ['img-src', 'default-src'],
  connect: ['connect-src', 'default-src'],
  frame: ['frame-src', 'child-src', 'default-src'],
  style: ['style-src-elem', 'style-src', 'default-src'],
}

/** Kinds a page's own meta must not widen (they run code, or decide where relative URLs point). */
export const GUARDED_KINDS: ReadonlySet<Probe['kind']> = new Set(['script', 'inline-script', 'handler', 'eval', 'worker', 'object', 'base'])

const isHash = (s: string) => /^'sha(256|384|512)-[A-Za-z0-9+/_-]+=*'$/i.test(s)
const isNonce = (s: string) => /^'nonce-[^']+'$/i.test(s)

export function policyAllows(policy: PolicyMap, probe: Probe, self: URL): boolean {
  const name = CHAIN[probe.kind].find((d) => Object.hasOwn(policy, d))
  if (name === undefined) return true // nothing governs it
  const list = policy[name]!.map((s) => (isHash(s) || isNonce(s) ? s : s.toLowerCase()))
  // 'strict-dynamic' makes browsers ignore host, scheme, 'self' and 'unsafe-inline' sources for scripts.
  const strictDynamic = list.includes("'strict-dynamic'") && ['script', 'inline-script', 'handler', 'worker'].includes(probe.kind)
  if (probe.kind === 'eval') return list.includes("'unsafe-eval'")
  if (probe.kind === 'inline-script' || probe.kind === 'handler') {
    const hashes = list.filter(isHash)
    const hashed = hashes.includes(probe.hash) && (probe.kind === 'inline-script' || list.includes("'unsafe-hashes'"))
    const inlineAll = list.includes("'unsafe-inline'") && hashes.length === 0 && !list.some(isNonce) && !strictDynamic
    return hashed || inlineAll
  }
  if (strictDynamic && (probe.kind === 'script' || probe.kind === 'worker')) return false // a parser-inserted script needs a hash or nonce
  const url = new URL((probe as { readonly url: string }).url)
  return list.some((source) => sourceMatchesUrl(source, url, self))
}

function schemeMatches(expected: string, actual: string): boolean {
  return expected === actual || (expected === 'http:' && actual === 'https:') || (expected === 'ws:' && actual === 'wss:')
}

const DEFAULT_PORT: Readonly<Record<string, string>> = { 'http:': '80', 'https:': '443', 'ws:': '80', 'wss:': '443' }

function sourceMatchesUrl(source: string, url: URL, self: URL): boolean {
  if (source === '*') return ['http:', 'https:', 'ws:', 'wss:'].includes(url.protocol) || url.protocol === self.protocol
  if (source === "'self'") return url.origin === self.origin || (self.protocol === 'http:' && url.protocol === 'https:' && url.host === self.host)
  if (source.startsWith("'")) return false
  if (/^[a-z][a-z0-9+.-]*:$/i.test(source)) return schemeMatches(source.toLowerCase(), url.protocol)
  const m = /^(?:([a-z][a-z0-9+.-]*):\/\/)?(\*|(?:\*\.)?[a-z0-9-]+(?:\.[a-z0-9-]+)*)(?::(\d+|\*))?(\/[^?#]*)?$/i.exec(source)
  if (!m) return false // not a source expression: browsers ignore it
  const [, scheme, host, port, path] = m
  if (scheme ? !schemeMatches(`${scheme.toLowerCase()}:`, url.protocol) : !schemeMatches(self.protocol, url.protocol)) return false
  const h = host!.toLowerCase()
  if (h === '*') {
    // A lone '*' host matches any host
  } else if (h.startsWith('*.')) {
    if (!url.hostname.endsWith(h.slice(1))) return false
  } else if (h !== url.hostname) return false
  const urlPort = url.port || DEFAULT_PORT[url.protocol] || ''
  if (port !== '*') {
    const wanted = port ?? DEFAULT_PORT[scheme ? `${scheme.toLowerCase()}:` : url.protocol]
    const upgraded = port === undefined && wanted === '80' && urlPort === '443'
    if (wanted !== urlPort && !upgraded) return false
  }
  if (path && path !== '/') {
    const p = decodeURIComponent(url.pathname)
    if (path.endsWith('/') ? !p.startsWith(path) : p !== path) return false
  }
  return true
}
