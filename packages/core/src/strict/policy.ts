/**
 * Strict mode's policy composition (pure functions over policies): the site-wide part once, from the
 * configured policy with presets; the page part per page, from the integrity values of its scripts.
 */
import { dedupe, freezePolicy, getDirective, setDirective, type Policy } from '../policy/model.js'
import { classifySource } from '../policy/source.js'
import { governing } from '../policy/widening.js'
import { STRICT_FALLBACK_SOURCES, type ResolvedStrictOptions } from './options.js'

/** Keywords of the configured script-src that keep their meaning beside 'strict-dynamic'. */
const KEPT_KEYWORDS = new Set([
  "'unsafe-eval'",
  "'wasm-unsafe-eval'",
  "'unsafe-hashes'",
  "'report-sample'",
  "'trusted-types-eval'",
  "'report-sha256'",
  "'report-sha384'",
  "'report-sha512'",
  "'inline-speculation-rules'",
])

export interface StrictBase {
  readonly policy: Policy
  /** What the configured script-src (or script-src-elem) held that strict mode left out: hosts, schemes, 'self', 'unsafe-inline'. */
  readonly dropped: readonly string[]
  /** worker-src was added as a copy of the directive that governed workers before (script-src or default-src). */
  readonly workerSrcCopied: boolean
}

/**
 * The site-wide strict policy: `script-src 'strict-dynamic'` with the configured script-src's
 * hashes, nonces and eval keywords (its hosts, schemes and `'self'` are ignored beside
 * `'strict-dynamic'` in CSP3 browsers, so they go), plus `'unsafe-inline' https:` for CSP1/2
 * browsers with `fallbacks`; `script-src-elem` folded into it (it would replace script-src for
 * elements); `object-src 'none'`; `base-uri 'none'`. Workers keep the sources that governed them:
 * `worker-src` falls back to script-src, whose 'strict-dynamic' engines apply to workers unevenly.
 */
export function strictBasePolicy(policy: Policy, strict: ResolvedStrictOptions): StrictBase {
  const scriptSrc = governing(policy, 'script-src')
  const elem = getDirective(policy, 'script-src-elem')
  const kept: string[] = []
  const dropped: string[] = []
  for (const source of [...(scriptSrc?.values ?? []), ...(elem?.values ?? [])]) {
    const kind = classifySource(source)
    if (kind === 'hash' || kind === 'nonce' || KEPT_KEYWORDS.has(source)) kept.push(source)
    else if (source !== "'strict-dynamic'" && source !== "'none'") dropped.push(source)
  }
  const fallbacks = strict.fallbacks ? STRICT_FALLBACK_SOURCES : []
  const worker = governing(policy, 'worker-src')
  const copyWorker = worker !== undefined && (worker.name === 'script-src' || worker.name === 'default-src')
  let out = freezePolicy(policy.directives.filter((d) => d.name !== 'script-src-elem'))
  if (copyWorker) out = setDirective(out, 'worker-src', worker.values)
  out = setDirective(out, 'script-src', ["'strict-dynamic'", ...fallbacks, ...kept])
  out = setDirective(out, 'object-src', ["'none'"])
  out = setDirective(out, 'base-uri', ["'none'"])
  return Object.freeze({
    policy: out,
    dropped: Object.freeze(dedupe(dropped).filter((s) => !fallbacks.includes(s))),
    workerSrcCopied: copyWorker,
  })
}

/**
 * One page's strict policy: the integrity values of its parser-inserted scripts and script
 * preloads as hash-sources in script-src (CSP3 matches an external script by them), and
 * `base-uri 'self'` when the page has a `<base>` (with 'none' the browser would ignore it).
 */
export function strictPagePolicy(base: Policy, integritySources: readonly string[], hasBase: boolean): Policy {
  let out = base
  if (integritySources.length > 0) {
    const scriptSrc = getDirective(out, 'script-src')?.values ?? ["'strict-dynamic'"]
    out = setDirective(out, 'script-src', [...scriptSrc, ...integritySources])
  }
  if (hasBase && getDirective(out, 'base-uri')?.values.join(' ') === "'none'") out = setDirective(out, 'base-uri', ["'self'"])
  return out
}
