import type { BrowserFinding } from './findings.js'
import type { CutShortAction, VisitActions, VisitedPage } from './visit.js'

/** The `--json` report of `cspkit check --browser`, for CI. */
export interface BrowserReport {
  readonly ok: boolean
  /** The site folder and the host whose URL rules and headers were applied (`null`: none, meta policies only). */
  readonly dir: string
  readonly host: string | null
  readonly pages: readonly VisitedPage[]
  readonly actions: VisitActions
  readonly violations: readonly BrowserFinding[]
  /** Pages whose own document got no Content-Security-Policy at all (header or <meta>). */
  readonly pagesWithoutPolicy: readonly string[]
  readonly failedPages: readonly { readonly path: string; readonly reason: string }[]
  /** Reader actions that ran out of --action-timeout: what they do was not fully seen (a warning, not a failure). */
  readonly cutShort: readonly CutShortAction[]
}

export function browserReport(report: BrowserReport): string {
  return `${JSON.stringify(report, null, 2)}\n`
}
