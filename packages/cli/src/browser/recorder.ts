/** One `securitypolicyviolation` event as the page saw it. */
export interface RecordedViolation {
  /** The document's URL when it happened (after client-side navigation: the URL the router pushed). */
  readonly documentURL: string
  readonly effectiveDirective: string
  readonly blockedURL: string
  readonly sample: string
  readonly disposition: 'enforce' | 'report'
  /** `file:line:column` of the code that caused it, when the browser says. */
  readonly source?: string
}

/** The name of the binding the init script reports through (one per browser context). */
export const REPORT_BINDING = '__cspkitReportViolation'

/** A global each document counts its violation reports not yet received by Node in (for `settle`). */
export const PENDING_REPORTS = '__cspkitPendingReports'

/**
 * Runs in every frame before any of the page's own scripts: each violation event (from the first
 * byte, in every frame) is handed to Node at once through the binding, so none is lost when the
 * document unloads right after. Also answers, for each document, whether a CSP <meta> sits in <head>.
 */
export const RECORDER_SCRIPT = `(() => {
  const report = globalThis[${JSON.stringify(REPORT_BINDING)}];
  if (typeof report !== 'function') return;
  document.addEventListener('securitypolicyviolation', (e) => {
    const at = e.sourceFile ? [e.sourceFile, e.lineNumber || undefined, e.columnNumber || undefined].filter((p) => p !== undefined).join(':') : undefined;
    globalThis[${JSON.stringify(PENDING_REPORTS)}] = (globalThis[${JSON.stringify(PENDING_REPORTS)}] || 0) + 1;
    const sent = () => { globalThis[${JSON.stringify(PENDING_REPORTS)}]--; };
    Promise.resolve(report({
      documentURL: String(location.href),
      effectiveDirective: e.effectiveDirective || e.violatedDirective,
      blockedURL: e.blockedURI,
      sample: e.sample || '',
      disposition: e.disposition === 'report' ? 'report' : 'enforce',
      source: at,
    })).then(sent, sent);
  }, true);
})();`

/** Evaluated in a loaded page: whether its <head> has an enforced CSP <meta> (what the page itself delivers). */
export const HAS_META_POLICY = `!!document.head && [...document.head.querySelectorAll('meta[http-equiv]')].some((m) => m.httpEquiv.toLowerCase() === 'content-security-policy')`
