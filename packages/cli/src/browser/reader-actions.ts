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
    await page.locator(`[${MARK}="${action}"]`).first().click({ timeout })
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

const inflight = new WeakMap<Page, { count: number; started: number }>()

/** Counts the page's requests in flight, for `settle` (Playwright's `networkidle` always waits 500 ms). */
export function trackRequests(page: Page): void {
  const state = { count: 0, started: 0 }
  inflight.set(page, state)
  page.on('request', () => {
    state.count++
    state.started++
  })
  const done = () => void (state.count = Math.max(0, state.count - 1))
  page.on('requestfinished', done)
  page.on('requestfailed', done)
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
 * Lets what an action started run: until two frames (each followed by a task) passed with no
 * request in flight or started and no violation report on its way, and at least 50 ms went by (or
 * `timeout`), so fetches, what they render and the violations that causes (dispatched as tasks) arrive.
 * With `done`, it also stops as soon as that holds.
 */
export async function settle(page: Page, timeout: number, done?: () => Promise<boolean>): Promise<boolean> {
  const state = inflight.get(page)
  const begin = Date.now()
  const end = begin + Math.max(0, timeout)
  let quiet = 0
  while (Date.now() < end && !page.isClosed()) {
    if (done && (await done())) return true
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
    quiet = pending === 0 && (state?.count ?? 0) === 0 && (state?.started ?? 0) === started ? quiet + 1 : 0
    if (quiet >= 2 && Date.now() - begin >= SETTLE_AT_LEAST) break
  }
  return done ? done() : false
}

const THEME = /theme|dark|light|appearance|color-?scheme|night|day-?mode/i
const THEME_CONTROLS = 'button, [role="button"], [role="switch"], input[type="checkbox"], label, a[href="#"], select'

/** Clicks a theme switch, twice (so both directions run). Returns whether there was one. */
export async function toggleTheme(page: Page, timeout: number): Promise<boolean> {
  if (!(await mark(page, markScript('theme', THEME_CONTROLS, THEME, /search/i)))) return false
  if (!(await clickMarked(page, 'theme', timeout))) return false
  await settle(page, Math.min(500, timeout))
  if (await mark(page, markScript('theme', THEME_CONTROLS, THEME, /search/i))) await clickMarked(page, 'theme', timeout)
  await settle(page, Math.min(500, timeout))
  return true
}

const SEARCH = /search|docsearch|find/i
const SEARCH_CONTROLS = 'input[type="search"], button, [role="button"], [role="searchbox"], input[type="text"], a[href="#"]'

/**
 * Opens search (a search field or button; else the `/` and Ctrl+K shortcuts) and types a short
 * query. Returns whether a text field took the query.
 */
export async function search(page: Page, query: string, timeout: number): Promise<boolean> {
  const found = (await mark(page, markScript('search', SEARCH_CONTROLS, SEARCH))) && (await clickMarked(page, 'search', timeout))
  // A search box may open in a dialog whose code loads first: up to 200 ms for a text field to take focus, less once all is quiet.
  const focused = () => focusedIsTextField(page)
  if (found) await settle(page, 200, focused)
  if (!(await focused())) {
    for (const key of ['/', 'Control+k']) {
      await page.keyboard.press(key).catch(() => {})
      if (await settle(page, 200, focused)) break
    }
  }
  if (!(await focusedIsTextField(page))) return false
  await page.keyboard.type(query, { delay: 10 }).catch(() => {})
  await settle(page, Math.min(1000, timeout))
  await page.keyboard.press('Escape').catch(() => {})
  return true
}

async function focusedIsTextField(page: Page): Promise<boolean> {
  return mark(
    page,
    `(() => { const a = document.activeElement; if (!a) return false; if (a.isContentEditable) return true; return a.tagName === 'TEXTAREA' || (a.tagName === 'INPUT' && ['text', 'search', ''].includes((a.getAttribute('type') || '').toLowerCase())); })()`,
  )
}

const TAB_CONTROLS = '[role="tab"], .vp-code-group .tabs label, .tabs label, [data-tab], .tab'

/** Clicks a tab (or a code-group label) that is not the selected one. Returns whether there was one. */
export async function clickTab(page: Page, timeout: number): Promise<boolean> {
  if (!(await mark(page, markScript('tab', TAB_CONTROLS, /(?:)/, undefined, true)))) return false
  if (!(await clickMarked(page, 'tab', timeout))) return false
  await settle(page, Math.min(500, timeout))
  return true
}
