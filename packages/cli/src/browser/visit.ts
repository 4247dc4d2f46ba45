import type { Browser, Page } from 'playwright-core'
import { HAS_META_POLICY, RECORDER_SCRIPT, REPORT_BINDING, type RecordedViolation } from './recorder.js'
import { clickTab, search, settle, toggleTheme, trackRequests } from './reader-actions.js'

/** How a page was seen: loaded at its URL, or reached by clicking a link (client-side or not). */
export type VisitKind = 'load' | 'click'

export interface VisitedPage {
  /** Path and query on the site, e.g. `/guide/` */
  readonly path: string
  readonly via: VisitKind
  /** Reached by a click that a client-side router handled (no new document). */
  readonly clientSide: boolean
  /** For a page whose own HTML document loaded: which policies it got (`none` when neither); undefined otherwise. */
  readonly policy?: 'header' | 'meta' | 'header+meta' | 'none'
}

export interface VisitActions {
  clicks: number
  themeToggles: number
  searches: number
  tabs: number
}

export interface VisitOptions {
  /** `http://127.0.0.1:<port>` of the served site. */
  readonly origin: string
  /** Start paths (every page of the site, in visiting order). */
  readonly start: readonly string[]
  /** Two paths are the same page when they give the same key (`/about` and `/about.html`). */
  readonly pageKey: (path: string) => string
  readonly maxPages: number
  /** Time for one start page: loading it and everything done there. */
  readonly pageTimeout: number
  readonly onProgress?: (visited: readonly VisitedPage[], actions: VisitActions, current: string) => void
}

export interface VisitResult {
  readonly pages: readonly VisitedPage[]
  readonly actions: VisitActions
  /** Each violation with the start page during whose visit it happened. */
  readonly violations: readonly (RecordedViolation & { readonly startPath: string })[]
  /** Start pages that did not load in time, with why. */
  readonly failed: readonly { readonly path: string; readonly reason: string }[]
}

const SEARCH_QUERY = 'the'

/**
 * A reader's visit of the served site: each start page is loaded with a violation recorder in every
 * frame; the reader switches the theme, searches, picks a tab, then follows the page's internal
 * links by clicking them (so a client-side router navigates as it would for a person) and goes back.
 * Each URL is visited once; a page reached only by a client-side click is later also loaded on its
 * own, since its own document brings its own policy. Nothing leaves the origin.
 */
export async function visitSite(browser: Browser, options: VisitOptions): Promise<VisitResult> {
  const context = await browser.newContext({ acceptDownloads: false, serviceWorkers: 'block' })
  const violations: (RecordedViolation & { startPath: string })[] = []
  let startPath = ''
  await context.exposeBinding(REPORT_BINDING, (_source, v: RecordedViolation) => {
    violations.push({ ...v, startPath })
  })
  await context.addInitScript({ content: RECORDER_SCRIPT })
  // Stay on the origin: a top-level navigation elsewhere is cancelled; subresources load (or fail) as they would.
  await context.route(
    (url) => url.origin !== options.origin,
    (route) => (route.request().isNavigationRequest() && route.request().frame().parentFrame() === null ? route.abort('aborted') : route.fallback()),
  )
  const cspHeader = new Map<string, { csp: boolean; html: boolean }>()
  const pages: VisitedPage[] = []
  const seen = new Set<string>()
  const loaded = new Set<string>()
  const clicked = new Set<string>()
  const acted = new Set<string>()
  const actions: VisitActions = { clicks: 0, themeToggles: 0, searches: 0, tabs: 0 }
  const failed: { path: string; reason: string }[] = []
  const progress = (current: string) => options.onProgress?.(pages, actions, current)
  const record = (page: VisitedPage) => {
    seen.add(options.pageKey(page.path))
    pages.push(page)
  }

  try {
    for (const path of options.start) {
      const key = options.pageKey(path)
      if (loaded.has(key)) continue
      if (!seen.has(key) && seen.size >= options.maxPages) break
      startPath = path
      progress(path)
      const page = await context.newPage()
      page.on('dialog', (d) => void d.dismiss().catch(() => {}))
      trackRequests(page)
      page.on('response', (r) => {
        if (!r.request().isNavigationRequest() || r.frame() !== page.mainFrame()) return
        const headers = r.headers()
        cspHeader.set(withoutHash(r.url()), { csp: 'content-security-policy' in headers, html: /^text\/html\b/i.test(headers['content-type'] ?? '') })
      })
      const deadline = Date.now() + options.pageTimeout
      const left = () => Math.max(0, deadline - Date.now())
      /** Theme switch, search, a tab: once per page of the site, each back on `at` afterwards. */
      const readerActions = async (at: string, atKey: string) => {
        if (acted.has(atKey)) return
        acted.add(atKey)
        if (left() > 300 && (await toggleTheme(page, Math.min(1000, left())))) actions.themeToggles++
        await backTo(page, at, options.origin, left())
        if (left() > 300 && (await search(page, SEARCH_QUERY, Math.min(1500, left())))) actions.searches++
        await backTo(page, at, options.origin, left())
        if (left() > 300 && (await clickTab(page, Math.min(1000, left())))) actions.tabs++
        await backTo(page, at, options.origin, left())
      }
      try {
        await page.goto(`${options.origin}${path}`, { waitUntil: 'load', timeout: options.pageTimeout })
      } catch (error) {
        failed.push({ path, reason: String((error as Error).message).split('\n')[0]! })
        await page.close().catch(() => {})
        continue
      }
      await settle(page, Math.min(1000, left()))
      loaded.add(key)
      record({ path, via: 'load', clientSide: false, policy: await documentPolicy(page, cspHeader) })
      progress(path)

      await readerActions(path, key)
      progress(path)

      for (const link of await internalLinks(page, options.origin)) {
        if (left() < 300) break
        const target = options.pageKey(link.path)
        if (target === key || clicked.has(target) || loaded.has(target)) continue
        if (!seen.has(target) && seen.size >= options.maxPages) break
        const reached = await clickLink(page, link.href, Math.min(3000, left()))
        if (!reached) continue
        actions.clicks++
        // Where the click led, after the host's redirects (`/about.html` → `/about` on Cloudflare).
        const reachedKey = options.pageKey(reached.path)
        clicked.add(target)
        clicked.add(reachedKey)
        if (!reached.clientSide) loaded.add(reachedKey)
        record({ path: reached.path, via: 'click', clientSide: reached.clientSide, policy: reached.clientSide ? undefined : await documentPolicy(page, cspHeader) })
        progress(path)
        // The reader also uses the page the link led to, before going back.
        await readerActions(reached.path, reachedKey)
        await backTo(page, path, options.origin, Math.max(left(), 1000))
      }
      await page.close().catch(() => {})
    }
  } finally {
    await context.close().catch(() => {})
  }
  return { pages, actions, violations, failed }
}

