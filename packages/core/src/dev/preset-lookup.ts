import { getDirective, type Policy } from '../policy/model.js'
import type { PresetLookup } from './advice.js'
import { DIRECTIVE_FALLBACKS } from './fallbacks.js'
import { sourceMatchesUrl } from './match.js'

/** A named preset as far as advice needs it: the policy it contributes. */
export interface PresetPolicy {
  readonly name: string
  readonly policy: Policy
}

/**
 * A lookup over a set of presets: the presets whose policy allows `url` for the effective
 * directive (following the same fallback chain the browser uses within the preset's policy).
 */
export function presetLookup(presets: Iterable<PresetPolicy>): PresetLookup {
  const all = [...presets]
  return (url, directive) =>
    all
      .filter(({ policy }) => {
        const governing = (DIRECTIVE_FALLBACKS[directive] ?? [directive])
          .map((name) => getDirective(policy, name))
          .find((d) => d !== undefined)
        return governing?.values.some((source) => source !== "'self'" && sourceMatchesUrl(source, url)) ?? false
      })
      .map((p) => p.name)
}
