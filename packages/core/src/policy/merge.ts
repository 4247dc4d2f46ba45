import { dedupe, freezePolicy, isSourceListDirective, type Directive, type Policy } from './model.js'

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
