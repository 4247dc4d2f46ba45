/**
 * A policy is data: an ordered list of directives, each with its ordered, de-duplicated source
 * tokens in canonical form (keywords quoted, directive names lower-case). Quoting, ordering, dedupe
 * and `'none'` handling live here and in merge.ts, nowhere else.
 */

export interface Directive {
  /** Lower-case directive name, e.g. `script-src`. */
  readonly name: string
  /** Source expressions or tokens, in order, without duplicates. Empty for valueless directives. */
  readonly values: readonly string[]
}

export interface Policy {
  readonly directives: readonly Directive[]
}

/** Directives a browser ignores when the policy comes from `<meta http-equiv>` (CSP3 §3.3; CSP-RULES d3). */
export const META_IGNORED_DIRECTIVES: readonly string[] = Object.freeze([
  'frame-ancestors',
  'report-uri',
  'report-to',
  'sandbox',
])

/** Directives whose values are source lists (keywords, hashes, nonces, schemes, hosts). */
export const FETCH_DIRECTIVES: readonly string[] = Object.freeze([
  'default-src',
  'script-src',
  'script-src-elem',
  'script-src-attr',
  'style-src',
  'style-src-elem',
  'style-src-attr',
  'img-src',
  'font-src',
  'connect-src',
  'media-src',
  'object-src',
  'frame-src',
  'child-src',
  'worker-src',
  'manifest-src',
  'prefetch-src',
  'fenced-frame-src',
])

/** Other directives that take source lists without being fetch directives. */
export const SOURCE_LIST_DIRECTIVES: readonly string[] = Object.freeze([
  ...FETCH_DIRECTIVES,
  'base-uri',
  'form-action',
  'frame-ancestors',
  'navigate-to',
])

export function isSourceListDirective(name: string): boolean {
  return SOURCE_LIST_DIRECTIVES.includes(name)
}

export function emptyPolicy(): Policy {
  return freezePolicy([])
}

export function freezePolicy(directives: readonly Directive[]): Policy {
  return Object.freeze({ directives: Object.freeze(directives.map(freezeDirective)) })
}

/**
 * A frozen directive is shared as it is, not copied: policies composed per page (one directive
 * changed by hashes, the rest the configured ones) then share the unchanged directives, and what is
 * cached per directive (serialised text, parsed hashes) is computed once for the whole site.
 */
function freezeDirective(d: Directive): Directive {
  if (Object.isFrozen(d) && Object.isFrozen(d.values)) return d
  return Object.freeze({ name: d.name, values: Object.freeze([...d.values]) })
}

export function getDirective(policy: Policy, name: string): Directive | undefined {
  const directives = policy.directives
  for (let i = 0; i < directives.length; i++) if (directives[i]!.name === name) return directives[i]
  return undefined
}

export function hasDirective(policy: Policy, name: string): boolean {
  return getDirective(policy, name) !== undefined
}

/** Returns a policy with `name` set to `values`: replaced in place if present, appended otherwise. */
export function setDirective(policy: Policy, name: string, values: readonly string[]): Policy {
  const exists = hasDirective(policy, name)
  const directives = exists
    ? policy.directives.map((d) => (d.name === name ? { name, values: dedupe(values) } : d))
    : [...policy.directives, { name, values: dedupe(values) }]
  return freezePolicy(directives)
}

export function removeDirectives(policy: Policy, names: readonly string[]): Policy {
  return freezePolicy(policy.directives.filter((d) => !names.includes(d.name)))
}

/** Keeps first occurrences. Keyword and hash comparisons are exact because parse canonicalises them. */
export function dedupe(values: readonly string[]): string[] {
  const seen = new Set<string>()
  const out: string[] = []
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!
    if (seen.has(v)) continue
    seen.add(v)
    out.push(v)
  }
  return out
}

/** A policy as a plain object (directive → sources), e.g. for JSON reports and the plugin `api`. */
export function policyToObject(policy: Policy): Record<string, string[]> {
  return Object.fromEntries(policy.directives.map((d) => [d.name, [...d.values]]))
}
