/**
 * The page report every engine gives alike, and the listener that gathers it inside the page. The
 * listener is installed before any page script runs (each engine's own preload hook), so it sees
 * violations from the first byte.
 */

/** One `securitypolicyviolation` event, as the page saw it. */
export interface EngineViolation {
  /** The document the violation fired in (a frame's URL for a frame). */
  documentURL: string
  violatedDirective: string
  effectiveDirective: string
  /** `inline`, `eval`, a URL, … */
  blockedURI: string
  /** The script or style that caused it, where the engine says. */
  sourceFile: string
  lineNumber: number
  /** The element the event fired at: `SCRIPT`, `STYLE`, `IMG#id`, or `#document`. */
  target: string
  /** The first characters of the blocked source when the policy has `'report-sample'`. */
  sample: string
  disposition: string
}

/** Where the listener keeps what it saw: a window property no page uses. */
export const REPORT_KEY = '__cspkitEngineReport'

/**
 * Page-side source (a string: it runs in three engines' preload hooks, not through a bundler).
 * Listens on window, capture phase: the event fires at the element or the document, and both paths
 * pass the window. Not on document: a frame's initial about:blank document is replaced while its
 * window is kept (Firefox runs the preload script for the first one), so a document listener is lost.
 */
export const LISTENER_SOURCE = `(() => {
  if (window[${JSON.stringify(REPORT_KEY)}]) return
  const violations = []
  Object.defineProperty(window, ${JSON.stringify(REPORT_KEY)}, { value: { violations }, enumerable: false })
  window.addEventListener('securitypolicyviolation', (e) => {
    const t = e.target
    const target = t && t.nodeType === 1 ? t.nodeName + (t.id ? '#' + t.id : '') : '#document'
    violations.push({
      documentURL: String(document.URL),
      violatedDirective: e.violatedDirective,
      effectiveDirective: e.effectiveDirective,
      blockedURI: e.blockedURI,
      sourceFile: e.sourceFile,
      lineNumber: e.lineNumber,
      target,
      sample: e.sample,
      disposition: e.disposition,
    })
  }, true)
})()`

/** Expression that reads the report of one document (null if the listener never ran there). */
export const READ_REPORT = `(window[${JSON.stringify(REPORT_KEY)}] || { violations: null }).violations`

/** `fn(...args)` as an expression for the page, so every engine evaluates the same text. */
export function callExpression(fn: string | ((...args: any[]) => unknown), args: readonly unknown[]): string {
  if (typeof fn === 'string') return fn
  return `(${fn.toString()})(...${JSON.stringify(args)})`
}
