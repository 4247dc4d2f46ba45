import type { Violation } from './browser.js'
import { engineBrowser, waitInPage, type EngineName, type EnginePage, type EngineViolation } from './engines/index.js'
import { READ_DOCUMENT_ID } from './engines/report.js'

/**
 * A scripted reader: what a person does on a docs site (land, click through, go back, search, toggle
 * the theme, pick a tab), step by step, in any of the judge's engines (support/engines), with every
 * `securitypolicyviolation` of every frame recorded from the first byte and attributed to the step
 * during which it fired. Steps are declared per site (selectors live in each test file) against the
 * engine-neutral `Reader`; this harness is the same for all sites and engines.
 */
export interface ReaderStep {
  /** What the reader does, e.g. 'click "Getting Started" in the sidebar'. */
  readonly name: string
  /** Does it (clicks at the element's place and typed text, so the site's router and widgets run); what it resolves with is ignored. */
  act(reader: Reader): Promise<unknown>
  /**
   * Proves it happened (a URL changed, a results list appeared, a class flipped): throws when not,
   * so a broken site cannot pass by doing nothing. What it resolves with is ignored.
   */
  proof(reader: Reader): Promise<unknown>
}

/** A violation as the judge reports it, with the URL of the document (main page or frame) it fired in. */
export type FrameViolation = EngineViolation

export interface StepViolations {
  readonly step: string
  readonly url: string
  /** How long the step took, settling included. */
  readonly ms: number
  readonly violations: readonly FrameViolation[]
}

export interface ReaderVisit {
  readonly engine: EngineName
  readonly page: EnginePage
  readonly steps: readonly StepViolations[]
  /** Every violation of the visit, in order. */
  readonly all: readonly FrameViolation[]
  /** Uncaught page errors (e.g. a blocked `new Function` during start-up). */
  readonly pageErrors: readonly string[]
  /** The first step whose act or proof failed (the visit stops there), with what went wrong. */
  readonly failed?: { readonly step: string; readonly error: string }
  close(): Promise<void>
}

/** How an element is picked, as Playwright's locators do (the Chromium-only harness used them). */
export interface Find {
  /**
   * Matches the element's text (whitespace collapsed, trimmed): a string as a case-insensitive
   * substring, a RegExp as is.
   */
  readonly text?: string | RegExp
  /** Only elements on screen count (for sites that render a mobile and a desktop copy). */
  readonly visible?: boolean
  /** Looks inside the first element matching this selector only (Playwright's `locator(a).first().locator(b)`). */
  readonly within?: string
  /** Which of several matches; without it, more than one match is an error (a strict locator). */
  readonly nth?: number
  readonly timeoutMs?: number
}

type TextMatch = { re: string; flags: string } | { str: string } | null

/**
 * Page-side: finds the element `find` names and says what a click there would meet. With `act`
 * 'focus' it focuses it and selects its text; with 'click' it scrolls the element into view and returns the point to click, once nothing covers it.
 */
function locate(selector: string, within: string | null, text: TextMatch, visibleOnly: boolean, nth: number | null, act: 'attached' | 'visible' | 'focus' | 'click'): { state: string; x?: number; y?: number; rect?: string } {
  const norm = (s: string | null) => (s ?? '').replace(/\s+/g, ' ').trim()
  const matches = (el: Element) =>
    !text ? true : 're' in text ? new RegExp(text.re, text.flags).test(norm(el.textContent)) : norm(el.textContent).toLowerCase().includes(text.str.toLowerCase())
  const visible = (el: Element) => {
    const r = el.getBoundingClientRect()
    return r.width > 0 && r.height > 0 && getComputedStyle(el).visibility !== 'hidden'
  }
  const root = within === null ? document : document.querySelector(within)
  if (!root) return { state: `nothing matches ${within}` }
  let found = [...root.querySelectorAll(selector)].filter(matches)
  if (visibleOnly) found = found.filter(visible)
  if (nth === null && found.length > 1) return { state: `${found.length} elements match (strict: pick one with nth)` }
  const el = found[nth ?? 0]
  if (!el) return { state: 'no element matches' }
  if (act === 'attached') return { state: 'ok' }
  if (!visible(el)) return { state: 'the element is not visible' }
  if (act === 'visible') return { state: 'ok' }
  if (act === 'focus') {
    ;(el as HTMLElement).focus()
    ;(el as HTMLInputElement).select?.()
    return document.activeElement === el ? { state: 'ok' } : { state: 'the element takes no focus' }
  }
  if ((el as HTMLButtonElement).disabled) return { state: 'the element is disabled' }
  let r = el.getBoundingClientRect()
  if (r.top < 0 || r.left < 0 || r.bottom > innerHeight || r.right > innerWidth) {
    el.scrollIntoView({ block: 'center', inline: 'center' })
    r = el.getBoundingClientRect()
  }
  const x = Math.round(r.left + r.width / 2)
  const y = Math.round(r.top + r.height / 2)
  const hit = document.elementFromPoint(x, y)
  if (!hit || !(hit === el || el.contains(hit))) return { state: `another element is in front of it (${hit?.nodeName ?? 'nothing'}${hit?.className ? `.${String(hit.className).split(' ')[0]}` : ''})` }
  return { state: 'ok', x, y, rect: [r.left, r.top, r.width, r.height].map(Math.round).join(',') }
}

