import { DIRECTIVE_FALLBACKS } from '../policy/fallbacks.js'
import { withoutRedundantNone } from '../policy/merge.js'
import { dedupe, getDirective, setDirective, type Policy } from '../policy/model.js'
import { classifySource } from '../policy/source.js'
import type { UnsafeInlineMode } from '../policy/add-hashes.js'
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
export function applyPresets(
  base: Policy,
  presets: readonly PresetPolicy[],
  unsafeInline: UnsafeInlineMode = 'respect',
): AppliedPresets {
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
  if (unsafeInline === 'respect') policy = keepUnsafeInlineEffective(policy, origins)
  for (const byDirective of Object.values(origins)) Object.freeze(byDirective)
  return { policy, origins: Object.freeze(origins) }
}

/**
 * A preset's hashes (e.g. Gleap's route script) next to `'unsafe-inline'` from the user or another
 * preset (e.g. PayPal) would make browsers ignore `'unsafe-inline'` (CSP-RULES f1) and break that
 * other service. `'unsafe-inline'` already allows what the hashes were for, so the preset hashes
 * are dropped there, unless the directive is strict anyway (the user's own hash, nonce or
 * `'strict-dynamic'`). With `unsafeInline: 'override'` the user asked for strict directives: kept.
 */
function keepUnsafeInlineEffective(policy: Policy, origins: Record<string, Record<string, string>>): Policy {
  let out = policy
  for (const d of policy.directives) {
    if (!d.values.includes("'unsafe-inline'")) continue
    const added = origins[d.name] ?? {}
    const presetHashes = d.values.filter((v) => classifySource(v) === 'hash' && added[v] !== undefined)
    if (presetHashes.length === 0) continue
    const strictAnyway = d.values.some(
      (v) => !presetHashes.includes(v) && (['hash', 'nonce'].includes(classifySource(v)) || (d.name.startsWith('script') && v === "'strict-dynamic'")),
    )
    if (strictAnyway) continue
    out = setDirective(out, d.name, d.values.filter((v) => !presetHashes.includes(v)))
    for (const hash of presetHashes) delete added[hash]
  }
  return out
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
