import { dedupe, freezePolicy, setDirective, type Directive, type Policy } from './model.js'
import { governingDirective, disablesUnsafeInline, type InlineTarget } from './inline.js'
import { withoutRedundantNone } from './merge.js'

/** Hash-sources to add for one kind of inline content. */
export interface HashGroup {
  readonly target: InlineTarget
  readonly hashes: readonly string[]
  /** Attributes and `javascript:` URLs: the hashes only count next to `'unsafe-hashes'`. */
  readonly unsafeHashes: boolean
}

/**
 * What to do when the directive that would receive hashes allows inline content with
 * `'unsafe-inline'` alone. `'respect'`: leave it without hashes, because a hash would make browsers
 * ignore `'unsafe-inline'` and block content inserted at run time (CSS-in-JS, widgets).
 * `'override'`: add the hashes anyway, making the directive strict.
 */
export type UnsafeInlineMode = 'respect' | 'override'

export interface HashPlacement {
  readonly target: InlineTarget
  /** The directive that received the hashes, or undefined when none did. */
  readonly directive: string | undefined
  /** Why no directive received them. */
  readonly skipped?: 'unrestricted' | 'unsafe-inline'
  /** The directive had `'unsafe-inline'` that the added hashes now make browsers ignore. */
  readonly unsafeInlineIgnored?: boolean
}

export interface AddHashesResult {
  readonly policy: Policy
  /** One for each group that has hashes, in the groups' order. */
  readonly placements: readonly HashPlacement[]
}

const BASE_DIRECTIVE: Readonly<Record<InlineTarget, string>> = {
  'script-elem': 'script-src',
  'script-attr': 'script-src',
  'style-elem': 'style-src',
  'style-attr': 'style-src',
}

/**
 * Adds hash-sources where browsers will look for them. When only `default-src` governs, a
 * `script-src`/`style-src` is created as a copy of `default-src` first, so that every origin the
 * user allowed stays allowed.
 */
export function addHashes(
  policy: Policy,
  groups: readonly HashGroup[],
  mode: UnsafeInlineMode = 'respect',
): AddHashesResult {
  const placements: HashPlacement[] = []
  let current = policy
  for (const group of groups) {
    if (group.hashes.length === 0) continue
    const governing = governingDirective(current, group.target)
    if (!governing) {
      placements.push({ target: group.target, directive: undefined, skipped: 'unrestricted' })
      continue
    }
    const hasUnsafeInline = governing.values.includes("'unsafe-inline'")
    if (hasUnsafeInline && mode === 'respect' && !disablesUnsafeInline(governing, group.target)) {
      placements.push({ target: group.target, directive: undefined, skipped: 'unsafe-inline' })
      continue
    }
    const name = governing.name === 'default-src' ? BASE_DIRECTIVE[group.target] : governing.name
    const values = [
      ...governing.values,
      ...(group.unsafeHashes ? ["'unsafe-hashes'"] : []),
      ...group.hashes,
    ]
    current = setDirective(current, name, withoutRedundantNone(dedupe(values)))
    placements.push({
      target: group.target,
      directive: name,
      unsafeInlineIgnored: hasUnsafeInline,
    })
  }
  return { policy: current, placements }
}

/**
 * {@link addHashes} for the policy many pages share (the configured one). Where each group's
 * hashes go depends only on the policy, the mode and which groups have hashes, never on the hashes
 * themselves: that plan is made once per combination, by addHashes itself over one stand-in hash a
 * group, and each page then only puts its own hashes in place of the stand-ins.
 */
export function addHashesShared(policy: Policy, groups: readonly HashGroup[], mode: UnsafeInlineMode = 'respect'): AddHashesResult {
  // The key: the mode and which groups have hashes, as a number (exact for up to 52 groups; pages have 5).
  if (groups.length > 52) return addHashes(policy, groups, mode)
  let key = mode === 'respect' ? 0 : 1
  for (let i = 0; i < groups.length; i++) if (groups[i]!.hashes.length > 0) key += 2 ** (i + 1)
  let plans = PLANS.get(policy)
  if (!plans) PLANS.set(policy, (plans = new Map()))
  let plan = plans.get(key)
  if (plan === undefined) plans.set(key, (plan = makePlan(policy, groups, mode)))
  return plan === null || !sameShape(plan.groups, groups) ? addHashes(policy, groups, mode) : applyPlan(plan, groups)
}

/** The targets and `unsafeHashes` of the groups a plan was made for (callers keep them fixed). */
function sameShape(planned: readonly Omit<HashGroup, 'hashes'>[], groups: readonly HashGroup[]): boolean {
  if (planned.length !== groups.length) return false
  for (let i = 0; i < groups.length; i++)
    if (planned[i]!.target !== groups[i]!.target || planned[i]!.unsafeHashes !== groups[i]!.unsafeHashes) return false
  return true
}

interface Plan {
  readonly groups: readonly Omit<HashGroup, 'hashes'>[]
  /** The policy's own (frozen) directive where nothing changes; else the values, a number standing for that group's hashes. */
  readonly directives: readonly (Directive | { readonly name: string; readonly template: readonly (string | number)[] })[]
  readonly placements: readonly HashPlacement[]
}

const PLANS = new WeakMap<Policy, Map<number, Plan | null>>()

/** A well-formed hash-source (so it counts as one wherever addHashes looks) that no real digest can be. */
const standIn = (group: number) => `'sha256-cspkit-stand-in-${group}'`

function makePlan(policy: Policy, groups: readonly HashGroup[], mode: UnsafeInlineMode): Plan | null {
  const standIns = groups.map((_, i) => standIn(i))
  // Someone's policy holding a stand-in verbatim would be mistaken for one: no plan, plain addHashes.
  if (policy.directives.some((d) => d.values.some((v) => standIns.includes(v)))) return null
  const planned = addHashes(policy, groups.map((g, i) => ({ ...g, hashes: g.hashes.length > 0 ? [standIns[i]!] : [] })), mode)
  return {
    groups: groups.map(({ target, unsafeHashes }) => ({ target, unsafeHashes })),
    directives: planned.policy.directives.map((d) =>
      policy.directives.includes(d)
        ? d
        : { name: d.name, template: d.values.map((v) => (standIns.includes(v) ? standIns.indexOf(v) : v)) },
    ),
    placements: planned.placements,
  }
}

function applyPlan(plan: Plan, groups: readonly HashGroup[]): AddHashesResult {
  const directives = plan.directives.map((d): Directive => {
    if (!('template' in d)) return d
    const values: string[] = []
    const template = d.template
    for (let i = 0; i < template.length; i++) {
      const v = template[i]!
      if (typeof v === 'string') values.push(v)
      else {
        const hashes = groups[v]!.hashes
        for (let k = 0; k < hashes.length; k++) values.push(hashes[k]!)
      }
    }
    // One dedupe over the whole list keeps what addHashes' dedupe at every step keeps (first occurrences).
    return { name: d.name, values: dedupe(values) }
  })
  return { policy: freezePolicy(directives), placements: plan.placements }
}
