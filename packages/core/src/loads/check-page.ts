import { diagnostic, type Diagnostic } from '../diagnostics.js'
import type { Directive, Policy } from '../policy/model.js'
import { classifySource } from '../policy/source.js'
import type { PageLoad } from './elements.js'
import { fixForUrl } from './fix.js'
import { governingFor, sourceListAllows } from './match.js'
import { pageUrl } from './resolve.js'

/** One URL the page's policy blocks. */
export interface BlockedLoad extends PageLoad {
  /** The URL as the browser requests it. */
  readonly resolved: URL
  /** The directive that blocks it (after fallback), e.g. `default-src`. */
  readonly blockedBy: string
}

export interface PageLoadsCheck {
  readonly blocked: readonly BlockedLoad[]
  readonly diagnostics: readonly Diagnostic[]
}

const NOTHING: PageLoadsCheck = Object.freeze({ blocked: [], diagnostics: [] })

/** URLs no fetch directive checks: `about:blank` frames, and `javascript:` (checked as inline script). */
const UNCHECKED_SCHEMES = new Set(['about:', 'javascript:'])

/** A URL with a scheme: it does not depend on the page or a base URL. */
const ABSOLUTE = /^[a-z][a-z0-9+.-]*:/i

/**
 * Whether a directive allows an absolute URL, by the directive (frozen, shared by every page that
 * did not change it) and the URL as written: the analytics tag in every page's head is matched once.
 */
const ALLOWS_ABSOLUTE = new WeakMap<Directive, Map<string, boolean>>()

/**
 * Checks everything a page's HTML loads against the page's final policy: each load whose URL the
 * governing directive does not allow is blocked by the browser, for certain, and is one
 * LOAD_BLOCKED error per page and (directive, source) with the fix. Relative URLs are the page's
 * own origin (`'self'`), or the first `<base href>`'s when the policy lets the browser use it. The
 * fix is written against `configured`, the policy the user edits (the page's adds hashes, which
 * allow no URL).
 */
export function checkPageLoads(loads: readonly PageLoad[], policy: Policy, fileName: string, configured: Policy = policy, origin?: string): PageLoadsCheck {
  if (loads.length === 0) return NOTHING
  let page: URL | undefined
  /** The base URL relative URLs resolve against from here on; undefined: the page's own (same origin). */
  let base: URL | undefined
  let baseSeen = false
  const governing = new Map<string, Directive | undefined>()
  const blocked: BlockedLoad[] = []
  for (const load of loads) {
    let d = governing.get(load.kind)
    if (d === undefined && !governing.has(load.kind)) governing.set(load.kind, (d = governingFor(policy, load.kind)))
    const isBase = load.kind === 'base-uri' && !baseSeen
    if (isBase) baseSeen = true
    if (!d && !isBase) continue
    const values = d?.values ?? []
    // Under 'strict-dynamic' a script in the HTML needs its nonce or hash: hosts and 'self' are ignored (CSP3 §8.2).
    const strictDynamic = load.kind === 'script-src-elem' && values.includes("'strict-dynamic'")
    const absolute = ABSOLUTE.test(load.url)
    // `//host/x` (or `\\host\x`) keeps only the scheme of the page or base: another origin.
    const schemeRelative = !absolute && /^[\\/]{2}/.test(load.url)
    // The common case, without parsing: a relative URL on the page's own origin, under a directive with 'self'.
    if (d && !isBase && !absolute && !schemeRelative && !base && !strictDynamic && values.includes("'self'")) continue
    const url = parse(load.url, absolute ? undefined : (base ?? (page ??= pageUrl(fileName, origin))))
    if (!url || UNCHECKED_SCHEMES.has(url.protocol)) continue
    const allowed = !d || (!strictDynamic && allows(d, url, load.url, absolute, (page ??= pageUrl(fileName, origin))))
    if (isBase && allowed) base = url // a base the policy blocks is ignored by the browser
    if (allowed) continue
    // A nonce or (with `integrity`) a hash in the directive may allow the element whatever its URL.
    if (load.nonce !== undefined && values.includes(`'nonce-${load.nonce}'`)) continue
    if (load.integrity !== undefined && values.some((v) => classifySource(v) === 'hash')) continue
    blocked.push({ ...load, resolved: url, blockedBy: d!.name })
  }
  if (blocked.length === 0) return NOTHING
  return { blocked, diagnostics: blockedLoadDiagnostics(blocked, configured, fileName, (page ??= pageUrl(fileName, origin)), origin !== undefined) }
}

function allows(d: Directive, url: URL, written: string, absolute: boolean, page: URL): boolean {
  if (!absolute) return sourceListAllows(d.values, url, page)
  let cache = ALLOWS_ABSOLUTE.get(d)
  if (!cache) ALLOWS_ABSOLUTE.set(d, (cache = new Map()))
  let result = cache.get(written)
  if (result === undefined) {
    result = sourceListAllows(d.values, url, page)
    // A copy of the URL, not the slice of the page's text it is: a kept slice would keep the whole page.
    if (cache.size < 10_000) cache.set(ownCopy(written), result)
  }
  return result
}

/** A string that shares no memory with the one it copies (V8 keeps a slice's parent alive). */
function ownCopy(text: string): string {
  return Buffer.from(text, 'utf8').toString('utf8')
}

function parse(url: string, base: URL | undefined): URL | undefined {
  try {
    return new URL(url, base)
  } catch {
    return undefined
  }
}

/** One diagnostic per (directive, source) on the page, at its first load. */
function blockedLoadDiagnostics(blocked: readonly BlockedLoad[], policy: Policy, fileName: string, page: URL, originKnown: boolean): Diagnostic[] {
  const seen = new Set<string>()
  const out: Diagnostic[] = []
  for (const load of blocked) {
    const source = load.resolved.origin === page.origin ? "'self'" : `'${sourceOf(load.resolved)}'`
    const key = `${load.kind}\u0000${source}`
    if (seen.has(key)) continue
    seen.add(key)
    const fix = fixForUrl(policy, load.kind, load.resolved, page)
    const shown = load.resolved.origin === page.origin ? load.url : load.resolved.href
    out.push(
      diagnostic({
        code: 'LOAD_BLOCKED',
        file: `${fileName}:${load.line}:${load.column}`,
        directive: load.kind,
        option: fix.option,
        message: `<${load.tag} ${load.attribute}="${shown}"> loads from ${source}, which '${load.blockedBy}' does not allow (${load.kind}): the browser will block it.`,
        // An absolute URL may be the site's own address, which only the origin option tells the build.
        fix: !originKnown && /^https?:$/.test(load.resolved.protocol) && ABSOLUTE.test(load.url)
          ? `${fix.fix} If ${load.resolved.origin} is this site's own address, set origin: '${load.resolved.origin}' instead: absolute URLs to it are then the page's own ('self').`
          : fix.fix,
      }),
    )
  }
  return out
}

/** The origin of an http(s)/ws(s) URL, the scheme of anything else (`blob:`, `data:`). */
function sourceOf(url: URL): string {
  return ['http:', 'https:', 'ws:', 'wss:'].includes(url.protocol) ? url.origin : url.protocol
}
