import { META_IGNORED_DIRECTIVES, type Policy } from './model.js'

/** Serialises for a `Content-Security-Policy` header: every directive, in order. */
export function serializePolicy(policy: Policy): string {
  return policy.directives.map((d) => [d.name, ...d.values].join(' ')).join('; ')
}

/** Serialises for `<meta http-equiv>`: without the directives browsers ignore there. */
export function serializeMetaPolicy(policy: Policy): string {
  return serializePolicy({
    directives: policy.directives.filter((d) => !META_IGNORED_DIRECTIVES.includes(d.name)),
  })
}
