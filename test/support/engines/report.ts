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
  // Uncaught errors too (a blocked eval at start-up shows as one); a random id tells documents apart.
  const errors = []
  const id = Math.random().toString(36).slice(2)
  Object.defineProperty(window, ${JSON.stringify(REPORT_KEY)}, { value: { violations, record, errors, id }, enumerable: false })
  window.addEventListener('securitypolicyviolation', (e) => record(e, document), true)
  // Bubbling phase: a failed image or script load fires a plain, non-bubbling error event at its element.
  window.addEventListener('error', (e) => { if (e instanceof ErrorEvent) errors.push(String((e.error && e.error.message) || e.message)) })
  window.addEventListener('unhandledrejection', (e) => { const r = e.reason; errors.push(String((r && r.message) || r)) })
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

/** Expression that reads the main frame's uncaught errors (empty if the listener never ran there). */
export const READ_ERRORS = `[...((window[${JSON.stringify(REPORT_KEY)}] || { errors: [] }).errors)]`

/** Expression: the current document's id (changes with every full load; null before the listener ran). */
export const READ_DOCUMENT_ID = `(window[${JSON.stringify(REPORT_KEY)}] || { id: null }).id`

/**
 * Page-side: the WebKit stand-in for a mouse click at (x, y) (its protocol has no input domain): the
 * events a press and release fire, in order, at the element under the point. `click` is a real
 * MouseEvent, so links navigate and labels toggle their controls as for a user.
 */
export function syntheticClick(x: number, y: number): string {
  const target = document.elementFromPoint(x, y)
  if (!target) return `nothing at ${x},${y}`
  const at = { bubbles: true, cancelable: true, composed: true, clientX: x, clientY: y, button: 0, view: window }
  const focusable = (target as Element).closest('a[href], button, input, select, textarea, label, summary, [tabindex]') as HTMLElement | null
  target.dispatchEvent(new PointerEvent('pointerdown', { ...at, pointerId: 1, pointerType: 'mouse', isPrimary: true, buttons: 1 }))
  target.dispatchEvent(new MouseEvent('mousedown', { ...at, buttons: 1, detail: 1 }))
  if (focusable && document.activeElement !== focusable) focusable.focus()
  target.dispatchEvent(new PointerEvent('pointerup', { ...at, pointerId: 1, pointerType: 'mouse', isPrimary: true }))
  target.dispatchEvent(new MouseEvent('mouseup', { ...at, detail: 1 }))
  target.dispatchEvent(new MouseEvent('click', { ...at, detail: 1 }))
  return ''
}

/**
 * Page-side: the WebKit stand-in for entering text into the focused input (no input domain): the
 * text replaces the selection through the value's native setter (so a framework's value tracker sees
 * the change), then one `input` event, as a paste fires.
 */
export function syntheticType(text: string): string {
  const el = document.activeElement as HTMLInputElement | HTMLTextAreaElement | null
  if (!el || !('value' in el)) return `the focused element (${(el as Element | null)?.nodeName ?? 'none'}) takes no text`
  const start = el.selectionStart ?? el.value.length
  const end = el.selectionEnd ?? el.value.length
  const next = el.value.slice(0, start) + text + el.value.slice(end)
  const setter = Object.getOwnPropertyDescriptor(Object.getPrototypeOf(el), 'value')!.set!
  setter.call(el, next)
  el.setSelectionRange?.(start + text.length, start + text.length)
  el.dispatchEvent(new InputEvent('input', { bubbles: true, composed: true, inputType: 'insertText', data: text }))
  return ''
}

/** `fn(...args)` as an expression for the page, so every engine evaluates the same text. */
export function callExpression(fn: string | ((...args: any[]) => unknown), args: readonly unknown[]): string {
  if (typeof fn === 'string') return fn
  return `(${fn.toString()})(...${JSON.stringify(args)})`
}
