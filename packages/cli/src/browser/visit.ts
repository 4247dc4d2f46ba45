import type { Browser, BrowserContext, Page } from 'playwright-core'
import { HAS_META_POLICY, RECORDER_SCRIPT, REPORT_BINDING, type RecordedViolation } from './recorder.js'
import { clickTab, requestsInFlight, search, settleUntil, toggleTheme, trackRequests, type ActionOutcome } from './reader-actions.js'

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
  /** Time to load a page and let it settle (each load, also going back to it). */
  readonly pageTimeout: number
  /** Time for each reader action: a theme switch, a search, a tab, a link click (until the page it led to settled). */
  readonly actionTimeout: number
  readonly onProgress?: (visited: readonly VisitedPage[], actions: VisitActions, current: string) => void
}

/** A reader action that ran out of its time: begun and not finished, or the page too busy to try it. */
export interface CutShortAction {
  /** The page it was done on. */
  readonly path: string
  readonly action: 'theme switch' | 'search' | 'tab' | 'link click'
  /** For a link click: the link's `href`. */
  readonly link?: string
}

export interface VisitResult {
  readonly pages: readonly VisitedPage[]
  readonly actions: VisitActions
  /** Each violation with the start page during whose visit it happened. */
  readonly violations: readonly (RecordedViolation & { readonly startPath: string })[]
  /** Start pages that did not load in time, with why. */
  readonly failed: readonly { readonly path: string; readonly reason: string }[]
  /** Reader actions cut short by --action-timeout, in visiting order: the check did not see all they do. */
  readonly cutShort: readonly CutShortAction[]
}

const SEARCH_QUERY = 'the'

/**
 * Tabs of the one browser that follow a start page's links at once. Most of a visit is waiting (for
 * a load, a frame, a quiet network), so a few tabs cut the time by about as much; more gained little
 * on two cores and made each tab's timing-bound waits slower.
 */
export const VISIT_TABS = 4

/** Where in the sequential visit an event belongs: [start page, step (0: its load, k: its k-th link), arrival]. */
type Order = readonly [number, number, number]

/** What a tab is doing now, for the violations it reports. */
interface TabAt {
  startPath: string
  task: number
  step: number
}

/**
 * A reader's visit of the served site: each start page is loaded with a violation recorder in every
 * frame; the reader switches the theme, searches, picks a tab, then follows the page's internal
 * links by clicking them (so a client-side router navigates as it would for a person) and goes back.
 * Each URL is visited once; a page reached only by a client-side click is later also loaded on its
 * own, since its own document brings its own policy. Nothing leaves the origin.
 *
 * A start page's links are followed in up to {@link VISIT_TABS} tabs at once (one more tab for every
 * two more links), each tab loading the start page and clicking one link (as going back to it after
 * the previous link would). Which links
 * are clicked is decided in the page's link order, as one tab would decide it, and the pages and
 * violations are reported in that order: the result does not depend on which tab was faster.
 */
