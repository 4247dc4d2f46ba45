import { adviseViolation } from '../dev/advice.js'
import type { Policy } from '../policy/model.js'
import { SITE_ORIGIN } from './resolve.js'
import { suggestPresets } from './suggest.js'

/** How to allow one blocked URL: the fix sentence and the option it is about. */
export interface LoadFix {
  readonly fix: string
  /** `presets` when a preset covers it, else `policy.<directive>`. */
  readonly option: string
  readonly presets: readonly string[]
  /** The source to add (an origin, `'self'`, or a scheme such as `blob:`). */
  readonly source?: string
}

/**
 * The fix for `url` blocked under `directive` on the page at `page`: the registered preset that
 * covers it, by name, else the exact source to add to the directive the user edits (written so the
 * sources that directive now inherits from `default-src` stay allowed; dev/advice.ts).
 */
export function fixForUrl(policy: Policy, directive: string, url: URL, page: URL): LoadFix {
  // A site's pages block the same URLs (the analytics tag in every head) under one configured
  // policy: the fix is worked out once per (policy, directive, page origin, URL), not once a page.
  // A scheme's fix (data:, blob:) is the scheme's, whatever the URL: a long data: URL is not kept.
  const where = NETWORK_SCHEMES.has(url.protocol) ? url.href : url.protocol
  if (where.length > 2048) return computeFix(policy, directive, url, page)
  let fixes = FIXES.get(policy)
  if (!fixes) FIXES.set(policy, (fixes = new Map()))
  const key = `${directive} ${page.origin} ${where}`
  let fix = fixes.get(key)
  if (fix === undefined) {
    fix = computeFix(policy, directive, url, page)
    if (fixes.size < 1000) fixes.set(key, fix)
  }
  return fix
}

/** The schemes whose fix depends on the URL (its origin, the presets for its host); any other's on the scheme alone. */
const NETWORK_SCHEMES = new Set(['http:', 'https:', 'ws:', 'wss:'])

/** The fixes already worked out, by the policy (frozen: a changed policy is another object) they are written for. */
const FIXES = new WeakMap<Policy, Map<string, LoadFix>>()

function computeFix(policy: Policy, directive: string, url: URL, page: URL): LoadFix {
  const advice = adviseViolation(
    { documentURL: page.href, directive, blockedURL: url.href, sample: '', disposition: 'enforce' },
    policy,
    suggestPresets,
  )
  const sourceFix = advice.fix.replace(/, or add the .* preset \(presets: \[.*\]\), which allows it\.$/, '.')
  const withSource = advice.source ? { source: advice.source } : {}
  if (advice.presets.length > 0) {
    const names = advice.presets.map((p) => `'${p}'`)
    return {
      fix: `Add the ${names[0]} preset (presets: [${names[0]}]), which allows it${names.length > 1 ? ` (so ${names.length > 2 ? 'do' : 'does'} ${names.slice(1).join(', ')})` : ''}; or: ${lowerFirst(sourceFix)}`,
      option: 'presets',
      presets: advice.presets,
      ...withSource,
    }
  }
  return { fix: sourceFix, option: `policy.${advice.directive}`, presets: [], ...withSource }
}

/** How to allow eval-like code (`'unsafe-eval'`) or WebAssembly (`'wasm-unsafe-eval'`) under `policy`. */
export function fixForKeyword(policy: Policy, blocked: 'eval' | 'wasm-eval'): { readonly fix: string; readonly option: string } {
  const advice = adviseViolation(
    { documentURL: `${SITE_ORIGIN}/`, directive: 'script-src', blockedURL: blocked, sample: '', disposition: 'enforce' },
    policy,
  )
  // Only where the keyword goes: the advice's own note on what it costs is said by the caller.
  const end = advice.fix.indexOf('. ')
  return { fix: end < 0 ? advice.fix : advice.fix.slice(0, end + 1), option: `policy.${advice.directive}` }
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1)
}
