import { gleapPreset } from './gleap.js'
import type { Preset } from './types.js'

/**
 * Every built-in preset, keyed by the name users type. One file per service; adding one is adding a
 * line here (the README table is generated from this object by scripts/presets-table.mjs).
 */
export const presets = Object.freeze({
  gleap: gleapPreset,
} satisfies Record<string, Preset>)

export type PresetName = keyof typeof presets

export const PRESET_NAMES: readonly PresetName[] = Object.freeze(Object.keys(presets) as PresetName[])
