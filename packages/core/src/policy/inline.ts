import { digest } from '../html/hash.js'
import { classifySource, parseHashSource, type HashAlgorithm } from './source.js'
import { DIRECTIVE_FALLBACKS } from './fallbacks.js'
import { getDirective, type Directive, type Policy } from './model.js'

/**
 * Which check a piece of inline content goes through. Elements (`<script>`, `<style>`) and
 * attributes (`on*=""`, `style=""`) fall back through different directives; `javascript:` URLs are
 * checked like script elements but, like attributes, need `'unsafe-hashes'` (CSP-RULES c2–c4, h1–h2).
 */
export type InlineTarget = 'script-elem' | 'script-attr' | 'style-elem' | 'style-attr'

export const FALLBACK_CHAIN: Readonly<Record<InlineTarget, readonly string[]>> = Object.freeze({
  'script-elem': DIRECTIVE_FALLBACKS['script-src-elem']!,
  'script-attr': DIRECTIVE_FALLBACKS['script-src-attr']!,
  'style-elem': DIRECTIVE_FALLBACKS['style-src-elem']!,
  'style-attr': DIRECTIVE_FALLBACKS['style-src-attr']!,
})

/** The one piece of inline content a check is about. */
export interface InlineCheck {
  readonly target: InlineTarget
  /** The exact text a browser hashes. */
  readonly text: string
  /** Attributes and `javascript:` URLs are allowed by a hash only together with `'unsafe-hashes'`. */
  readonly needsUnsafeHashes: boolean
  /** `<script type=speculationrules>` is also allowed by `'inline-speculation-rules'`. */
  readonly speculationRules?: boolean
}

/** The directive a browser consults for `target`, or undefined when nothing restricts it. */
export function governingDirective(policy: Policy, target: InlineTarget): Directive | undefined {
  const chain = FALLBACK_CHAIN[target]
  for (let i = 0; i < chain.length; i++) {
    const d = getDirective(policy, chain[i]!)
    if (d) return d
  }
  return undefined
}

/** True when a browser enforcing `policy` lets `item` run or apply. */
export function allowsInline(policy: Policy, item: InlineCheck): boolean {
  return allowedBy(governingDirective(policy, item.target), item)
}

/**
 * {@link allowsInline} against the governing directive, for callers checking many items against one
 * policy. `hashSource`, the item's own hash-source in canonical form when the caller has it, settles
 * the usual case (the hash was just added) without parsing the directive's hash-sources.
 */
export function allowedBy(d: Directive | undefined, item: InlineCheck, hashSource?: string): boolean {
  if (!d) return true
  const values = d.values
  if (item.speculationRules && values.includes("'inline-speculation-rules'")) return true
  const canUseHashes = !item.needsUnsafeHashes || values.includes("'unsafe-hashes'")
  if (canUseHashes && hashSource !== undefined && values.includes(hashSource)) return true
  if (canUseHashes && matchesAnyHash(values, item.text)) return true
  return unsafeInlineIsEffective(d, item.target)
}

/** `'unsafe-inline'` counts only while no hash, nonce or (for scripts) `'strict-dynamic'` sits beside it (CSP-RULES f1, f4). */
export function unsafeInlineIsEffective(d: Directive, target: InlineTarget): boolean {
  if (!d.values.includes("'unsafe-inline'")) return false
  return !disablesUnsafeInline(d, target)
}

export function disablesUnsafeInline(d: Directive, target: InlineTarget): boolean {
  return d.values.some((v) => {
    const kind = classifySource(v)
    return kind === 'hash' || kind === 'nonce' || (target.startsWith('script') && v === "'strict-dynamic'")
  })
}

/** The text's digest is computed once per algorithm and looked up among the directive's hashes. */
function matchesAnyHash(values: readonly string[], text: string): boolean {
  for (const [algorithm, digests] of hashesOf(values)) if (digests.has(digest(text, algorithm))) return true
  return false
}

/**
 * A directive's hash-sources, parsed and grouped by algorithm. Pages with many inline items check
 * each against the same directive: parsed once per (frozen, so unchanging) value list, not per item.
 */
const PARSED_HASHES = new WeakMap<readonly string[], ReadonlyMap<HashAlgorithm, ReadonlySet<string>>>()

function hashesOf(values: readonly string[]): ReadonlyMap<HashAlgorithm, ReadonlySet<string>> {
  const cached = PARSED_HASHES.get(values)
  if (cached) return cached
  const byAlgorithm = new Map<HashAlgorithm, Set<string>>()
  for (const v of values) {
    const parsed = parseHashSource(v)
    if (!parsed) continue
    let digests = byAlgorithm.get(parsed.algorithm)
    if (!digests) byAlgorithm.set(parsed.algorithm, (digests = new Set()))
    digests.add(parsed.digest)
  }
  if (Object.isFrozen(values)) PARSED_HASHES.set(values, byAlgorithm)
  return byAlgorithm
}