function textMatch(text: string | RegExp | undefined): TextMatch {
  if (text === undefined) return null
  return typeof text === 'string' ? { str: text } : { re: text.source, flags: text.flags }
}

const sleep = (ms: number) => new Promise((ok) => setTimeout(ok, ms))

/** The page as a reader's steps see it, the same in every engine. */
export class Reader {
  constructor(readonly page: EnginePage) {}

  get engine(): EngineName {
    return this.page.engine
  }

  evaluate<T = any>(fn: string | ((...args: any[]) => T), ...args: unknown[]): Promise<T> {
    return this.page.evaluate(fn, ...args)
  }

  /** Polls `fn(...args)` in the page until it is truthy (Playwright's waitForFunction). */
  waitUntil(fn: string | ((...args: any[]) => unknown), args: unknown[] = [], timeoutMs = 10_000): Promise<void> {
    return waitInPage(this.page, fn, args, timeoutMs)
  }

  private async until(selector: string, find: Find, act: 'attached' | 'visible' | 'focus' | 'click'): Promise<{ x: number; y: number }> {
    const timeoutMs = find.timeoutMs ?? 10_000
    const deadline = Date.now() + timeoutMs
    let last = ''
    let stableRect = ''
    for (;;) {
      const r = await this.page.evaluate(locate, selector, find.within ?? null, textMatch(find.text), find.visible ?? false, find.nth ?? null, act).catch((e: Error) => ({ state: e.message }) as ReturnType<typeof locate>)
      // A click waits until the element stands still for one poll (an opening menu, a sliding drawer).
      if (r.state === 'ok' && (act !== 'click' || r.rect === stableRect)) return { x: r.x ?? 0, y: r.y ?? 0 }
      stableRect = r.state === 'ok' ? r.rect! : ''
      last = r.state
      if (Date.now() > deadline) throw new Error(`${this.engine}: ${act === 'click' ? 'cannot click' : 'waited for'} ${selector}${find.text ? ` with text ${String(find.text)}` : ''} for ${timeoutMs} ms: ${last}`)
      await sleep(50)
    }
  }

  /** Waits for the element to be on screen (`attached`: in the DOM). */
  async waitFor(selector: string, find: Find & { readonly attached?: boolean } = {}): Promise<void> {
    await this.until(selector, find, find.attached ? 'attached' : 'visible')
  }

  /** Clicks the middle of the element once it is visible, still and not covered, as a mouse would. */
  async click(selector: string, find: Find = {}): Promise<void> {
    const { x, y } = await this.until(selector, find, 'click')
    await this.page.clickAt(x, y)
  }

  /** Focuses the input, selects its text and enters `text` over it (EnginePage.type: as Playwright's fill in Chromium and WebKit, key by key in Firefox). */
  async fill(selector: string, text: string, find: Find = {}): Promise<void> {
    await this.until(selector, find, 'focus')
    await this.page.type(text)
  }

  /** Chooses the option with `value` in a `<select>` (the selector's `nth` match), with the events a user's choice fires (Playwright's selectOption). */
  async select(selector: string, value: string, find: Find = {}): Promise<void> {
    await this.until(selector, find, 'visible')
    const ok = await this.page.evaluate(
      (s: string, v: string, n: number | null) => {
        const el = document.querySelectorAll<HTMLSelectElement>(s)[n ?? 0]
        if (!el || ![...el.options].some((o) => o.value === v)) return false
        el.value = v
        el.dispatchEvent(new Event('input', { bubbles: true }))
        el.dispatchEvent(new Event('change', { bubbles: true }))
        return true
      },
      selector,
      value,
      find.nth ?? null,
    )
    if (!ok) throw new Error(`${this.engine}: ${selector} has no option ${value}`)
  }

