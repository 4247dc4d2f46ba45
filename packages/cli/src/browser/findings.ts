import { adviseViolation, diagnostic, type Diagnostic, type Policy, type PresetLookup, type Violation } from '@cspkit/core'
import type { RecordedViolation } from './recorder.js'

/** One distinct violation and every page it happened on. */
export interface BrowserFinding {
  readonly directive: string
  /** What was blocked, for people (a URL, `eval() or new Function()`, `an inline event handler ("…")`). */
  readonly blocked: string
  /** The browser's own `blockedURI`: a URL or a keyword such as `inline` or `eval`. */
  readonly blockedURI: string
  readonly sample: string
  /** `file:line:column` of the code responsible, site-relative when on the site. */
  readonly source?: string
  readonly disposition: 'enforce' | 'report'
  /** The paths of the documents it happened in (the URL a router pushed, after client-side navigation). */
  readonly pages: readonly string[]
  /** The start pages whose visit led to it. */
  readonly visits: readonly string[]
  /** The source to add, when adding one is the fix. */
  readonly addSource?: string
  readonly fix: string
}

/**
 * Folds the recorded violations into one finding per distinct violation (directive, what was
 * blocked, sample, responsible code), naming every page, each with the fix the dev server gives
 * for it against the configured `policy`.
 */
export function foldViolations(
  recorded: readonly (RecordedViolation & { readonly startPath: string })[],
  origin: string,
  policy: Policy,
  presets?: PresetLookup,
): BrowserFinding[] {
  const groups = new Map<string, { first: RecordedViolation; pages: Set<string>; visits: Set<string> }>()
  for (const v of recorded) {
    const source = v.source === undefined ? undefined : sitePath(v.source, origin)
    // The same code file counts as one cause: a router's parse and its swap of the same markup are one problem to fix.
    const key = [v.effectiveDirective, sitePath(v.blockedURL, origin), v.sample, source?.replace(/(:\d+){1,2}$/, '') ?? '', v.disposition].join('\u0000')
    const group = groups.get(key) ?? { first: v, pages: new Set<string>(), visits: new Set<string>() }
    group.pages.add(sitePath(v.documentURL, origin))
    group.visits.add(v.startPath)
    groups.set(key, group)
  }
  return [...groups.values()].map(({ first, pages, visits }) => {
    const violation: Violation = {
      documentURL: first.documentURL,
      directive: first.effectiveDirective,
      blockedURL: first.blockedURL,
      sample: first.sample,
      disposition: first.disposition,
      ...(first.source !== undefined ? { source: first.source } : {}),
    }
    const advice = adviseViolation(violation, policy, presets)
    // Inline content in a page a router rendered into another page's document is checked against that
    // first document's policy: the fix is a policy holding every page's hashes, not 'unsafe-inline'.
    const routed = first.blockedURL === 'inline' && [...pages].some((p) => !visits.has(p))
    return {
      directive: first.effectiveDirective,
      blocked: advice.blocked,
      blockedURI: first.blockedURL,
      sample: first.sample,
      ...(first.source !== undefined ? { source: sitePath(first.source, origin) } : {}),
      disposition: first.disposition,
      pages: [...pages].sort(),
      visits: [...visits],
      ...(advice.source !== undefined && !routed ? { addSource: advice.source } : {}),
      fix: routed
        ? `A client-side router rendered this page into the document of ${[...visits].join(', ')}, whose policy lacks this page's hashes: build with scope: 'site' (cspkit build --scope site; the default 'auto' chooses it for the routers it knows), so every page's policy allows every page's inline content.`
        : advice.fix,
    }
  })
}

/** A finding as the `[cspkit]` line the CLI prints: the pages, what was blocked by which directive, the fix. */
export function findingDiagnostic(f: BrowserFinding): Diagnostic {
  const verb = f.disposition === 'report' ? 'would block (report-only)' : 'blocked'
  const shown = f.pages.length > 5 ? `${f.pages.slice(0, 5).join(', ')} and ${f.pages.length - 5} more` : f.pages.join(', ')
  return diagnostic({
    code: 'CHECK_BROWSER_VIOLATION',
    file: shown,
    directive: f.directive,
    message: `In Chromium, '${f.directive}' ${verb} ${f.blocked}${f.source ? ` (from ${f.source})` : ''}${f.pages.length > 1 ? ` on ${f.pages.length} pages` : ''}.`,
    fix: f.fix,
  })
}

/** `http://127.0.0.1:4321/app.js:3:9` on that origin → `/app.js:3:9`; other URLs stay whole. */
function sitePath(url: string, origin: string): string {
  return url.startsWith(`${origin}/`) ? url.slice(origin.length) : url
}
