/** The preset API: the registry, a typed call per service, and the tools for users' own presets. */
export { presets, PRESET_NAMES, type PresetName } from './registry.js'
export { definePreset, presetFactory } from './define.js'
export { resolvePresets, type PresetInput, type ResolvedPresets } from './resolve.js'
export { applyPresets, type AppliedPresets } from './apply.js'
export type { Preset, PresetCall, PresetCallOptions, PresetDirectives, PresetOption, PresetOrigins, PresetPolicy as ResolvedPreset } from './types.js'
export { gleap, PUSHER_CLUSTERS } from './gleap.js'