  /** The browser's back button: one entry back in the session history. */
  async back(): Promise<void> {
    await this.page.evaluate('history.back()')
  }

  url(): Promise<string> {
    return this.page.url()
  }

  /** Waits until the main frame's URL matches (a client-side route or a full load). */
  async waitForURL(pattern: RegExp, timeoutMs = 10_000): Promise<void> {
    const deadline = Date.now() + timeoutMs
    let url = ''
    while (!pattern.test((url = await this.page.url().catch(() => url)))) {
      if (Date.now() > deadline) throw new Error(`${this.engine}: the URL stayed ${url}, not ${pattern}`)
      await sleep(50)
    }
  }
}

/**
 * What the page's reports hold that was not read before: the listener's report lives in each
 * document, so a full load starts it afresh (a new document id); within a document, a violation is
 * new when it occurs more often than it did at the last read.
 */
function recorder(page: EnginePage) {
  // Per document: a page restored from the back/forward cache brings its report back as it was.
  const seenBy = new Map<string, { violations: Map<string, number>; errors: Map<string, number> }>()
  const fresh = <T>(items: readonly T[], seen: Map<string, number>): T[] => {
    const now = new Map<string, number>()
    const out: T[] = []
    for (const item of items) {
      const key = JSON.stringify(item)
      const n = (now.get(key) ?? 0) + 1
      now.set(key, n)
      if (n > (seen.get(key) ?? 0)) {
        out.push(item)
        seen.set(key, n)
      }
    }
    return out
  }
  let last = ''
  return async (): Promise<{ violations: FrameViolation[]; errors: string[] }> => {
    const id = (await page.evaluate<string | null>(READ_DOCUMENT_ID).catch(() => null)) ?? last
    last = id
    let seen = seenBy.get(id)
    if (!seen) seenBy.set(id, (seen = { violations: new Map(), errors: new Map() }))
    const violations = fresh(await page.violations().catch(() => []), seen.violations)
    const errors = fresh(await page.pageErrors().catch(() => []), seen.errors)
    return { violations, errors }
  }
}

/**
 * Violations are dispatched as tasks, lazy chunks and timers add more: read until a read brings
 * nothing new (at least SETTLE_MS after the step, at most SETTLE_MAX_MS).
 */
const SETTLE_MS = 100
const SETTLE_MAX_MS = 1_500

/**
 * Opens `startUrl` in `engine` (a fresh page) and runs `steps` in order. The visit's page is the
 * caller's to close (`close()`). A step whose act or proof fails ends the visit; it is reported in
 * `failed`, never thrown, so the caller's tests can show it next to the violations recorded until then.
 */
export async function visitAsReader(engine: EngineName, startUrl: string, steps: readonly ReaderStep[]): Promise<ReaderVisit> {
  const landing = `land on ${new URL(startUrl).pathname}`
  let started = Date.now()
  const page = await (await engineBrowser(engine)).open(startUrl)
  const reader = new Reader(page)
  const read = recorder(page)
  const all: FrameViolation[] = []
  const pageErrors: string[] = []
  const records: StepViolations[] = []
  const base = { engine, page, steps: records, all, pageErrors, close: () => page.close() }
  const settle = async (): Promise<FrameViolation[]> => {
    const got: FrameViolation[] = []
    const deadline = Date.now() + SETTLE_MAX_MS
    await sleep(SETTLE_MS)
    for (;;) {
      const { violations, errors } = await read()
      got.push(...violations)
      pageErrors.push(...errors)
      if ((violations.length === 0 && errors.length === 0) || Date.now() > deadline) return got
      await sleep(SETTLE_MS)
    }
  }
  const land: ReaderStep = { name: landing, act: async () => {}, proof: async () => {} }
  for (const step of [land, ...steps]) {
    let error: string | undefined
    try {
      await step.act(reader)
      await step.proof(reader)
    } catch (e) {
      error = (e as Error).message.split('\n')[0]
    }
    const violations = await settle()
    all.push(...violations)
    records.push({ step: step.name, url: await page.url().catch(() => ''), ms: Date.now() - started, violations })
    started = Date.now()
    if (error !== undefined) return { ...base, failed: { step: step.name, error } }
  }
  return base
}

