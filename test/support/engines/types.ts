import type { EngineViolation } from './report.js'

export type EngineName = 'chromium' | 'firefox' | 'webkit'

/** A page open in one engine. Every method means the same in every engine. */
export interface EnginePage {
  readonly engine: EngineName
  /** Evaluates `fn(...args)` (or an expression) in the main frame; the result must be JSON-like. */
  evaluate<T = any>(fn: string | ((...args: any[]) => T), ...args: unknown[]): Promise<T>
  /**
   * Every `securitypolicyviolation` so far, from the first byte: in every frame in Chromium and
   * Firefox; in WebKit, in the main frame and its same-origin frames (its preload script runs in the
   * main frame only; other frames' refusals are in `refusals`).
   */
  violations(): Promise<EngineViolation[]>
  /**
   * The engine's own "Refused to …" console lines, every frame: Chromium and WebKit. Always empty in
   * Firefox (Gecko's CSP console messages are not delivered over WebDriver BiDi).
   */
  refusals(): Promise<string[]>
  /** Clicks the first element matching `selector` (a real click in Chromium and Firefox, a DOM click in WebKit). */
  click(selector: string): Promise<void>
  /**
   * A left click at viewport coordinates (CSS pixels): the real mouse in Chromium and Firefox; in
   * WebKit (its protocol has no input domain) the pointer, mouse and click events a mouse fires,
   * dispatched at the element there, which is focused first as a mouse press would.
   */
  clickAt(x: number, y: number): Promise<void>
  /**
   * Enters `text` into the focused element, replacing its selection: in Chromium as one insertion
   * with one `input` event (a paste, or Playwright's fill); in Firefox key by key (WebDriver BiDi
   * inserts one character at a time); in WebKit (no input domain) through the value's native setter
   * and one `input` event, which frameworks' controlled inputs see alike.
   */
  type(text: string): Promise<void>
  /** The main frame's URL now; follows client-side routing and full loads alike. */
  url(): Promise<string>
  /**
   * Uncaught errors and unhandled rejections of the main frame's current document, as messages
   * (recorded by the same preload listener as the violations, so alike in every engine).
   */
  pageErrors(): Promise<string[]>
  close(): Promise<void>
}

export interface EngineBrowser {
  readonly engine: EngineName
  /** Browser name and version, as the engine reports it. */
  readonly version: string
  /**
   * Opens `url` in a fresh page (fresh context where the engine has them) and waits for its load
   * event. WebKit has one window: opening a page there replaces the page before (open one at a time).
   */
  open(url: string): Promise<EnginePage>
  close(): Promise<void>
}
