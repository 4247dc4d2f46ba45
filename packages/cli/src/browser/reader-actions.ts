import type { Page } from 'playwright-core'
import { PENDING_REPORTS } from './recorder.js'

/**
 * What a reader does on a page besides following links: switch the theme, search, pick a tab. Each
 * looks for a visible control the way a person would (by its label, title or class), marks it with
 * `data-cspkit-action` and clicks it, so that the code behind it runs under the page's policy.
 */

/** The attribute a found control is marked with, so Playwright can click exactly that element. */
const MARK = 'data-cspkit-action'

/**
 * In the page: mark the first visible element of `selector` whose aria-label, title, class, id,
 * name or text (up to 40 characters) matches `pattern`, and not `exclude`. Returns whether one was found.
 */
function markScript(action: string, selector: string, pattern: RegExp, exclude?: RegExp, skipSelected = false): string {
  return `(() => {
    const pattern = ${pattern.toString()};
    const exclude = ${exclude ? exclude.toString() : 'undefined'};
    document.querySelectorAll('[${MARK}]').forEach((e) => e.removeAttribute('${MARK}'));
    for (const el of document.querySelectorAll(${JSON.stringify(selector)})) {
      const r = el.getBoundingClientRect();
      const style = getComputedStyle(el);
      if (r.width === 0 && r.height === 0 && !(el.labels && el.labels.length)) continue;
      if (style.visibility === 'hidden' || style.display === 'none') continue;
      const text = (el.textContent || '').trim();
      const words = [el.getAttribute('aria-label'), el.getAttribute('title'), el.getAttribute('class'), el.id, el.getAttribute('name'), el.getAttribute('placeholder'), text.length <= 40 ? text : ''].filter(Boolean).join(' ');
      if (!pattern.test(words) || (exclude && exclude.test(words))) continue;
      if (${skipSelected} && (el.getAttribute('aria-selected') === 'true' || (el.htmlFor && document.getElementById(el.htmlFor) && document.getElementById(el.htmlFor).checked))) continue;
      el.setAttribute('${MARK}', ${JSON.stringify(action)});
      return true;
    }
    return false;
  })()`
}

async function clickMarked(page: Page, action: string, timeout: number): Promise<boolean> {
  try {
    // At least 1 ms: to Playwright a timeout of 0 means none.
    await page.locator(`[${MARK}="${action}"]`).first().click({ timeout: Math.max(1, timeout) })
    return true
  } catch {
    return false
  }
}

async function mark(page: Page, script: string): Promise<boolean> {
  try {
    return (await page.evaluate(script)) === true
  } catch {
    return false
  }
}

/**
 * A request open this long is a connection that stays open (a stream, a long poll, a body no one
 * reads), not what an action is waiting for: counted as in flight, it would keep a page "busy" until
 * every action ran out of time and was reported cut short.
 */
export const LONG_LIVED_REQUEST_MS = 1000

const inflight = new WeakMap<Page, { open: Map<object, number>; started: number }>()

/** Counts the page's requests in flight, for `settle` (Playwright's `networkidle` always waits 500 ms). */
export function trackRequests(page: Page): void {
  const state = { open: new Map<object, number>(), started: 0 }
  inflight.set(page, state)
  page.on('request', (request) => {
    state.open.set(request, Date.now())
    state.started++
  })
  const done = (request: object) => void state.open.delete(request)
  page.on('requestfinished', done)
  page.on('requestfailed', done)
}

/** The page's requests in flight that opened less than LONG_LIVED_REQUEST_MS ago. */
function recentRequests(page: Page): number {
  const open = inflight.get(page)?.open
  if (open === undefined) return 0
  const since = Date.now() - LONG_LIVED_REQUEST_MS
  let n = 0
  for (const opened of open.values()) if (opened > since) n++
  return n
}

/** Whether the page has requests in flight now, long-lived ones aside (known in Node: nothing is asked of the page). */
export function requestsInFlight(page: Page): boolean {
  return recentRequests(page) > 0
}

/**
 * In the page: one animation frame, then one task (so what was queued as a task has run, the
 * violation events among them); answers how many violation reports are still on their way to Node.
 * The 100 ms timer is for a page that renders no frames.
 */
const FRAME_THEN_TASK = `new Promise((ok) => {
  const done = () => ok(Number(globalThis[${JSON.stringify(PENDING_REPORTS)}]) || 0);
  requestAnimationFrame(() => setTimeout(done, 0));
  setTimeout(done, 100);
})`

/** The least a settle waits: a handler's short timers (a debounce, a transition's end) get to run. */
const SETTLE_AT_LEAST = 50

/**
 * How a settle ended: `done` (the caller's condition held), `quiet` (nothing in flight for two frames,
 * nothing more to wait for), `busy` (time ran out first). `busy` is what tells "there is no search
 * box" from "the page was still working when the time was up".
 */
export type Settled = 'done' | 'quiet' | 'busy'

/** How the page was at its latest settle: an action that finds no control on a busy page was not really tried. */
const lastSettled = new WeakMap<Page, Settled>()

/**
 * Lets what an action started run: until two frames (each followed by a task) passed with no
 * request in flight (long-lived ones aside) or started and no violation report on its way, and at least 50 ms went by (or
 * `timeout`), so fetches, what they render and the violations that causes (dispatched as tasks) arrive.
 * With `done`, it also stops as soon as that holds.
 */
