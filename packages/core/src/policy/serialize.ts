import { META_IGNORED_DIRECTIVES, type Directive, type Policy } from './model.js'

/** Serialises for a `Content-Security-Policy` header: every directive, in order. */
export function serializePolicy(policy: Policy): string {
  return join(policy.directives, false)
}

/** Serialises for `<meta http-equiv>`: without the directives browsers ignore there. */
export function serializeMetaPolicy(policy: Policy): string {
  return join(policy.directives, true)
}

function join(directives: readonly Directive[], meta: boolean): string {
  let out = ''
  // Indexed loops here and in other per-page code: before the JIT has optimised them, for-of
  // allocates an iterator result per step, and a build runs this code once per page.
  for (let i = 0; i < directives.length; i++) {
    const d = directives[i]!
    if (meta && META_IGNORED_DIRECTIVES.includes(d.name)) continue
    const text = serializeDirective(d)
    out = out === '' ? text : `${out}; ${text}`
  }
  return out
}

/** Frozen directives are shared by every page's policy (model.ts): each is serialised once. */
const SERIALIZED = new WeakMap<Directive, string>()

function serializeDirective(d: Directive): string {
  let text = SERIALIZED.get(d)
  if (text === undefined) {
    text = d.values.length === 0 ? d.name : `${d.name} ${d.values.join(' ')}`
    if (Object.isFrozen(d) && Object.isFrozen(d.values)) SERIALIZED.set(d, text)
  }
  return text
}
