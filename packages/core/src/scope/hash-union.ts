import type { HashGroup } from '../policy/add-hashes.js'

/**
 * The union, per hash group, of many pages' hash-sources: what a site-scoped policy allows. Pages
 * arrive in any order (chunks from worker threads), so the result is sorted by code unit: the same
 * on every machine and in every run.
 */
export class HashUnion {
  private shape: readonly Omit<HashGroup, 'hashes'>[] | undefined
  private sets: Set<string>[] = []

  add(groups: readonly HashGroup[]): this {
    // No groups: a chunk none of whose pages was analysed (its union before any page).
    if (groups.length === 0) return this
    if (!this.shape) {
      this.shape = groups.map(({ target, unsafeHashes }) => ({ target, unsafeHashes }))
      this.sets = groups.map(() => new Set<string>())
    }
    for (let i = 0; i < groups.length; i++) {
      const hashes = groups[i]!.hashes
      for (let k = 0; k < hashes.length; k++) this.sets[i]!.add(hashes[k]!)
    }
    return this
  }

  /** The groups in the order they were added in, each group's hashes sorted; empty before any page. */
  groups(): HashGroup[] {
    return (this.shape ?? []).map((g, i) => ({ ...g, hashes: [...this.sets[i]!].sort(byCodeUnit) }))
  }
}

export function unionGroups(list: Iterable<readonly HashGroup[]>): HashGroup[] {
  const union = new HashUnion()
  for (const groups of list) union.add(groups)
  return union.groups()
}

function byCodeUnit(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}
