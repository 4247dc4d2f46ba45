import { diagnostic, invalidOption, type Diagnostic } from '../diagnostics.js'
import type { PageResult } from '../page.js'
import type { HeaderPair } from './host-options.js'

/**
 * `headers.integrityPolicy`: `true` sends `Integrity-Policy: blocked-destinations=(script)` (browsers
 * that enforce it refuse every script without `integrity`), `'report-only'` sends
 * `Integrity-Policy-Report-Only` (reports, blocks nothing).
 */
export type IntegrityPolicyMode = boolean | 'report-only'

/** The header's value: scripts are the only destination browsers enforce integrity for. */
export const INTEGRITY_POLICY_VALUE = 'blocked-destinations=(script)'

export function integrityPolicyHeaderName(mode: 'enforce' | 'report-only'): string {
  return mode === 'report-only' ? 'Integrity-Policy-Report-Only' : 'Integrity-Policy'
}

/** The option, resolved: off, or the header to send. */
export type ResolvedIntegrityPolicy = false | 'enforce' | 'report-only'

export function resolveIntegrityPolicy(value: unknown, diagnostics: Diagnostic[]): ResolvedIntegrityPolicy {
  if (value === undefined || value === false) return false
  if (value === true) return 'enforce'
  if (value === 'report-only') return 'report-only'
  diagnostics.push(invalidOption('headers.integrityPolicy', "true, false or 'report-only'", value))
  return false
}

/**
 * Integrity-Policy only holds for scripts that carry `integrity`, which strict mode writes (and
 * records on each page): without it every build script would be blocked.
 */
export function integrityPolicyNeedsStrict(mode: ResolvedIntegrityPolicy, strict: boolean): Diagnostic[] {
  if (mode === false || strict) return []
  return [
    invalidOption(
      'headers.integrityPolicy',
      'false unless strict is on',
      mode === 'enforce' ? true : mode,
      "Integrity-Policy blocks every script without an integrity attribute, and only strict mode writes them: set strict: true (cspkit build --strict), or remove headers.integrityPolicy.",
    ),
  ]
}

export interface IntegrityPolicyPlan {
  /** The header, for the pages in `pages` (every page: send it site-wide). */
  readonly header: HeaderPair | undefined
  /** Pages whose every script has integrity, by file name. */
  readonly pages: ReadonlySet<string>
  /** True when every page qualifies (the header can go on the site rule). */
  readonly everyPage: boolean
  readonly diagnostics: readonly Diagnostic[]
}

/**
 * Which pages may get the header: a page with one script lacking integrity would lose that script
 * in browsers that enforce the policy, so it gets no header and a warning naming the script.
 */
export function planIntegrityPolicy(pages: readonly PageResult[], mode: ResolvedIntegrityPolicy): IntegrityPolicyPlan {
  if (mode === false) return { header: undefined, pages: new Set(), everyPage: false, diagnostics: [] }
  const name = integrityPolicyHeaderName(mode)
  const ok = new Set<string>()
  const diagnostics: Diagnostic[] = []
  for (const page of pages) {
    // Strict mode's record of the page (none when strict mode did not process it: nothing is known to have integrity).
    const record = page.strict
    const missing = record?.scripts.filter((s) => !s.integrity).map((s) => s.src)
    const withheld = (message: string, fix: string) =>
      diagnostics.push(diagnostic({ code: 'HEADERS_INTEGRITY_POLICY_WITHHELD', file: page.fileName, option: 'headers.integrityPolicy', message: `${name} is not sent for this page: ${message}`, fix }))
    if (!record || !missing)
      withheld(
        `strict mode did not process it, so its scripts have no integrity attributes and browsers that enforce ${name} would block them.`,
        'Build the page with strict: true, or remove headers.integrityPolicy.',
      )
    else if (missing.length > 0)
      withheld(
        `its script '${missing[0]}'${missing.length > 1 ? ` (and ${missing.length - 1} more)` : ''} has no integrity attribute, so browsers that enforce ${name} would block it.`,
        `Serve '${missing[0]}' from the build (cspkit then writes its integrity), pin it with its published SRI hash (integrity="sha384-…" crossorigin="anonymous"), or load it from a trusted script; then build again.`,
      )
    // Report-only blocks nothing: a module graph may have it (its reports are how to find what would break).
    // A module's imports are fetched without an integrity attribute: WebKit (2.50) blocks them under
    // Integrity-Policy even when an import map gives their integrity, and every engine blocks an
    // `import()` nothing gave integrity to. Strict mode's record says whether the page runs modules.
    else if (mode === 'enforce' && record.modules)
      withheld(
        "it runs module scripts, whose imports browsers fetch without integrity: WebKit blocks them under Integrity-Policy (even with an import map's integrity), and every engine blocks an import() of a chunk nothing gave integrity to.",
        "Set headers.integrityPolicy: 'report-only' to see what the browsers would block, or use it for pages with classic scripts only.",
      )
    else ok.add(page.fileName)
  }
  // What the HTML cannot show: scripts inserted at run time (lazy chunks, tag loaders) need integrity too.
  if (mode === 'enforce' && ok.size > 0)
    diagnostics.push(
      diagnostic({
        code: 'HEADERS_INTEGRITY_POLICY_ENFORCED',
        option: 'headers.integrityPolicy',
        message: `${name} is sent for ${ok.size === pages.length ? 'every page' : `${ok.size} of ${pages.length} pages`}: browsers that enforce it also block scripts those pages insert at run time without integrity (a bundler's lazy chunks, a tag loader's scripts), which cspkit cannot see in the HTML.`,
        fix: "Deploy with headers.integrityPolicy: 'report-only' first and enforce once no report arrives, or give run-time scripts integrity (webpack-subresource-integrity for webpack chunks).",
      }),
    )
  return { header: [name, INTEGRITY_POLICY_VALUE], pages: ok, everyPage: pages.length > 0 && ok.size === pages.length, diagnostics }
}
