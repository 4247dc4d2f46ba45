import type { HeaderRule } from '../rules.js'

/**
 * cspkit's rules in a host file where every matching rule applies and the later one wins per header
 * (vercel.json, firebase.json): its site rule goes before the user's rules and its page rules after
 * them, so a user's rule for other URLs (an API's own policy) beats the site-wide fallback, and each
 * page still gets exactly its own policy.
 */
export function siteFirstPagesLast<T>(rules: readonly HeaderRule[], render: (rule: HeaderRule) => T | readonly T[]): { head: T[]; tail: T[] } {
  return {
    head: rules.filter((r) => r.scope === 'site').flatMap(render),
    tail: rules.filter((r) => r.scope !== 'site').flatMap(render),
  }
}
