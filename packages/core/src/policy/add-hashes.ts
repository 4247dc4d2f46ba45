import { dedupe, setDirective, type Policy } from './model.js'
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
