/**
 * The browser judge: one page report in Chromium, Firefox and WebKit alike (violations, script
 * markers, computed styles). A test names the engines it runs in (`describe.each(ENGINES)`) and never
 * how they are driven. Each engine's browser is connected on first use in a test file's worker and
 * let go when the file ends: Chromium is the run's one (global-setup), Firefox and WebKit are kept
 * per worker slot across files (shared-browsers.ts); each page gets a fresh context (Chromium,
 * Firefox) or replaces the one before (WebKit's one window).
 */
import { afterAll } from 'vitest'
import { launchChromium } from './chromium.js'
import { launchFirefox } from './firefox.js'
import type { EngineViolation } from './report.js'
import type { EngineBrowser, EngineName, EnginePage } from './types.js'
import { launchWebKit } from './webkit.js'

export type { EngineViolation } from './report.js'
export type { EngineBrowser, EngineName, EnginePage } from './types.js'

export const ENGINES: readonly EngineName[] = ['chromium', 'firefox', 'webkit']

const LAUNCH: Record<EngineName, () => Promise<EngineBrowser>> = {
  chromium: launchChromium,
  firefox: launchFirefox,
  webkit: launchWebKit,
}

const started = new Map<EngineName, Promise<EngineBrowser>>()

/** The engine's browser for this worker, started on first call. */
export function engineBrowser(engine: EngineName): Promise<EngineBrowser> {
  let browser = started.get(engine)
  if (!browser) {
    browser = LAUNCH[engine]()
    started.set(engine, browser)
    // A failed start is not cached: the next test may try again and report its own error.
    browser.catch(() => started.delete(engine))
  }
  return browser
}

/**
 * Starts each engine's browser now, in the background, so its start-up (seconds for Firefox and
 * WebKit) overlaps the file's own set-up (a build) instead of delaying its first test. A failed
 * start is reported by the first test that asks for that engine.
 */
export function warmUp(engines: readonly EngineName[] = ENGINES): void {
  for (const engine of engines) engineBrowser(engine).catch(() => undefined)
}

/** Closes every engine this file started (registered once per test file, when it imports this module). */
afterAll(async () => {
  const browsers = [...started.values()]
  started.clear()
  await Promise.all(browsers.map((b) => b.then((x) => x.close(), () => undefined)))
}, 30_000)

export interface LoadedInEngine {
  page: EnginePage
  /** Violations up to a moment after the load event. */
  violations: EngineViolation[]
}

/** Opens `url` in `engine` and lets late violations (dynamic imports, timers, the favicon) arrive. */
export async function loadInEngine(engine: EngineName, url: string, settleMs = 300): Promise<LoadedInEngine> {
  const page = await (await engineBrowser(engine)).open(url)
  await new Promise((ok) => setTimeout(ok, settleMs))
  return { page, violations: await page.violations() }
}

/** Polls `fn(...args)` in the page until it is truthy. */
export async function waitInPage(page: EnginePage, fn: string | ((...args: any[]) => unknown), args: unknown[] = [], timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!(await page.evaluate(fn, ...args))) {
    if (Date.now() > deadline) throw new Error(`[cspkit tests] ${page.engine}: still false after ${timeoutMs} ms: ${String(fn)}`)
    await new Promise((ok) => setTimeout(ok, 50))
  }
}

/** `getComputedStyle(selector)[property]`: whether a style applied. */
export function computedStyle(page: EnginePage, selector: string, property: string): Promise<string> {
  return page.evaluate(
    (s: string, p: string) => getComputedStyle(document.querySelector(s)!).getPropertyValue(p),
    selector,
    property,
  )
}
