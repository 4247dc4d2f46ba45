import { dedupe, freezePolicy, isSourceListDirective, type Directive, type Policy } from './model.js'
import { canonicalSource } from './source.js'
import { DIRECTIVES } from '../lint/directives.js'

/** Where a policy text reached the browser from: the two are split differently (see {@link enforcedPolicies}). */
export type PolicyDelivery = 'header' | 'meta'

/** One policy a browser enforces, and which reading of the text gave it (for messages). */
export interface EnforcedPolicy {
  readonly policy: Policy
  /** e.g. `policy 2 of 2 (Chromium and WebKit split the text at ",")`; undefined for the plain, only reading. */
  readonly reading?: string
}

export interface EnforcedPolicies {
  /** Every policy some engine enforces: a page passes only if each allows each item. */
  readonly policies: readonly EnforcedPolicy[]
  /**
   * Readings under which the text is no policy at all (no directive a browser knows), so an engine
   * reading it so restricts nothing: e.g. `all engines` for "" or ",,", `Firefox` for `, script-src 'none'` in a meta.
   */
  readonly unreadable: readonly string[]
}

const ASCII_WS = /[\t\n\f\r ]+/
const DIRECTIVE_NAME = /^[a-z0-9-]+$/

/**
 * The policies a browser enforces from a delivered policy text, read as browsers read it (CSP3
 * "parse a serialized CSP (list)"): `;` separates directives, any ASCII whitespace separates tokens,
 * directive names are case-insensitive, a repeated directive is ignored (the first wins), a name
 * that is not a directive name is ignored. A header's `,` separates policies, each enforced. In a
 * meta the engines differ (checked in all three, test/check-reads-policies-and-build-reaches-inline-content.test.ts):
 * Chromium and WebKit split it at `,` as well, Firefox reads one policy whose tokens hold the commas;
 * both readings are returned, so a check passes only what every engine allows.
 */
export function enforcedPolicies(text: string, delivery: PolicyDelivery): EnforcedPolicies {
  const parts = text.split(',')
  if (parts.length === 1) {
    const policy = parseSerializedPolicy(text)
    return { policies: policy.directives.length > 0 ? [{ policy }] : [], unreadable: restrictsSomething(policy) ? [] : ['all engines'] }
  }
  // The list reading: empty members ("a, , b", a trailing comma) are skipped, as the standard says.
  const list = parts.map(parseSerializedPolicy).filter((p) => p.directives.length > 0)
  const listReaders = delivery === 'header' ? 'every engine splits a header' : 'Chromium and WebKit split the text'
  const policies: EnforcedPolicy[] = list.map((policy, i) => ({ policy, reading: `policy ${i + 1} of ${list.length} (${listReaders} at ",")` }))
  const unreadable: string[] = []
  if (!list.some(restrictsSomething)) unreadable.push(delivery === 'header' ? 'all engines' : 'Chromium and WebKit')
  if (delivery === 'meta') {
    const single = parseSerializedPolicy(text)
    if (single.directives.length > 0) policies.push({ policy: single, reading: 'as Firefox reads a meta: one policy, the commas inside its sources' })
    if (!restrictsSomething(single)) unreadable.push('Firefox')
  }
  return { policies, unreadable: unreadable.length === 2 ? ['all engines'] : unreadable }
}

/** A browser ignores directives it does not know ("scirpt-src"): a policy of only those restricts nothing. */
function restrictsSomething(policy: Policy): boolean {
  return policy.directives.some((d) => DIRECTIVES.has(d.name))
}

/** One policy, as the standard's "parse a serialized CSP" reads it. */
export function parseSerializedPolicy(text: string): Policy {
  const directives: Directive[] = []
  for (const token of text.split(';')) {
    const words = token.split(ASCII_WS).filter(Boolean)
    if (words.length === 0) continue
    const name = words[0]!.toLowerCase()
    if (!DIRECTIVE_NAME.test(name) || directives.some((d) => d.name === name)) continue
    const values = words.slice(1)
    directives.push({ name, values: dedupe(isSourceListDirective(name) ? values.map(canonicalSource) : values) })
  }
  return freezePolicy(directives)
}
