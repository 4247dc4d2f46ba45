import { getDirective } from '../policy/model.js'
import type { PresetPolicy } from '../presets/types.js'
import type { PresetLookup } from './advice.js'
import { DIRECTIVE_FALLBACKS } from '../policy/fallbacks.js'
import { sourceMatchesUrl } from './match.js'
import { PRESET_NAMES } from '../presets/registry.js'
import { resolvePresets } from '../presets/resolve.js'

/** A resolved preset (name and policy), as presets/resolve.ts returns them. */
export type { PresetPolicy }

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

/**
 * A lookup over every built-in preset in its default variant: advice names the preset that covers a
 * blocked host even when the user does not use it yet.
 */
export function registryPresetLookup(): PresetLookup {
  return presetLookup(resolvePresets([...PRESET_NAMES]).list)
}
