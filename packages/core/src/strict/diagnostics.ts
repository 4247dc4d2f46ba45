/** What strict mode reports about the configured policy and presets (page findings are in integrity.ts). */
import { diagnostic, type Diagnostic } from '../diagnostics.js'
import type { PresetOrigins, PresetPolicy } from '../presets/types.js'
import { presetStrictSupport } from './preset-support.js'
import type { StrictBase } from './policy.js'

export function strictBaseDiagnostics(base: StrictBase, origins: PresetOrigins, presets: readonly PresetPolicy[]): Diagnostic[] {
  const out: Diagnostic[] = []
  if (base.dropped.length > 0) {
    const fromPresets = [...new Set(base.dropped.map((s) => origins['script-src']?.[s] ?? origins['default-src']?.[s]).filter((p): p is string => p !== undefined))]
    out.push(
      diagnostic({
        code: 'STRICT_SOURCES_DROPPED',
        option: 'strict',
        directive: 'script-src',
        message: `Strict mode leaves ${base.dropped.join(' ')} out of script-src${fromPresets.length > 0 ? ` (some from the preset${fromPresets.length > 1 ? 's' : ''} ${fromPresets.map((p) => `'${p}'`).join(', ')})` : ''}: beside 'strict-dynamic' browsers ignore hosts, schemes and 'self'. Scripts of the build are allowed by their integrity hashes, and scripts they insert by 'strict-dynamic'.`,
        fix: `Nothing to do for scripts your pages load from the build or insert by script. A <script src> from another host needs an integrity attribute with its published hash; or set strict: false to keep the host allowlist.`,
      }),
    )
  }
  for (const preset of presets) {
    const support = presetStrictSupport(preset)
    if (!support || support.works) continue
    out.push(
      diagnostic({
        code: 'PRESET_NOT_STRICT',
        option: 'presets',
        preset: preset.name,
        message: `The '${preset.name}' preset does not work under strict mode as it is: ${support.why}`,
        fix: support.fix,
      }),
    )
  }
  return out
}