export async function settleUntil(page: Page, timeout: number, done?: () => Promise<boolean>): Promise<Settled> {
  const state = inflight.get(page)
  const begin = Date.now()
  const end = begin + Math.max(0, timeout)
  let quiet = 0
  let result: Settled = 'busy'
  while (Date.now() < end && !page.isClosed()) {
    if (done && (await done())) {
      result = 'done'
      break
    }
    const started = state?.started ?? 0
    const pending = await page.evaluate(FRAME_THEN_TASK).then(
      (n) => Number(n) || 0,
      () => -1,
    )
    if (pending < 0) {
      // Between documents (a navigation): nothing to ask yet.
      quiet = 0
      await page.waitForTimeout(50).catch(() => {})
      continue
    }
    quiet = pending === 0 && recentRequests(page) === 0 && (state?.started ?? 0) === started ? quiet + 1 : 0
    if (quiet >= 2 && Date.now() - begin >= SETTLE_AT_LEAST) {
      result = done && (await done()) ? 'done' : 'quiet'
      break
    }
  }
  if (result === 'busy' && done && (await done())) result = 'done'
  lastSettled.set(page, result)
  return result
}

/**
 * What came of a reader action: `done`; `none` (the page has no such control); `cut` (it started
 * and ran out of time, or the page stayed too busy to tell whether it has the control).
 */
export type ActionOutcome = 'done' | 'none' | 'cut'

/** One action's time: every step of it takes what is left of the same budget. */
function budget(timeout: number): () => number {
  const end = Date.now() + Math.max(0, timeout)
  return () => Math.max(0, end - Date.now())
}

/**
 * Marks the action's control. When there is none on a page whose latest settle ran out of time, the
 * control may not be rendered yet: wait for quiet (within the action's time) and look again.
 * `cut` when the page is still busy then.
 */
async function markWhenQuiet(page: Page, script: string, left: () => number): Promise<boolean | 'cut'> {
  if (await mark(page, script)) return true
  if (lastSettled.get(page) !== 'busy') return false
  if ((await settleUntil(page, left())) === 'busy') return 'cut'
  return mark(page, script)
}

const THEME = /theme|dark|light|appearance|color-?scheme|night|day-?mode/i
const THEME_CONTROLS = 'button, [role="button"], [role="switch"], input[type="checkbox"], label, a[href="#"], select'

/** Clicks a theme switch, twice (so both directions run), within `timeout` for both. */
export async function toggleTheme(page: Page, timeout: number): Promise<ActionOutcome> {
  const left = budget(timeout)
  const script = markScript('theme', THEME_CONTROLS, THEME, /search/i)
  const found = await markWhenQuiet(page, script, left)
  if (found !== true) return found || 'none'
  if (!(await clickMarked(page, 'theme', left()))) return left() === 0 ? 'cut' : 'none'
  if ((await settleUntil(page, left())) === 'busy') return 'cut'
  if (await mark(page, script)) {
    if (!(await clickMarked(page, 'theme', left()))) return 'cut'
    if ((await settleUntil(page, left())) === 'busy') return 'cut'
  }
  return 'done'
}

const SEARCH = /search|docsearch|find/i
const SEARCH_CONTROLS = 'input[type="search"], button, [role="button"], [role="searchbox"], input[type="text"], a[href="#"]'

/**
 * Opens search (a search field or button; else the `/` and Ctrl+K shortcuts) and types a short
 * query, within `timeout` for all of it. `done` when a text field took the query.
 */
export async function search(page: Page, query: string, timeout: number): Promise<ActionOutcome> {
  const left = budget(timeout)
  const script = markScript('search', SEARCH_CONTROLS, SEARCH)
  const marked = await markWhenQuiet(page, script, left)
  if (marked === 'cut') return 'cut'
  const found = marked && (await clickMarked(page, 'search', left()))
  // A search box may open in a dialog whose code loads first: wait for a text field to take focus, or for quiet.
  const focused = () => focusedIsTextField(page)
  let settled: Settled = (await focused()) ? 'done' : 'quiet'
  if (found && settled !== 'done') settled = await settleUntil(page, left(), focused)
  if (settled === 'quiet') {
    for (const key of ['/', 'Control+k']) {
      await page.keyboard.press(key).catch(() => {})
      settled = await settleUntil(page, left(), focused)
      if (settled !== 'quiet') break
    }
  }
  // Still busy when the time was up: a dialog may have been on its way.
  if (settled === 'busy') return 'cut'
  if (settled !== 'done') return 'none'
  await page.keyboard.type(query, { delay: 10 }).catch(() => {})
  const results = await settleUntil(page, left())
  await page.keyboard.press('Escape').catch(() => {})
  return results === 'busy' ? 'cut' : 'done'
}

async function focusedIsTextField(page: Page): Promise<boolean> {
  return mark(
    page,
    `(() => { const a = document.activeElement; if (!a) return false; if (a.isContentEditable) return true; return a.tagName === 'TEXTAREA' || (a.tagName === 'INPUT' && ['text', 'search', ''].includes((a.getAttribute('type') || '').toLowerCase())); })()`,
  )
}

const TAB_CONTROLS = '[role="tab"], .vp-code-group .tabs label, .tabs label, [data-tab], .tab'

/** Clicks a tab (or a code-group label) that is not the selected one, and lets what it does run, within `timeout`. */
export async function clickTab(page: Page, timeout: number): Promise<ActionOutcome> {
  const left = budget(timeout)
  const found = await markWhenQuiet(page, markScript('tab', TAB_CONTROLS, /(?:)/, undefined, true), left)
  if (found !== true) return found || 'none'
  if (!(await clickMarked(page, 'tab', left()))) return left() === 0 ? 'cut' : 'none'
  return (await settleUntil(page, left())) === 'busy' ? 'cut' : 'done'
}
