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
  const record = (e, doc) => {
    const t = e.target
    const target = t && t.nodeType === 1 ? t.nodeName + (t.id ? '#' + t.id : '') : '#document'
    violations.push({
      documentURL: String(doc.URL),
      violatedDirective: e.violatedDirective,
      effectiveDirective: e.effectiveDirective,
      blockedURI: e.blockedURI,
      sourceFile: e.sourceFile,
      lineNumber: e.lineNumber,
      target,
      sample: e.sample,
      disposition: e.disposition,
    })
  }
  Object.defineProperty(window, ${JSON.stringify(REPORT_KEY)}, { value: { violations, record }, enumerable: false })
  window.addEventListener('securitypolicyviolation', (e) => record(e, document), true)
})()`

/**
 * For an engine whose preload script runs in the main frame only (WebKit): listens on each frame's
 * window as soon as the frame element is inserted, while it still holds its initial about:blank
 * document. A same-origin frame keeps that window when its page loads, so the listener is there
 * before the frame's first byte; a cross-origin frame gets a new window and is not seen, nor are
 * frames inside frames (their parent's document is replaced when it loads). Runs after
 * LISTENER_SOURCE. The MutationObserver's microtask runs before the frame's response can arrive.
 */
export const SAME_ORIGIN_FRAMES_SOURCE = `(() => {
  const report = window[${JSON.stringify(REPORT_KEY)}]
  const HOOKED = ${JSON.stringify(REPORT_KEY + 'Frame')}
  const hook = (frame) => {
    try {
      const w = frame.contentWindow
      if (!w || w[HOOKED]) return
      Object.defineProperty(w, HOOKED, { value: true })
      w.addEventListener('securitypolicyviolation', (e) => report.record(e, w.document), true)
    } catch {}
  }
  const observe = (doc) => {
    new MutationObserver((records) => {
      for (const r of records) for (const n of r.addedNodes) {
        if (n.nodeType !== 1) continue
        if (n.nodeName === 'IFRAME' || n.nodeName === 'FRAME') hook(n)
        for (const f of n.querySelectorAll('iframe, frame')) hook(f)
      }
    }).observe(doc, { childList: true, subtree: true })
  }
  observe(document)
})()`

/** Expression that reads the report of one document (null if the listener never ran there). */
export const READ_REPORT = `(window[${JSON.stringify(REPORT_KEY)}] || { violations: null }).violations`

/** `fn(...args)` as an expression for the page, so every engine evaluates the same text. */
export function callExpression(fn: string | ((...args: any[]) => unknown), args: readonly unknown[]): string {
  if (typeof fn === 'string') return fn
  return `(${fn.toString()})(...${JSON.stringify(args)})`
}