/** Inline content a policy must allow by hash: `<script>`/`<style>` elements, `on*` and `style=""` attributes, `javascript:` URLs. */
export function isInlineViolation(v: Violation): boolean {
  return v.blockedURI === 'inline' || v.effectiveDirective === 'script-src-attr' || v.effectiveDirective === 'style-src-attr'
}

/** What a load/JS diagnostic names for a violation: the directive family and the blocked origin (or 'eval' / 'wasm-eval'). */
export interface BlockedLoad {
  readonly family: string
  readonly origin: string
}

export function blockedLoad(v: Violation): BlockedLoad {
  const family = v.effectiveDirective.replace(/-(elem|attr)$/, '')
  const uri = v.blockedURI
  if (uri === 'eval' || uri === 'wasm-eval' || uri === 'inline') return { family, origin: uri }
  if (/^[a-z][a-z0-9+.-]*$/i.test(uri)) return { family, origin: `${uri}:` } // 'blob', 'data' as Chromium reports them
  try {
    const url = new URL(uri)
    return { family, origin: url.origin === 'null' ? url.protocol : url.origin }
  } catch {
    return { family, origin: uri }
  }
}

/**
 * The build diagnostic line that announced a blocked load, if any: `[cspkit] EVAL_BLOCKED`,
 * `WASM_EVAL_BLOCKED`, `SCRIPT_LOAD_BLOCKED` (scripts) or `LOAD_BLOCKED` naming the directive, each
 * with the blocked origin in single quotes.
 */
export function announcement(v: Violation, buildOutput: string): string | undefined {
  const { family, origin } = blockedLoad(v)
  const lines = buildOutput.split('\n').filter((l) => l.startsWith('[cspkit] '))
  if (origin === 'eval') return lines.find((l) => /\bEVAL_BLOCKED\b/.test(l) && !/WASM_EVAL_BLOCKED/.test(l))
  if (origin === 'wasm-eval') return lines.find((l) => /\bWASM_EVAL_BLOCKED\b/.test(l))
  const quoted = `'${origin}'`
  return lines.find(
    (l) =>
      l.includes(quoted) &&
      ((family === 'script-src' && /\bSCRIPT_LOAD_BLOCKED\b/.test(l)) || (/\bLOAD_BLOCKED\b/.test(l) && l.includes(family))),
  )
}

/** Violations no build diagnostic announced (for a clear failure message). */
export function unannounced(violations: readonly Violation[], buildOutput: string): BlockedLoad[] {
  return violations.filter((v) => !isInlineViolation(v) && !announcement(v, buildOutput)).map(blockedLoad)
}

/** Steps' inline violations, by step, each distinct one once with its count, for a readable assertion. */
export function inlineViolationsByStep(steps: readonly StepViolations[]): Record<string, string[]> {
  return Object.fromEntries(steps.map((s) => [s.step, distinct(s.violations.filter(isInlineViolation))]))
}

/** The whole visit in a few lines: each step, where it ended, its distinct violations (for failure messages). */
export function visitSummary(visit: ReaderVisit): string {
  const lines = visit.steps.map((s) => `${s.step} → ${new URL(s.url).pathname} (${s.ms} ms): ${distinct(s.violations).join('; ') || 'no violations'}`)
  if (visit.failed) lines.push(`FAILED at "${visit.failed.step}": ${visit.failed.error}`)
  if (visit.pageErrors.length > 0) lines.push(`page errors: ${visit.pageErrors.join(' | ')}`)
  return lines.join('\n')
}

function distinct(violations: readonly Violation[]): string[] {
  const counts = new Map<string, number>()
  for (const v of violations) {
    const key = `${v.effectiveDirective} ${v.blockedURI}${v.sample ? ` "${v.sample.slice(0, 40)}"` : ''}`
    counts.set(key, (counts.get(key) ?? 0) + 1)
  }
  return [...counts].map(([key, n]) => (n > 1 ? `${key} ×${n}` : key))
}

/** Marks the current document; `assertSameDocument` then proves a click navigated without a page load (client-side routing). */
export async function markDocument(reader: Reader): Promise<void> {
  await reader.evaluate(() => ((window as unknown as { __readerMark?: number }).__readerMark = 1))
}

export async function assertSameDocument(reader: Reader): Promise<void> {
  const mark = await reader.evaluate(() => (window as unknown as { __readerMark?: number }).__readerMark)
  if (mark !== 1) throw new Error('the page reloaded: the click did not go through the client-side router')
}
