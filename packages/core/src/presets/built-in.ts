import { PRESET_NAMES } from './registry.js'
import { resolvePresets } from './resolve.js'
import type { PresetPolicy } from './types.js'

/**
 * Every built-in preset in its default variant, as `{ name, policy }`: what the dev server's
 * violation advice searches to say "add the 'gleap' preset" (dev/preset-lookup.ts). Presets that
 * need an option without a default (e.g. chargebee's site) are left out: their hosts are not known.
 */
export function builtInPresetPolicies(): readonly PresetPolicy[] {
  return PRESET_NAMES.flatMap((name) => {
    const resolved = resolvePresets([name])
    return resolved.diagnostics.length === 0 ? resolved.list : []
  })
}
