import { registryPresetLookup } from '../dev/preset-lookup.js'
import type { PresetLookup } from '../dev/advice.js'

let lookup: PresetLookup | undefined

/**
 * The registered presets whose default variant allows `url` for `directive` (following the
 * fallback chain within each preset's own policy). The whole registry is read, whatever is in it:
 * no preset is named here. Resolved once per process.
 */
export function suggestPresets(url: URL, directive: string): readonly string[] {
  lookup ??= registryPresetLookup()
  return lookup(url, directive)
}
