import type { Browser, BrowserContext, Page } from 'playwright-core'
import type { Violation } from './browser.js'

/**
 * A scripted reader: what a person does on a docs site (land, click through, go back, search, toggle
 * the theme, pick a tab), step by step, with every `securitypolicyviolation` of every frame recorded
 * from the first byte and attributed to the step during which it fired. Steps are declared per site
 * (selectors live in each test file); this harness is the same for all.
 */
export interface ReaderStep {
  /** What the reader does, e.g. 'click "Getting Started" in the sidebar'. */
  readonly name: string
  /** Does it (real clicks and keystrokes, so the site's router and widgets run); what it resolves with is ignored. */
  act(page: Page): Promise<unknown>
  /**
   * Proves it happened (a URL changed, a results list appeared, a class flipped): throws when not,
   * so a broken site cannot pass by doing nothing. What it resolves with is ignored.
   */
  proof(page: Page): Promise<unknown>
}

export interface StepViolations {
  readonly step: string
  readonly url: string
  readonly violations: readonly FrameViolation[]
}

export interface FrameViolation extends Violation {
  /** URL of the document that reported it. */
  readonly documentURI: string
}

export interface ReaderVisit {
  readonly context: BrowserContext
  readonly page: Page
  readonly steps: readonly StepViolations[]
  /** Every violation of the visit, in order. */
  readonly all: readonly FrameViolation[]
  /** Uncaught page errors (e.g. a blocked `new Function` during start-up). */
  readonly pageErrors: readonly string[]
  /** The first step whose act or proof failed (the visit stops there), with what went wrong. */
  readonly failed?: { readonly step: string; readonly error: string }
}

/** Time for violations dispatched as tasks after a step (lazy chunks, timers) to arrive. */
const SETTLE_MS = 400

/**
 * Opens `startUrl` in a fresh context and runs `steps` in order. The context is the caller's to close.
 * A step whose act or proof fails ends the visit; it is reported in `failed`, never thrown, so the
 * caller's tests can show it next to the violations recorded until then.
 */
export async function visitAsReader(browser: Browser, startUrl: string, steps: readonly ReaderStep[]): Promise<ReaderVisit> {
  const context = await browser.newContext({ colorScheme: 'light' })
  const all: FrameViolation[] = []
  // A binding, not a page variable: it survives full page loads and reaches every frame.
  await context.exposeBinding('__cspkitReportViolation', (_source, v: FrameViolation) => {
    all.push(v)
  })
  await context.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      const report = (window as unknown as { __cspkitReportViolation?: (v: unknown) => void }).__cspkitReportViolation
      report?.({
        violatedDirective: e.violatedDirective,
        effectiveDirective: e.effectiveDirective,
        blockedURI: e.blockedURI,
        sample: e.sample,
        disposition: e.disposition,
        documentURI: e.documentURI,
      })
    })
  })
  const page = await context.newPage()
  const pageErrors: string[] = []
  page.on('pageerror', (error) => pageErrors.push(error.message))
  const records: StepViolations[] = []
  const land: ReaderStep = {
    name: `land on ${new URL(startUrl).pathname}`,
    act: async (p) => {
      await p.goto(startUrl, { waitUntil: 'load' })
    },
    proof: async () => {},
  }
  for (const step of [land, ...steps]) {
    const before = all.length
    let error: string | undefined
    try {
      await step.act(page)
      await step.proof(page)
    } catch (e) {
      error = (e as Error).message.split('\n')[0]
    }
    await page.waitForTimeout(SETTLE_MS)
    records.push({ step: step.name, url: page.url(), violations: all.slice(before) })
    if (error !== undefined) return { context, page, steps: records, all, pageErrors, failed: { step: step.name, error } }
  }
  return { context, page, steps: records, all, pageErrors }
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
  const lines = visit.steps.map((s) => `${s.step} → ${new URL(s.url).pathname}: ${distinct(s.violations).join('; ') || 'no violations'}`)
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
export async function markDocument(page: Page): Promise<void> {
  await page.evaluate(() => ((window as unknown as { __readerMark?: number }).__readerMark = 1))
}

export async function assertSameDocument(page: Page): Promise<void> {
  const mark = await page.evaluate(() => (window as unknown as { __readerMark?: number }).__readerMark)
  if (mark !== 1) throw new Error('the page reloaded: the click did not go through the client-side router')
}
