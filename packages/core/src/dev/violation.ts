/**
 * Browsers send CSP violations in two shapes: the `report-uri` body (`application/csp-report`,
 * kebab-case keys under `csp-report`) and the Reporting API (`application/reports+json`, an array
 * of reports whose `body` has camelCase keys). Both become one plain record here.
 */

export interface Violation {
  /** The page the violation happened on (full URL as the browser reported it). */
  readonly documentURL: string
  /** The directive the browser checked, after fallback (`script-src-elem`, `connect-src`, …). */
  readonly directive: string
  /**
   * What was blocked: a URL, or one of the browser's keywords `inline`, `eval`, `wasm-eval`,
   * `trusted-types-sink`, `trusted-types-policy`, or a bare scheme such as `data` or `blob`.
   */
  readonly blockedURL: string
  /** The first 40 characters of blocked inline code, when the directive has `'report-sample'`. */
  readonly sample: string
  /** `enforce` (it was blocked) or `report` (a report-only policy would have blocked it). */
  readonly disposition: 'enforce' | 'report'
  /** Where the blocked code or request came from, when the browser says (`file:line:column`). */
  readonly source?: string
}

type Json = Record<string, unknown>

/**
 * Every violation in a report body, given its content type. Other report types in a Reporting API
 * batch (deprecation, intervention) and malformed entries are skipped, not fatal.
 */
export function parseViolationReports(contentType: string, body: unknown): Violation[] {
  const type = contentType.split(';')[0]!.trim().toLowerCase()
  if (Array.isArray(body)) {
    return body.flatMap((report) => {
      if (!isObject(report) || report.type !== 'csp-violation' || !isObject(report.body)) return []
      const v = fromReportingApi(report.body, typeof report.url === 'string' ? report.url : '')
      return v ? [v] : []
    })
  }
  if (!isObject(body)) return []
  if (isObject(body['csp-report'])) {
    const v = fromReportUri(body['csp-report'])
    return v ? [v] : []
  }
  // A single Reporting API report posted on its own (some tools and older Chromium builds do this).
  if (type !== 'application/csp-report' && body.type === 'csp-violation' && isObject(body.body)) {
    const v = fromReportingApi(body.body, typeof body.url === 'string' ? body.url : '')
    return v ? [v] : []
  }
  return []
}

function fromReportUri(r: Json): Violation | undefined {
  const directive = str(r['effective-directive']) || firstToken(str(r['violated-directive']))
  if (!directive) return undefined
  return {
    documentURL: str(r['document-uri']),
    directive,
    blockedURL: str(r['blocked-uri']),
    sample: str(r['script-sample']),
    disposition: r.disposition === 'report' ? 'report' : 'enforce',
    ...sourceLocation(str(r['source-file']), r['line-number'], r['column-number']),
  }
}

function fromReportingApi(b: Json, url: string): Violation | undefined {
  const directive = str(b.effectiveDirective) || firstToken(str(b.violatedDirective))
  if (!directive) return undefined
  return {
    documentURL: str(b.documentURL) || url,
    directive,
    blockedURL: str(b.blockedURL),
    sample: str(b.sample),
    disposition: b.disposition === 'report' ? 'report' : 'enforce',
    ...sourceLocation(str(b.sourceFile), b.lineNumber, b.columnNumber),
  }
}

function sourceLocation(file: string, line: unknown, column: unknown): { source?: string } {
  if (!file) return {}
  const at = [file, typeof line === 'number' && line > 0 ? line : undefined, typeof column === 'number' && column > 0 ? column : undefined]
  return { source: at.filter((p) => p !== undefined).join(':') }
}

/** CSP2 reports may carry the whole directive (`img-src 'self'`) in `violated-directive`. */
function firstToken(text: string): string {
  return text.trim().split(/\s+/)[0]?.toLowerCase() ?? ''
}

function str(value: unknown): string {
  return typeof value === 'string' ? value : ''
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
