/**
 * A page with a CSP meta of its own ends up with a policy nobody configured: the configured one
 * merged with the page's. It is linted like the configured policy (each finding the configured
 * policy does not already have, named by page), and what the page's meta would widen is reported.
 */
import { diagnostic, type Diagnostic } from '../diagnostics.js'
import type { PageMetaMode } from '../policy/merge.js'
import type { Policy } from '../policy/model.js'
import type { Widening } from '../policy/widening.js'
import { lintPolicy, type LintLevel } from './lint.js'

const CHECK_LABEL: Readonly<Record<string, string>> = {
  'script-src': 'eval and scripts',
  'script-src-elem': '<script> elements',
  'script-src-attr': 'event handlers',
  'worker-src': 'workers',
  'object-src': '<object> and <embed>',
  'base-uri': '<base> URLs',
  'default-src': 'every fetch without a directive of its own',
}

/** One PAGE_META_WIDENS per directive of the page's meta that widens a guarded check. */
export function pageMetaWideningDiagnostics(widening: readonly Widening[], mode: PageMetaMode, file: string): Diagnostic[] {
  return widening.map((w) => {
    const what = w.sources.join(' ')
    const checks = w.checks.map((c) => CHECK_LABEL[c] ?? c).join(', ')
    const done =
      mode === 'merge'
        ? `cspkit merged them (pageMeta: 'merge'), so this page is weaker than the configured policy`
        : mode === 'error'
          ? `pageMeta: 'error' forbids that; cspkit left them out`
          : `cspkit left them out (pageMeta: 'narrow-only'), so what needs them on this page stays blocked`
    return diagnostic({
      code: 'PAGE_META_WIDENS',
      file,
      directive: w.directive,
      option: 'pageMeta',
      ...(mode === 'error' ? { severity: 'error' as const } : {}),
      message: `The page's own CSP meta adds ${what} to '${w.directive}', which the configured policy does not allow for ${checks}; ${done}.`,
      fix:
        mode === 'merge'
          ? `Remove ${what} from the page's meta, or add ${what} to the configured policy if every page may use them; set pageMeta: 'narrow-only' to keep pages from widening it.`
          : `Add ${what} to '${w.directive}' in the configured policy (or a preset) if every page may use them, remove them from the page's meta, or set pageMeta: 'merge' to let this page's meta widen the policy.`,
    })
  })
}

const CONFIGURED_FINDINGS = new WeakMap<Policy, Map<LintLevel, Set<string>>>()

const key = (d: Diagnostic) => `${d.code}\u0000${d.directive ?? ''}\u0000${d.message}`

/**
 * The lint findings of a page's final policy that the configured policy (linted at start-up, with
 * the same level) and the page's own meta (validated when it was parsed) do not already report,
 * each naming the page.
 */
export function lintPageOwnPolicy(final: Policy, configured: Policy, level: LintLevel, file: string, alreadyReported: readonly Diagnostic[]): Diagnostic[] {
  let byLevel = CONFIGURED_FINDINGS.get(configured)
  if (!byLevel) CONFIGURED_FINDINGS.set(configured, (byLevel = new Map()))
  let known = byLevel.get(level)
  if (!known) byLevel.set(level, (known = new Set(lintPolicy(configured, { level }).map(key))))
  const reported = new Set(alreadyReported.map(key))
  return lintPolicy(final, { level, file })
    .filter((d) => !known.has(key(d)) && !reported.has(key(d)))
    .map((d) => diagnostic({ ...d, code: d.code as Parameters<typeof diagnostic>[0]['code'], message: `This page's policy (the configured one merged with its own CSP meta): ${d.message}` }))
}
