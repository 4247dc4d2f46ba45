import { DIRECTIVE_FALLBACKS } from '../dev/fallbacks.js'
import { withoutRedundantNone } from '../policy/merge.js'
import { dedupe, getDirective, setDirective, type Policy } from '../policy/model.js'
import type { PresetOrigins, PresetPolicy } from './types.js'

export interface AppliedPresets {
  /** The configured policy with every preset's sources added. */
  readonly policy: Policy
  /** Which preset added each source that the configured policy did not already allow there. */
  readonly origins: PresetOrigins
}

/**
 * Adds each preset's sources to `base` where the browser will look for them, so a preset only ever
 * widens the policy by what its service needs:
 *
 * - A directive the base lacks is created as a copy of the directive that governs it now (e.g.
 *   `connect-src` from `default-src`), then extended: a plain union would replace `default-src`'s
 *   `'self'` for that resource type and break the site's own requests.
 * - A directive nothing governs (no `default-src`) is left out: it is unrestricted already, and
 *   adding it would restrict it.
 * - The base's more specific directives that replace it (`script-src-elem` for `script-src`,
 *   everything for `default-src`) get the sources too, or the browser would never consult them.
 */
export function applyPresets(base: Policy, presets: readonly PresetPolicy[]): AppliedPresets {
  let policy = base
  const origins: Record<string, Record<string, string>> = {}
  for (const preset of presets) {
    for (const d of preset.policy.directives) {
      const targets = [d.name, ...specificDirectives(policy, d.name)]
      for (const name of targets) {
        const current = getDirective(policy, name)?.values ?? inherited(policy, name)
        if (current === undefined) continue
        const added = d.values.filter((v) => !current.includes(v))
        if (added.length === 0 && getDirective(policy, name)) continue
        policy = setDirective(policy, name, withoutRedundantNone(dedupe([...current, ...d.values])))
        const byDirective = (origins[name] ??= {})
        for (const source of added) byDirective[source] ??= preset.name
      }
    }
  }
  for (const byDirective of Object.values(origins)) Object.freeze(byDirective)
  return { policy, origins: Object.freeze(origins) }
}

/** The sources of the directive that governs `name` when `name` itself is absent; undefined when nothing restricts it. */
function inherited(policy: Policy, name: string): readonly string[] | undefined {
  const chain = DIRECTIVE_FALLBACKS[name] ?? [name]
  for (const fallback of chain.slice(1)) {
    const d = getDirective(policy, fallback)
    if (d) return d.values
  }
  return undefined
}

/** Directives present in `policy` that the browser consults instead of `name` for some requests. */
function specificDirectives(policy: Policy, name: string): string[] {
  return policy.directives
    .map((d) => d.name)
    .filter((other) => other !== name && (DIRECTIVE_FALLBACKS[other] ?? []).slice(1).includes(name))
    // A service's scripts are not its workers: worker-src falls back to script-src, but a preset that needs workers says so.
    .filter((other) => !(other === 'worker-src' && name !== 'default-src' && name !== 'child-src'))
}