export async function visitSite(browser: Browser, options: VisitOptions): Promise<VisitResult> {
  const recorded: { v: RecordedViolation & { startPath: string }; order: Order }[] = []
  const tabs = new Map<Page, TabAt>()
  let arrival = 0
  const contexts: BrowserContext[] = []
  /**
   * A browser context of its own for each tab: tabs of one context share a renderer, whose input
   * events (Playwright's clicks) then wait on each other (4 tabs clicked ~10× slower than one).
   */
  const newContext = async (): Promise<BrowserContext> => {
    const context = await browser.newContext({ acceptDownloads: false, serviceWorkers: 'block' })
    contexts.push(context)
    await context.exposeBinding(REPORT_BINDING, (source, v: RecordedViolation) => {
      const at = tabs.get(source.page)
      recorded.push({ v: { ...v, startPath: at?.startPath ?? '' }, order: [at?.task ?? -1, at?.step ?? 0, arrival++] })
    })
    await context.addInitScript({ content: RECORDER_SCRIPT })
    // Stay on the origin: a top-level navigation elsewhere is cancelled; subresources load (or fail) as they would.
    await context.route(
      (url) => url.origin !== options.origin,
      (route) => (route.request().isNavigationRequest() && route.request().frame().parentFrame() === null ? route.abort('aborted') : route.fallback()),
    )
    return context
  }
  const cspHeader = new Map<string, { csp: boolean; html: boolean }>()
  const pages: { page: VisitedPage; order: Order }[] = []
  const seen = new Set<string>()
  const loaded = new Set<string>()
  const clicked = new Set<string>()
  const acted = new Set<string>()
  const actions: VisitActions = { clicks: 0, themeToggles: 0, searches: 0, tabs: 0 }
  const failed: { path: string; reason: string }[] = []
  const cutShort: { cut: CutShortAction; order: Order }[] = []
  const progress = (current: string) =>
    options.onProgress?.(
      pages.map((p) => p.page),
      actions,
      current,
    )
  const record = (page: VisitedPage, order: Order) => {
    seen.add(options.pageKey(page.path))
    pages.push({ page, order })
  }

  /** Idle tabs (on about:blank), reused: opening a tab costs more than a navigation. */
  const idle: Page[] = []
  const openTab = async (): Promise<Page> => {
    const page = await (await newContext()).newPage()
    tabs.set(page, { startPath: '', task: -1, step: 0 })
    page.on('dialog', (d) => void d.dismiss().catch(() => {}))
    trackRequests(page)
    page.on('response', (r) => {
      if (!r.request().isNavigationRequest() || r.frame() !== page.mainFrame()) return
      const headers = r.headers()
      cspHeader.set(withoutHash(r.url()), { csp: 'content-security-policy' in headers, html: /^text\/html\b/i.test(headers['content-type'] ?? '') })
    })
    return page
  }
  const takeTab = async (at: TabAt): Promise<Page> => {
    const page = idle.pop() ?? (await openTab())
    tabs.set(page, at)
    return page
  }
  /** Back to idle on about:blank (so nothing of the old page runs on); a tab that will not leave (a hung script) is closed. */
  const releaseTab = async (page: Page): Promise<void> => {
    try {
      await page.goto('about:blank', { timeout: 2000 })
      idle.push(page)
    } catch {
      tabs.delete(page)
      await page.context().close().catch(() => {})
    }
  }

  try {
    for (const [task, path] of options.start.entries()) {
      const key = options.pageKey(path)
      if (loaded.has(key)) continue
      if (!seen.has(key) && seen.size >= options.maxPages) break
      progress(path)
      // Loads (and going back) take the page's time, each action its own: a slow load does not silently skip an action.
      const pageTimeout = options.pageTimeout
      const cut = (at: TabAt, c: CutShortAction) => cutShort.push({ cut: c, order: [at.task, at.step, arrival++] })
      /** Theme switch, search, a tab: once per page of the site, each back on `at` afterwards. */
      const readerActions = async (page: Page, at: string, atKey: string, order: TabAt) => {
        if (acted.has(atKey)) return
        acted.add(atKey)
        const counted = (outcome: ActionOutcome, action: CutShortAction['action']): boolean => {
          if (outcome === 'cut') cut(order, { path: at, action })
          return outcome === 'done'
        }
        if (counted(await toggleTheme(page, options.actionTimeout), 'theme switch')) actions.themeToggles++
        await backTo(page, at, options.origin, pageTimeout)
        if (counted(await search(page, SEARCH_QUERY, options.actionTimeout), 'search')) actions.searches++
        await backTo(page, at, options.origin, pageTimeout)
        if (counted(await clickTab(page, options.actionTimeout), 'tab')) actions.tabs++
        await backTo(page, at, options.origin, pageTimeout)
      }
      const startAt: TabAt = { startPath: path, task, step: 0 }
      const page = await takeTab(startAt)
      const loadBegan = Date.now()
      try {
        await page.goto(`${options.origin}${path}`, { waitUntil: 'load', timeout: pageTimeout })
      } catch (error) {
        failed.push({ path, reason: String((error as Error).message).split('\n')[0]! })
        tabs.delete(page)
        await page.context().close().catch(() => {})
        continue
      }
      await settleUntil(page, Math.min(1000, Math.max(0, pageTimeout - (Date.now() - loadBegan))))
      loaded.add(key)
      record({ path, via: 'load', clientSide: false, policy: await documentPolicy(page, cspHeader) }, [task, 0, 0])
      progress(path)

      await readerActions(page, path, key, startAt)
      progress(path)

      const links = await internalLinks(page, options.origin)
      // The links, claimed one at a time in their order by whichever tab is free, with the checks one tab would make.
      let next = 0
      const claimed = new Set<string>()
      const claimedNew = new Set<string>()
      let wake: (() => void)[] = []
      const settled = () => new Promise<void>((ok) => wake.push(ok))
      const claim = async (): Promise<{ link: { href: string; path: string }; target: string; step: number } | undefined> => {
        while (next < links.length) {
          const link = links[next]!
          const target = options.pageKey(link.path)
          if (target === key || clicked.has(target) || loaded.has(target) || claimed.has(target)) {
            next++
            continue
          }
          if (!seen.has(target) && seen.size + claimedNew.size >= options.maxPages) {
            // Full unless a click in flight fails: then this link is next, as it would be in one tab.
            if (claimedNew.size === 0) return undefined
            await settled()
            continue
          }
          next++
          claimed.add(target)
          if (!seen.has(target)) claimedNew.add(target)
          return { link, target, step: next }
        }
        return undefined
      }
      const follow = async (first: Page | undefined): Promise<void> => {
        let tab = first
        // On the start page now; and whether it is in this tab's history (so going back reaches it).
        let onStart = first !== undefined
        let beenOnStart = onStart
        try {
          for (let c = await claim(); c !== undefined; c = await claim()) {
            const at: TabAt = { startPath: path, task, step: c.step }
            if (tab === undefined) tab = await takeTab(at)
            else tabs.set(tab, at)
            try {
              // A tab that is not on the start page gets there as a reader would: back (its history), else loaded.
              if (!onStart) await (beenOnStart ? backTo(tab, path, options.origin, pageTimeout) : loadStart(tab, path, options.origin, pageTimeout))
              onStart = false
              beenOnStart = true
              const reached = await clickLink(tab, c.link.href, options.actionTimeout)
              if (reached === 'cut') cut(at, { path, action: 'link click', link: c.link.href })
              if (reached === 'cut' || reached === undefined) continue
              if (!reached.settled) cut(at, { path, action: 'link click', link: c.link.href })
              actions.clicks++
              // Where the click led, after the host's redirects (`/about.html` → `/about` on Cloudflare).
              const reachedKey = options.pageKey(reached.path)
              clicked.add(c.target)
              clicked.add(reachedKey)
              if (!reached.clientSide) loaded.add(reachedKey)
              record({ path: reached.path, via: 'click', clientSide: reached.clientSide, policy: reached.clientSide ? undefined : await documentPolicy(tab, cspHeader) }, [task, c.step, 0])
              claimedNew.delete(c.target)
              progress(path)
              // The reader also uses the page the link led to, before going back.
              await readerActions(tab, reached.path, reachedKey, at)
            } finally {
              claimed.delete(c.target)
              claimedNew.delete(c.target)
              const waiting = wake
              wake = []
              for (const ok of waiting) ok()
            }
          }
        } finally {
          if (tab !== undefined && tab !== first) await releaseTab(tab)
        }
      }
      // Another tab costs a load of the start page (and, the first time, a renderer): worth it from
      // two more links on; with one or two links, one tab does it for less.
      const toClick = links.filter((l) => {
        const t = options.pageKey(l.path)
        return t !== key && !clicked.has(t) && !loaded.has(t)
      }).length
      const others = Math.max(0, Math.min(VISIT_TABS - 1, Math.floor((toClick - 1) / 2)))
      await Promise.all([follow(page), ...Array.from({ length: others }, () => follow(undefined))])
      await releaseTab(page)
    }
  } finally {
    await Promise.all(contexts.map((c) => c.close().catch(() => {})))
  }
  const inOrder = <T>(items: { order: Order }[]): T[] =>
    [...items].sort((a, b) => a.order[0] - b.order[0] || a.order[1] - b.order[1] || a.order[2] - b.order[2]) as T[]
  return {
    pages: inOrder<{ page: VisitedPage }>(pages).map((p) => p.page),
    actions,
    violations: inOrder<{ v: RecordedViolation & { startPath: string } }>(recorded).map((r) => r.v),
    failed,
    cutShort: inOrder<{ cut: CutShortAction }>(cutShort).map((c) => c.cut),
  }
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
 * settles, all within `timeout`. `path`: where it led; `clientSide`: the same document stayed (a
 * router handled it); `settled`: the page it led to became quiet in time. Undefined when no such
 * link is visible or nothing happened (a link a script turned into a button); `cut` when the new
 * page did not load in time, or the URL did not change while requests were still in flight.
 */
async function clickLink(page: Page, href: string, timeout: number): Promise<{ path: string; clientSide: boolean; settled: boolean } | 'cut' | undefined> {
  const end = Date.now() + timeout
  const left = () => Math.max(1, end - Date.now())
  const link = page.locator(`a[href="${href.replace(/["\\]/g, '\\$&')}"]`).filter({ visible: true }).first()
  if ((await link.count().catch(() => 0)) === 0) return undefined
  const here = withoutHash(page.url())
  const marker = await page.evaluate(`window.__cspkitDocument ??= Math.random()`).catch(() => undefined)
  try {
    await link.click({ timeout: left() })
  } catch {
    return undefined
  }
  try {
    await page.waitForURL((u) => withoutHash(u.href) !== here, { timeout: left(), waitUntil: 'load' })
  } catch {
    // Ran out of time on the way (a new URL that did not finish loading, or requests still in flight:
    // a router on its way) is cut short; nothing happening is a link a script turned into something else.
    // Not asked in the page: a page stuck in a script would not answer.
    return withoutHash(page.url()) !== here || requestsInFlight(page) ? 'cut' : undefined
  }
  const settled = (await settleUntil(page, end - Date.now())) !== 'busy'
  const now = await page.evaluate(`window.__cspkitDocument`).catch(() => undefined)
  const url = new URL(page.url())
  return { path: `${url.pathname}${url.search}`, clientSide: marker !== undefined && now === marker, settled }
}

/** A tab that has not been on the start page in this visit loads it (as the first tab did) and lets it settle. */
async function loadStart(page: Page, path: string, origin: string, timeout: number): Promise<void> {
  await page.goto(`${origin}${path}`, { timeout: Math.max(1000, timeout), waitUntil: 'load' }).catch(() => null)
  await settleUntil(page, Math.min(1000, timeout))
}

/** Back to the start page after an action left it: history first (as a reader would), else load it again. */
async function backTo(page: Page, path: string, origin: string, timeout: number): Promise<void> {
  const start = `${origin}${path}`
  if (withoutHash(page.url()) === withoutHash(start)) return
  const t = Math.max(1000, timeout)
  await page.goBack({ timeout: t, waitUntil: 'load' }).catch(() => null)
  if (withoutHash(page.url()) !== withoutHash(start)) await page.goto(start, { timeout: t, waitUntil: 'load' }).catch(() => null)
  await settleUntil(page, Math.min(500, t))
}

function withoutHash(url: string): string {
  const i = url.indexOf('#')
  return i === -1 ? url : url.slice(0, i)
}
