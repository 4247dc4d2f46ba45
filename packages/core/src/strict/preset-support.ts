import type { PresetPolicy } from '../presets/types.js'

/** A preset's `strictDynamic` field, as works/why/fix (undefined when the preset does not say). */
export function presetStrictSupport(preset: PresetPolicy): { readonly works: boolean; readonly why: string; readonly fix: string } | undefined {
  const support = preset.strictDynamic
  if (!support) return undefined
  if (support === 'works') return { works: true, why: '', fix: '' }
  return { works: false, why: support.why, fix: support.fix }
}
