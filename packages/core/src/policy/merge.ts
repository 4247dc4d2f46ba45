import { dedupe, freezePolicy, hasDirective, isSourceListDirective, type Directive, type Policy } from './model.js'
import { wideningOf, type Widening } from './widening.js'

/**
 * Union of policies, directive by directive: the result allows what any input allows. Order follows
 * first appearance. `'none'` survives only in a directive where nothing else is allowed.
 */
export function mergePolicies(...policies: readonly Policy[]): Policy {
  const merged = new Map<string, string[]>()
  for (const policy of policies) {
    for (const d of policy.directives) {
      const current = merged.get(d.name)
      merged.set(d.name, current ? [...current, ...d.values] : [...d.values])
    }
  }
  const directives: Directive[] = [...merged].map(([name, values]) => ({
    name,
    values: isSourceListDirective(name) ? withoutRedundantNone(dedupe(values)) : dedupe(values),
  }))
  return freezePolicy(directives)
}

/** `'none'` next to other sources is an error in browsers' eyes (the list is then not 'none'). */
export function withoutRedundantNone(values: readonly string[]): string[] {
  const rest = values.filter((v) => v !== "'none'")
  return rest.length > 0 ? rest : [...values]
}

/**
 * What a page's own CSP meta may do to the configured policy (the `pageMeta` option):
 * `'merge'` adds all its sources; `'narrow-only'` adds them except those that would widen a guarded
 * check (scripts, workers, plugins, `<base>`, `default-src`) beyond the configured policy, which it
 * leaves out; `'error'` leaves them out too and makes that an error.
 */
export type PageMetaMode = 'merge' | 'narrow-only' | 'error'

export const PAGE_META_MODES: readonly PageMetaMode[] = Object.freeze(['merge', 'narrow-only', 'error'])

export interface PageMetaMerge {
  readonly policy: Policy
  /** What the page's meta adds beyond the configured policy in guarded checks (merged or left out, by mode). */
  readonly widening: readonly Widening[]
}

/**
 * The configured policy merged with a page's own meta policy. Outside `'merge'`, the widening
 * sources are taken out of the page's policy until none is left (taking one out can change which
 * directive governs a check, so it repeats); a page directive emptied that way, which the
 * configured policy lacks, goes entirely, so the configured fallback governs again rather than an
 * empty list blocking everything.
 */
export function mergePageMeta(configured: Policy, own: Policy, mode: PageMetaMode): PageMetaMerge {
  let merged = mergePolicies(configured, own)
  let widening = wideningOf(configured, merged)
  if (mode === 'merge' || widening.length === 0) return { policy: merged, widening }
  const found = new Map<string, { checks: Set<string>; sources: Set<string> }>()
  let page = own
  for (let round = 0; round < 8 && widening.length > 0; round++) {
    for (const w of widening) {
      const entry = found.get(w.directive) ?? { checks: new Set<string>(), sources: new Set<string>() }
      found.set(w.directive, entry)
      for (const c of w.checks) entry.checks.add(c)
      for (const s of w.sources) entry.sources.add(s)
    }
    const next = withoutSources(page, widening, configured)
    if (next === page) break
    page = next
    merged = mergePolicies(configured, page)
    widening = wideningOf(configured, merged)
  }
  // Should a widening survive (it cannot come from the configured policy), the configured policy alone is the safe answer.
  if (widening.length > 0) merged = configured
  return {
    policy: merged,
    widening: [...found].map(([directive, e]) => Object.freeze({ directive, checks: Object.freeze([...e.checks]), sources: Object.freeze([...e.sources]) })),
  }
}

function withoutSources(page: Policy, widening: readonly Widening[], configured: Policy): Policy {
  let changed = false
  const directives: Directive[] = []
  for (const d of page.directives) {
    const drop = widening.find((w) => w.directive === d.name)?.sources
    if (!drop || !d.values.some((v) => drop.includes(v))) {
      directives.push(d)
      continue
    }
    changed = true
    const values = d.values.filter((v) => !drop.includes(v))
    if (values.length > 0 || hasDirective(configured, d.name)) directives.push({ name: d.name, values })
  }
  return changed ? freezePolicy(directives) : page
}
