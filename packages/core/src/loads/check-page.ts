import { diagnostic, type Diagnostic } from '../diagnostics.js'
import type { Policy } from '../policy/model.js'
import { classifySource } from '../policy/source.js'
import type { PageLoad } from './elements.js'
import { fixForUrl } from './fix.js'
import { checkUrl } from './match.js'
import { pageUrl, resolveLoads, type ResolvedLoad } from './resolve.js'

/** One URL the page's policy blocks. */
export interface BlockedLoad extends ResolvedLoad {
  readonly resolved: URL
  /** The directive that blocks it (after fallback), e.g. `default-src`. */
  readonly blockedBy: string
}

export interface PageLoadsCheck {
  readonly loads: readonly ResolvedLoad[]
  readonly blocked: readonly BlockedLoad[]
  readonly diagnostics: readonly Diagnostic[]
}

/** URLs no fetch directive checks: `about:blank` frames, and `javascript:` (checked as inline script). */
const UNCHECKED_SCHEMES = new Set(['about:', 'javascript:'])

/**
 * Checks everything a page's HTML loads against the page's final policy: each load whose URL the
 * governing directive does not allow is blocked by the browser, for certain, and is one
 * LOAD_BLOCKED error per page and (directive, source) with the fix. The fix is written against
 * `configured`, the policy the user edits (the page's own adds hashes, which allow no URL).
 */
export function checkPageLoads(loads: readonly PageLoad[], policy: Policy, fileName: string, configured: Policy = policy): PageLoadsCheck {
  if (loads.length === 0) return { loads: [], blocked: [], diagnostics: [] }
  const page = pageUrl(fileName)
  const resolved = resolveLoads(loads, page, (base) => checkUrl(policy, 'base-uri', base, page).allowed)
  const blocked: BlockedLoad[] = []
  for (const load of resolved) {
    const url = load.resolved
    if (!url || UNCHECKED_SCHEMES.has(url.protocol)) continue
    const check = checkUrl(policy, load.kind, url, page)
    if (!check.governing) continue
    const values = check.governing.values
    // Under 'strict-dynamic' a script in the HTML needs its nonce or hash: hosts and 'self' are ignored (CSP3 §8.2).
    const strictDynamic = load.kind === 'script-src-elem' && values.includes("'strict-dynamic'")
    if (check.allowed && !strictDynamic) continue
    // A nonce or (with `integrity`) a hash in the directive may allow the element whatever its URL.
    if (load.nonce !== undefined && values.includes(`'nonce-${load.nonce}'`)) continue
    if (load.integrity !== undefined && values.some((v) => classifySource(v) === 'hash')) continue
    blocked.push({ ...load, resolved: url, blockedBy: check.governing.name })
  }
  return { loads: resolved, blocked, diagnostics: blockedLoadDiagnostics(blocked, configured, fileName, page) }
}

/** One diagnostic per (directive, source) on the page, at its first load. */
function blockedLoadDiagnostics(blocked: readonly BlockedLoad[], policy: Policy, fileName: string, page: URL): Diagnostic[] {
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
        fix: fix.fix,
      }),
    )
  }
  return out
}

/** The origin of an http(s)/ws(s) URL, the scheme of anything else (`blob:`, `data:`). */
function sourceOf(url: URL): string {
  return ['http:', 'https:', 'ws:', 'wss:'].includes(url.protocol) ? url.origin : url.protocol
}