/**
 * Which policies the page's own document got: a CSP response header, a CSP <meta> in <head>.
 * Undefined for what is not an HTML page (the server's plain "Not found" for a broken link).
 */
async function documentPolicy(page: Page, cspHeader: ReadonlyMap<string, { csp: boolean; html: boolean }>): Promise<VisitedPage['policy']> {
  const response = cspHeader.get(withoutHash(page.url()))
  if (response && !response.html) return undefined
  const header = response?.csp === true
  const meta = (await page.evaluate(HAS_META_POLICY).catch(() => false)) === true
  return header && meta ? 'header+meta' : header ? 'header' : meta ? 'meta' : 'none'
}

/** The page's links to other pages of the site, as written (`href`) and as a path, once each. */
async function internalLinks(page: Page, origin: string): Promise<{ href: string; path: string }[]> {
  const links = (await page
    .evaluate(`[...document.querySelectorAll('a[href]')].filter((a) => !a.hasAttribute('download') && (!a.target || a.target === '_self')).map((a) => [a.getAttribute('href'), a.href])`)
    .catch(() => [])) as [string, string][]
  const here = withoutHash(page.url())
  const out = new Map<string, { href: string; path: string }>()
  for (const [href, absolute] of links) {
    let url: URL
    try {
      url = new URL(absolute)
    } catch {
      continue
    }
    if (url.origin !== origin || withoutHash(url.href) === here) continue
    // Pages only: a link to an image or an archive is not a page a reader reads.
    if (/\.[a-z0-9]+$/i.test(url.pathname) && !/\.html?$/i.test(url.pathname)) continue
    const path = `${url.pathname}${url.search}`
    if (!out.has(path)) out.set(path, { href, path })
  }
  return [...out.values()]
}

/**
 * Clicks a visible link written `href="<href>"` and waits until the URL changes and the network
 * settles. `path`: where it led; `clientSide`: the same document stayed (a router handled it).
 * Undefined when no such link is visible or the URL did not change in time.
 */
async function clickLink(page: Page, href: string, timeout: number): Promise<{ path: string; clientSide: boolean } | undefined> {
  const link = page.locator(`a[href="${href.replace(/["\\]/g, '\\$&')}"]`).filter({ visible: true }).first()
  if ((await link.count().catch(() => 0)) === 0) return undefined
  const here = withoutHash(page.url())
  const marker = await page.evaluate(`window.__cspkitDocument ??= Math.random()`).catch(() => undefined)
  try {
    await link.click({ timeout })
    await page.waitForURL((u) => withoutHash(u.href) !== here, { timeout, waitUntil: 'load' })
  } catch {
    return undefined
  }
  await settle(page, Math.min(1500, timeout))
  const now = await page.evaluate(`window.__cspkitDocument`).catch(() => undefined)
  const url = new URL(page.url())
  return { path: `${url.pathname}${url.search}`, clientSide: marker !== undefined && now === marker }
}

/** Back to the start page after an action left it: history first (as a reader would), else load it again. */
async function backTo(page: Page, path: string, origin: string, timeout: number): Promise<void> {
  const start = `${origin}${path}`
  if (withoutHash(page.url()) === withoutHash(start)) return
  const t = Math.max(1000, timeout)
  await page.goBack({ timeout: t, waitUntil: 'load' }).catch(() => null)
  if (withoutHash(page.url()) !== withoutHash(start)) await page.goto(start, { timeout: t, waitUntil: 'load' }).catch(() => null)
  await settle(page, Math.min(500, t))
}

function withoutHash(url: string): string {
  const i = url.indexOf('#')
  return i === -1 ? url : url.slice(0, i)
}
