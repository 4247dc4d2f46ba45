import type { Page } from 'playwright-core'

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

const inflight = new WeakMap<Page, { count: number }>()

/** Counts the page's requests in flight, for `settle` (Playwright's `networkidle` always waits 500 ms). */
export function trackRequests(page: Page): void {
  const state = { count: 0 }
  inflight.set(page, state)
  page.on('request', () => void state.count++)
  const done = () => void (state.count = Math.max(0, state.count - 1))
  page.on('requestfinished', done)
  page.on('requestfailed', done)
}

/**
 * Lets what an action started run: until no request has been in flight for 100 ms (or `timeout`),
 * so fetches and the violations they cause (dispatched as tasks) arrive.
 */
export async function settle(page: Page, timeout: number): Promise<void> {
  const state = inflight.get(page)
  const end = Date.now() + Math.max(0, timeout)
  let quiet = 0
  while (Date.now() < end && quiet < 2) {
    await page.waitForTimeout(50).catch(() => {})
    quiet = state && state.count > 0 ? 0 : quiet + 1
  }
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
  if (found) await page.waitForTimeout(200)
  if (!(await focusedIsTextField(page))) {
    for (const key of ['/', 'Control+k']) {
      await page.keyboard.press(key).catch(() => {})
      await page.waitForTimeout(200)
      if (await focusedIsTextField(page)) break
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
