import { DIRECTIVE_FALLBACKS } from './fallbacks.js'
import { classifySource } from './source.js'
import { getDirective, type Directive, type Policy } from './model.js'

/**
 * The checks a page's own CSP meta must not weaken: which scripts run (elements, handlers, eval,
 * workers), plugins, where relative URLs resolve (`<base>`), and the catch-all. Widening any other
 * directive (an image or frame host one page needs) only lets that page load more of what it shows.
 */
export const GUARDED_CHECKS: readonly string[] = Object.freeze(['script-src', 'script-src-elem', 'script-src-attr', 'worker-src', 'object-src', 'base-uri', 'default-src'])

/** Sources the merged policy holds in `directive` that the configured policy does not allow for the checks it governs. */
export interface Widening {
  /** The directive of the merged policy (a page's own) that holds the sources. */
  readonly directive: string
  /** The guarded checks it widens, e.g. `script-src-elem` and `worker-src` for a `script-src` source. */
  readonly checks: readonly string[]
  readonly sources: readonly string[]
}

/** The directive that governs `check` in `policy` (CSP3 fallback lists), or undefined when none does (anything goes). */
export function governing(policy: Policy, check: string): Directive | undefined {
  for (const name of DIRECTIVE_FALLBACKS[check] ?? [check]) {
    const d = getDirective(policy, name)
    if (d) return d
  }
  return undefined
}

/**
 * What `merged` allows for the guarded checks beyond `configured`, per directive of `merged`. A
 * source counts as allowed when `configured`'s governing list covers it (sourceCovers), so a page
 * repeating a configured source, or naming one host inside a configured wildcard, widens nothing.
 */
export function wideningOf(configured: Policy, merged: Policy): Widening[] {
  const byDirective = new Map<string, { checks: string[]; sources: string[] }>()
  for (const check of GUARDED_CHECKS) {
    const now = governing(merged, check)
    if (!now) continue
    const was = governing(configured, check)
    const before = effectiveSources(was?.values, check)
    for (const source of now.values) {
      // The configured directive's own sources, where it still governs, are as the user wrote them.
      if (was?.name === now.name && was.values.includes(source)) continue
      if (sourceCovers(before, source)) continue
      const entry = byDirective.get(now.name) ?? { checks: [], sources: [] }
      byDirective.set(now.name, entry)
      if (!entry.checks.includes(check)) entry.checks.push(check)
      if (!entry.sources.includes(source)) entry.sources.push(source)
    }
  }
  return [...byDirective].map(([directive, { checks, sources }]) => Object.freeze({ directive, checks: Object.freeze(checks), sources: Object.freeze(sources) }))
}

const SCRIPT_CHECKS = ['script-src', 'script-src-elem', 'script-src-attr', 'worker-src']

/**
 * What a configured list really allows for `check`, as browsers read it: with a hash or nonce,
 * `'unsafe-inline'` is ignored; with `'strict-dynamic'`, so are hosts, schemes and `'self'` for
 * scripts. A page repeating those sources in a directive of its own (where they would count) widens.
 */
function effectiveSources(list: readonly string[] | undefined, check: string): readonly string[] | undefined {
  if (list === undefined || check === 'base-uri') return list
  const kinds = list.map(classifySource)
  const hashed = kinds.some((k) => k === 'hash' || k === 'nonce')
  const dynamic = SCRIPT_CHECKS.includes(check) && list.includes("'strict-dynamic'")
  if (!hashed && !dynamic) return list
  return list.filter((s, i) => {
    if (s === "'unsafe-inline'") return check === 'default-src' || !(hashed || dynamic)
    if (dynamic && (kinds[i] === 'host' || kinds[i] === 'scheme' || s === "'self'")) return false
    return true
  })
}

interface HostSource {
  readonly scheme: string | undefined
  readonly host: string
  readonly port: string | undefined
  readonly path: string | undefined
}

const HOST_SOURCE = /^(?:([a-z][a-z0-9+.-]*):\/\/)?(\*|(?:\*\.)?[^:/*]+)(?::(\d+|\*))?(\/.*)?$/i

function hostSource(token: string): HostSource | undefined {
  const m = HOST_SOURCE.exec(token)
  if (!m) return undefined
  return { scheme: m[1]?.toLowerCase(), host: m[2]!.toLowerCase(), port: m[3], path: m[4] }
}

/** `wide` (a scheme) allows URLs of `narrow`'s scheme: the same, or its secure upgrade (CSP3 §6.7.2.8). */
function schemeCovers(wide: string | undefined, narrow: string | undefined): boolean {
  if (wide === narrow) return true
  return (wide === 'http' && narrow === 'https') || (wide === 'ws' && narrow === 'wss')
}

/**
 * Whether the source list `list` allows everything `source` allows. Undefined `list` (no directive
 * governs) allows everything. Deliberately conservative: when unsure it answers no, which costs a
 * needless warning, never a missed widening. A hash allows one exact script or style the page's
 * own author named, so it is not a widening, nor is `'unsafe-hashes'`, which only lets hashes
 * match attributes (and is what cspkit itself writes beside handler hashes, so a page's second run
 * over its own output stays the same); `'none'` and `'report-sample'` allow nothing.
 */
export function sourceCovers(list: readonly string[] | undefined, source: string): boolean {
  if (list === undefined) return true
  const kind = classifySource(source)
  if (kind === 'none' || kind === 'hash' || source === "'report-sample'" || source === "'unsafe-hashes'") return true
  if (list.includes(source)) return true
  if (kind === 'keyword' || kind === 'nonce' || kind === 'token') return source === "'self'" && list.includes('*')
  if (kind === 'scheme') {
    const scheme = source.slice(0, -1)
    if (list.includes('*') && (scheme === 'http' || scheme === 'https')) return false // '*' is hosts, not a whole scheme
    return list.some((w) => classifySource(w) === 'scheme' && schemeCovers(w.slice(0, -1), scheme))
  }
  const s = hostSource(source)
  if (!s) return false
  return list.some((w) => {
    if (w === '*') return s.scheme === undefined || s.scheme === 'http' || s.scheme === 'https'
    const wk = classifySource(w)
    if (wk === 'scheme') return s.scheme === undefined ? w === 'http:' : schemeCovers(w.slice(0, -1), s.scheme)
    if (wk !== 'host') return false
    const h = hostSource(w)
    if (!h || !schemeCovers(h.scheme, s.scheme)) return false
    const hostOk = h.host === '*' || h.host === s.host || (h.host.startsWith('*.') && s.host.endsWith(h.host.slice(1)))
    const portOk = h.port === s.port || h.port === '*'
    const pathOk = h.path === undefined || h.path === s.path || (h.path.endsWith('/') && s.path !== undefined && s.path.startsWith(h.path))
    return hostOk && portOk && pathOk
  })
}
