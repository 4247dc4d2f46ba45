import { sourceMatchesUrl } from '../dev/match.js'
import { DIRECTIVE_FALLBACKS } from '../policy/fallbacks.js'
import { getDirective, type Directive, type Policy } from '../policy/model.js'

export { sourceMatchesUrl }

/**
 * The directives a browser consults for a fetch or navigation, most specific first: the fetch
 * directives' fallback lists (CSP3 §6.8.3), and `form-action` and `base-uri`, which never fall
 * back to `default-src`.
 */
export function fallbackChain(directive: string): readonly string[] {
  return DIRECTIVE_FALLBACKS[directive] ?? (directive === 'form-action' || directive === 'base-uri' ? [directive] : [directive, 'default-src'])
}

/** The directive of `policy` that governs `directive`'s check, or undefined when none restricts it. */
export function governingFor(policy: Policy, directive: string): Directive | undefined {
  const chain = fallbackChain(directive)
  for (let i = 0; i < chain.length; i++) {
    const d = getDirective(policy, chain[i]!)
    if (d) return d
  }
  return undefined
}

/**
 * Whether a source list allows `url` for a page at `self` (CSP3 §6.7.2.5 "Does url match source
 * list"): `'none'` or an empty list allows nothing; keywords, hashes and nonces allow no URL.
 */
export function sourceListAllows(values: readonly string[], url: URL, self: URL): boolean {
  for (let i = 0; i < values.length; i++) if (sourceMatchesUrl(values[i]!, url, self)) return true
  return false
}

/** What a check of one URL against a policy found. */
export interface UrlCheck {
  readonly allowed: boolean
  /** The directive that decided (absent when nothing restricts this kind of load). */
  readonly governing?: Directive
}

/** Whether a browser enforcing `policy` on the page at `self` lets it load `url` under `directive`. */
export function checkUrl(policy: Policy, directive: string, url: URL, self: URL): UrlCheck {
  const governing = governingFor(policy, directive)
  if (!governing) return { allowed: true }
  return { allowed: sourceListAllows(governing.values, url, self), governing }
}
