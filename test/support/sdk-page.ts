/**
 * The harness the real-SDK preset tests share (presets-sdks*.test.ts, presets-variants.test.ts):
 * building a fixture's pages, visiting a page as a visitor does while recording what it asked the
 * vendor for, and checking a request against one preset alone. Each test file keeps its own SDK
 * data, stub routes, stand-ins, expectations and assertions.
 */
import { createHash } from 'node:crypto'
import { readdirSync, readFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { chromium } from 'playwright-core'
import type { PluginOption } from 'vite8'
import csp from '@cspkit/vite'
import type { Options } from '@cspkit/core'
import { getDirective, type Policy } from '../../packages/core/src/policy/model.js'
import { DIRECTIVE_FALLBACKS } from '../../packages/core/src/policy/fallbacks.js'
import { resolvePresets, type PresetInput } from '../../packages/core/src/presets/resolve.js'
import { presetLookup } from '../../packages/core/src/dev/preset-lookup.js'
import { loadPage, readViolations, serveDir, type StaticServer, type Violation } from './browser.js'
import { ROOT } from './builds.js'
import { cachedBuild, packageVersion, sourceFiles } from './real-sites.js'
import { directiveFor } from './request-directive.js'
import { startHttpsStub, type HttpsStub, type HttpsStubOptions, type StubRequest, type StubResponse, type StubRoute } from './https-stub.js'
import { CHROMIUM, CHROMIUM_ARGS } from './global-setup.js'

// ---- Stub answers --------------------------------------------------------------------------------

/** A stub answer with JavaScript: the stand-ins for vendor scripts. */
export const js = (body: string): StubResponse => ({ type: 'text/javascript', body })
/** A stub answer with JSON: the vendors' APIs. */
export const json = (value: unknown): StubResponse => ({ type: 'application/json', body: JSON.stringify(value) })
/** A stub answer with an HTML document given whole: the stand-ins for vendors' pages and frames. */
export const html = (body: string): StubResponse => ({ type: 'text/html; charset=utf-8', body })
/** A stub answer with a minimal HTML document around `body`: vendor frames that only need to load. */
export const htmlBody = (body: string): StubResponse => html(`<!doctype html><html><body>${body}</body></html>`)
/** A stub answer with a stylesheet: the vendors' CSS. */
export const css = (body: string): StubResponse => ({ type: 'text/css', body })

/** A request as the tests write expected endpoints: `METHOD host/path`, or `ws host/path` for a WebSocket. */
export const requestKey = (r: Pick<StubRequest, 'websocket' | 'method' | 'host' | 'path'>): string => `${r.websocket ? 'ws' : r.method} ${r.host}${r.path}`

// ---- Builds --------------------------------------------------------------------------------------

/**
 * Which pages may share a preset build:
 * - 'distinct-names': pages whose presets have other names, or the very same entry (a preset listed
 *   twice merges both variants, which would let one variant's hosts hide a gap in the other's);
 * - 'same-preset': only pages with the very same preset entry, so each page runs under its own preset alone;
 * - 'none': a build per page.
 */
export type BuildSharing = 'distinct-names' | 'same-preset' | 'none'

/** One build of a fixture: its name, its pages and cspkit's options for it. */
export interface SiteBuild<P extends string, N extends string = string> {
  readonly name: N
  readonly pages: readonly P[]
  readonly options: Options
}

const presetNameOf = (preset: PresetInput): string => resolvePresets([preset]).list[0]!.name
const sameEntry = (a: PresetInput, b: PresetInput): boolean => JSON.stringify(a) === JSON.stringify(b)

/**
 * Splits the pages into preset builds (each page joins the first build `sharing` lets it into, else
 * starts one), so that one build's presets cannot hide a gap in a page's own preset. `builds`: the
 * preset builds (`preset-<index>`, with their pages' presets, each entry once), then the control
 * build ('control': every page, no presets); `buildOf`: a page's preset build.
 */
export function presetBuilds<P extends string>(
  pages: readonly P[],
  presetOf: (page: P) => PresetInput,
  sharing: BuildSharing,
): { builds: readonly SiteBuild<P>[]; buildOf: (page: P) => string } {
  const fits = (group: readonly P[], page: P): boolean => {
    if (sharing === 'none') return false
    if (sharing === 'same-preset') return group.every((m) => sameEntry(presetOf(m), presetOf(page)))
    return group.every((m) => presetNameOf(presetOf(m)) !== presetNameOf(presetOf(page)) || sameEntry(presetOf(m), presetOf(page)))
  }
  const groups: P[][] = []
  for (const page of pages) {
    const group = groups.find((g) => fits(g, page))
    if (group) group.push(page)
    else groups.push([page])
  }
  const builds = groups.map((group, i) => ({
    name: `preset-${i}`,
    pages: group,
    options: { presets: [...new Map(group.map((p) => [JSON.stringify(presetOf(p)), presetOf(p)])).values()] },
  }))
  // The control build is broken in the browser on purpose, and its build says so (LOAD_BLOCKED errors): it must still be written.
  return { builds: [...builds, { name: 'control', pages, options: { failOn: 'never' } }], buildOf: (page) => builds.find((b) => b.pages.includes(page))!.name }
}

/**
 * One Vite multi-page build of `pages` (`<fixture>/<page>.html`) with the csp plugin and `options`:
 * each preset build and control build of these tests. Returns its folder, shared by every test file
 * and run that builds the same thing (sdkBuildKey): callers must not change it.
 */
export async function buildSdkPages(build: {
  fixture: string
  /** Names the cached folder. */
  prefix: string
  pages: readonly string[]
  options: Options
  /** Plugins that run before cspkit's (e.g. one that pastes a vendor's snippet into the page). */
  plugins?: PluginOption[]
}): Promise<string> {
  return cachedBuild(build.prefix, sdkBuildKey(build), async (outDir) => {
    const vite = await import('vite8')
    await vite.build({
      root: build.fixture,
      configFile: false,
      logLevel: 'silent',
      plugins: [...(build.plugins ?? []), csp(build.options)],
      build: {
        outDir,
        emptyOutDir: true,
        chunkSizeWarningLimit: 5_000,
        rollupOptions: { input: Object.fromEntries(build.pages.map((p) => [p, join(build.fixture, `${p}.html`)])) },
      },
    })
  })
}

/** The built cspkit the csp plugin runs (its modules, not maps or types). */
const CSPKIT_DIST = ['packages/core/dist', 'packages/vite/dist'].map((d) => join(ROOT, d))

/**
 * Everything a preset build's output depends on: the fixture's files, the pages, the options and
 * plugins (functions by their source), the built cspkit, the installed packages (the lockfile: the
 * SDKs and Vite), NODE_ENV (Vite inlines it) and this recipe. Any change builds afresh.
 */
function sdkBuildKey(build: Parameters<typeof buildSdkPages>[0]): string {
  const key = createHash('sha256')
  const serialize = (value: unknown) => JSON.stringify(value, (_, v: unknown) => (typeof v === 'function' ? `fn:${v.toString()}` : v))
  key.update(`${buildSdkPages.toString()}\0${serialize(build.pages)}\0${serialize(build.options)}\0${serialize(build.plugins ?? [])}`)
  key.update(`\0vite@${packageVersion('vite8')}\0NODE_ENV=${process.env.NODE_ENV ?? ''}\0`).update(readFileSync(join(ROOT, 'pnpm-lock.yaml')))
  for (const file of sourceFiles(build.fixture)) key.update(`\0${relative(build.fixture, file)}\0`).update(readFileSync(file))
  for (const dir of CSPKIT_DIST) {
    const files = readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => /\.(m?js|cjs|json)$/.test(f)).sort()
    for (const file of files) key.update(`\0${relative(ROOT, dir)}/${file}\0`).update(readFileSync(join(dir, file)))
  }
  return key.digest('hex')
}

/** Builds each of `builds` (buildSdkPages) and serves it on 127.0.0.1: the sites by build name. */
export async function serveBuilds<N extends string>(fixture: string, prefix: string, builds: readonly SiteBuild<string, N>[]): Promise<Record<N, StaticServer>> {
  const sites = {} as Record<N, StaticServer>
  for (const { name, pages, options } of builds) sites[name] = await serveDir(await buildSdkPages({ fixture, prefix: `${prefix}-${name}`, pages, options }))
  return sites
}

/** Closes what a test file started, in order (the browser first); what never started is skipped. */
export async function closeAll(...things: ({ close(): Promise<void> } | undefined)[]): Promise<void> {
  for (const thing of things) await thing?.close()
}

/** A test file's preset builds, vendor stub and browser, started before its tests and closed after them. */
export interface PresetSdkSuite<S extends string> {
  /** Opens `sdk`'s page from its preset build, or from the control build (no presets), as a visitor. */
  visit(site: 'preset' | 'control', sdk: S): Promise<Visit>
  /** The origin of the preset build that serves `sdk`'s page. */
  origin(sdk: S): string
  readonly browser: Browser
  readonly stub: HttpsStub
}

/**
 * The setup every real-SDK test file shares: the pages split into preset builds (presetBuilds) plus
 * the control build, each built and served; the stub answering for the vendors' hosts; one Chromium
 * that sends those hosts to the stub. Registers its own beforeAll and afterAll.
 */
export function presetSdkSuite<S extends string>(setup: {
  fixture: string
  /** Names the builds' temporary folders. */
  prefix: string
  pages: readonly S[]
  entry: (sdk: S) => { readonly preset: PresetInput; readonly hosts: readonly string[] }
  sharing: BuildSharing
  route: StubRoute
  stubOptions?: HttpsStubOptions
  /** Further Chromium flags (e.g. a visitor's user agent). */
  browserArgs?: readonly string[]
  /** What a visit waits for and must reach; read at visit time, so it may be declared after the suite. */
  expectOf: (sdk: S) => VisitOptions['expect']
  hooks?: (sdk: S) => VisitHooks | undefined
}): PresetSdkSuite<S> {
  const { builds, buildOf } = presetBuilds(setup.pages, (n) => setup.entry(n).preset, setup.sharing)
  let stub: HttpsStub
  let browser: Browser
  let sites: Record<string, StaticServer> = {}
  beforeAll(async () => {
    stub = await startHttpsStub(setup.route, setup.stubOptions)
    sites = await serveBuilds(setup.fixture, setup.prefix, builds)
    const hosts = [...new Set(setup.pages.flatMap((n) => setup.entry(n).hosts))]
    browser = await chromium.launch({ executablePath: CHROMIUM, args: [...CHROMIUM_ARGS, ...(setup.browserArgs ?? []), ...stub.chromiumArgs(hosts)] })
  })
  afterAll(() => closeAll(browser, ...Object.values(sites), stub))
  return {
    visit: (site, sdk) => {
      const hooks = setup.hooks?.(sdk)
      return visitSdkPage({
        browser,
        stub,
        url: `${sites[site === 'preset' ? buildOf(sdk) : 'control']!.url}/${sdk}.html`,
        expect: setup.expectOf(sdk),
        control: site === 'control',
        ...(hooks ? { hooks } : {}),
      })
    },
    origin: (sdk) => sites[buildOf(sdk)]!.url,
    get browser() {
      return browser
    },
    get stub() {
      return stub
    },
  }
}

// ---- Visiting a page -----------------------------------------------------------------------------

/** A request of the page's own document to a vendor, with the directive the browser checks it against. */
export interface VendorRequest {
  url: string
  directive: string
}

/** What a visit to an SDK's page recorded. */
export interface Visit {
  /** The page showed the SDK's work (not waited for on the control). */
  finished: boolean
  violations: Violation[]
  /** Console errors about Content Security Policy. */
  cspErrors: string[]
  /** Requests to vendor hosts (and to the vendor's first-party paths) made by the page's own document, with the directive that governs them. */
  vendorRequests: VendorRequest[]
  /** What the stub saw (the sites' own hosts left out) plus the page's first-party vendor requests, as `requestKey`s. */
  seen: string[]
  /** Uncaught errors in the page (an SDK failing is not a CSP success). */
  pageErrors: string[]
  /** The page's body data-* attributes once done. */
  data: Record<string, string>
}

/** Extra per-page setup around the visit, for SDKs that need it. */
export interface VisitHooks {
  /** Runs just before the page loads, its listeners attached (e.g. installing a fake clock). */
  beforeLoad?: (page: Page) => Promise<void>
  /**
   * Runs once the page showed the SDK's work (the control: after its moment, and then it waits a
   * moment more), e.g. moving the clock on for what an SDK sends on a timer.
   */
  afterWork?: (page: Page) => Promise<void>
}

/**
 * Hooks for an SDK that sends on a timer: a fake clock from load on, which jumps `later` (e.g. '05:10')
 * once the page showed the SDK's work; none without `later`.
 */
export const clockHooks = (later: string | undefined): VisitHooks =>
  later ? { beforeLoad: (page) => page.clock.install(), afterWork: (page) => page.clock.fastForward(later) } : {}

/** What differs from one visit to another. */
export interface VisitOptions {
  browser: Browser
  /** The page to open. */
  url: string
  stub: HttpsStub
  /** What a visitor sees once the SDK did its work, and the vendor endpoints (as `requestKey`s) it must then have reached. */
  expect: { readonly waitFor: string; readonly reached: readonly RegExp[] }
  /** The control build (no presets): the visit only waits a moment instead of for the SDK's work. */
  control: boolean
  /** Host names of the built sites (default 127.0.0.1): their requests are the site's own, neither vendor requests nor seen. */
  siteHosts?: RegExp
  /** Paths on the site that belong to the vendor (e.g. Vercel's /_vercel/…): requests to them are vendor requests, and seen. */
  firstParty?: RegExp
  /** The page's workers (blob: ones included) count as vendor requests, under worker-src. */
  workers?: boolean
  hooks?: VisitHooks
}

/**
 * Opens the SDK's page once, every listener attached before it loads (so what the SDK requests
 * while the page loads is seen), clicks its `#act` button as a visitor does, and waits until the
 * page shows the SDK's work and every endpoint it must reach was reached (the control: until it was
 * blocked), then until the network is quiet, so late violations arrive. Waits on conditions, not
 * fixed sleeps. A timeout is reported in `finished` (the tests show it with the violations that
 * caused it), not thrown.
 */
export async function visitSdkPage(options: VisitOptions): Promise<Visit> {
  const { browser, stub, control, hooks = {} } = options
  const { waitFor, reached } = options.expect
  const siteHosts = options.siteHosts ?? /^127\.0\.0\.1$/
  stub.requests.length = 0
  // Chromium only, on purpose: these tests need playwright's request routing and stubs, which the
  // three-engine judge (support/engines) does not offer; engine differences are proved in browser-rules.
  // about:blank: the violation recorder and the console listener are in place before the SDK's page loads.
  const { page, context, consoleErrors } = await loadPage(browser, 'about:blank', 0)
  const vendorRequests: VendorRequest[] = []
  const firstParty: string[] = []
  const pageErrors: string[] = []
  page.on('pageerror', (e) => pageErrors.push(e.message))
  page.on('request', (request) => {
    const url = new URL(request.url())
    const site = siteHosts.test(url.hostname)
    if (site ? !options.firstParty?.test(url.pathname) : !/^(https|wss):$/.test(url.protocol)) return
    if (site) firstParty.push(`${request.method()} ${url.hostname}${url.pathname}`)
    const frame = request.frame()
    const fromPage = request.isNavigationRequest() ? frame.parentFrame() === page.mainFrame() : frame === page.mainFrame()
    const directive = directiveFor(request)
    if (fromPage && directive) vendorRequests.push({ url: request.url(), directive })
  })
  page.on('websocket', (ws) => vendorRequests.push({ url: ws.url(), directive: 'connect-src' }))
  if (options.workers) page.on('worker', (worker) => vendorRequests.push({ url: worker.url(), directive: 'worker-src' }))
  const started = requestsStarted(page)
  const seen = () => [...stub.requests.filter((r) => !siteHosts.test(r.host)).map(requestKey), ...firstParty]
  try {
    await hooks.beforeLoad?.(page)
    await page.goto(options.url, { waitUntil: 'load' })
    await page.locator('#act').click()
    let finished = false
    if (!control) {
      finished = await page.locator(waitFor).first().waitFor({ timeout: 15_000 }).then(() => true, () => false)
      if (finished) await hooks.afterWork?.(page)
      // The SDK may send after the UI updates (a queue, a retry): wait for the requests themselves.
      if (finished) await until(() => reached.every((r) => seen().some((s) => r.test(s))), 15_000)
    } else {
      // Blocked (a violation recorded), then what the blocked SDK still tries has been tried.
      await until(async () => ((await readViolations(page).catch(() => [])) ?? []).length > 0, 1_500)
      await quiet(page, started)
      await hooks.afterWork?.(page)
    }
    // Late violation events (dispatched as tasks after what caused them): the network quiet, then a frame and a task.
    await quiet(page, started)
    return {
      finished,
      violations: await readViolations(page),
      cspErrors: consoleErrors.filter((m) => /Content Security Policy/i.test(m)),
      pageErrors,
      vendorRequests,
      seen: seen(),
      data: await page.evaluate(() => ({ ...document.body.dataset }) as Record<string, string>),
    }
  } finally {
    await context.close()
  }
}

/** How many requests the page has started so far (a live count). */
function requestsStarted(page: Page): () => number {
  let started = 0
  page.on('request', () => void started++)
  return () => started
}

/** Until `done` holds, checked at each turn of Node's event loop (what the stub and the page report arrives there), at most `timeout` ms. */
async function until(done: () => boolean | Promise<boolean>, timeout: number): Promise<boolean> {
  const end = Date.now() + timeout
  for (;;) {
    if (await done()) return true
    if (Date.now() >= end) return false
    await new Promise((ok) => setTimeout(ok, 10))
  }
}

/**
 * In the page: a frame, then a task (so what was queued as a task, violation events among them, has
 * run). Raced with Node's own timer: under a fake clock the page's timers wait for it.
 */
const frameThenTask = (page: Page): Promise<unknown> =>
  Promise.race([
    page.evaluate(() => new Promise<void>((ok) => requestAnimationFrame(() => setTimeout(ok, 0)))).catch(() => {}),
    new Promise((ok) => setTimeout(ok, 250)),
  ])

/**
 * Until the network is quiet: two rounds of a frame and a task in the page in which no request
 * started (at most 5 s: an SDK that polls is never quiet). Requests still open are not waited for:
 * a beacon or a stream an SDK never reads to its end stays open to Chromium, and a request the
 * policy blocks fails at once, its violation queued as it does.
 */
async function quiet(page: Page, started: () => number): Promise<void> {
  const end = Date.now() + 5_000
  let rounds = 0
  while (rounds < 2 && Date.now() < end) {
    const before = started()
    await frameThenTask(page)
    rounds = started() === before ? rounds + 1 : 0
  }
}

// ---- Checking a request against one preset -------------------------------------------------------

/** The directive of `policy` that governs `directive` (itself or the first fallback present). */
const governing = (policy: Policy, directive: string) =>
  (DIRECTIVE_FALLBACKS[directive] ?? [directive]).map((name) => getDirective(policy, name)).find((d) => d !== undefined)

/**
 * Whether the preset alone (with its variant and options) allows `url` for `directive`, since a
 * build with several presets could let one hide a gap in another: its hosts; for the page's own
 * origin its 'self'; for a blob: URL (which has the page's origin) its scheme source blob:.
 */
export function presetAllows(preset: PresetInput, url: URL, directive: string, pageOrigin: string): boolean {
  const resolved = resolvePresets([preset]).list
  const own = resolved[0]!
  if (url.protocol === 'blob:') return governing(own.policy, directive)?.values.includes('blob:') ?? false
  if (url.origin !== pageOrigin) return presetLookup(resolved)(url, directive).includes(own.name)
  return governing(own.policy, directive)?.values.includes("'self'") ?? false
}

// ---- The checks every real-SDK page gets ----------------------------------------------------------

/** What a page must show and reach once its SDK did its work. */
export interface PageExpectation {
  readonly waitFor: string
  readonly reached: readonly RegExp[]
  /** Body data-* attributes the page must end with. */
  readonly data?: Readonly<Record<string, RegExp>>
}

/**
 * Declares the standard tests for each page: with its preset, the visitor's action works with zero
 * CSP violations, the vendor's endpoints were reached, and every vendor request is allowed by the
 * page's preset alone; without presets (the control), violations and the vendor never reached.
 */
export function describeSdkPages<P extends string>(
  pages: readonly P[],
  t: {
    visit(site: 'preset' | 'control', page: P): Promise<Visit>
    expected(page: P): PageExpectation
    preset(page: P): PresetInput
    /** The origin of the site the page's preset build is served from (read when the test runs). */
    origin(page: P): string
  },
): void {
  describe.each(pages)('%s preset, real SDK in Chromium', (page) => {
    let visited: Visit

    beforeAll(async () => {
      visited = await t.visit('preset', page)
    })

    it('does what a visitor asked with zero CSP violations', () => {
      const expected = t.expected(page)
      expect(visited.violations).toEqual([])
      expect(visited.pageErrors).toEqual([])
      expect(visited.finished, `the page never showed ${expected.waitFor}\n${visited.seen.join('\n')}`).toBe(true)
      expect(visited.cspErrors).toEqual([])
      for (const [name, value] of Object.entries(expected.data ?? {})) expect(visited.data[name], name).toMatch(value)
    })

    it("reached the vendor's endpoints", () => {
      for (const endpoint of t.expected(page).reached) expect(visited.seen.some((s) => endpoint.test(s)), `${endpoint}\n${visited.seen.join('\n')}`).toBe(true)
    })

    const preset = t.preset(page)
    it(`every vendor request the page made is allowed by the '${resolvePresets([preset]).list[0]!.name}' preset on its own (${JSON.stringify(preset)})`, () => {
      expect(visited.vendorRequests.length).toBeGreaterThan(0)
      const origin = t.origin(page)
      const uncovered = visited.vendorRequests.filter((r) => !presetAllows(preset, new URL(r.url), r.directive, origin))
      expect(uncovered).toEqual([])
    })
  })

  describe('control: the same pages without presets', () => {
    it.each(pages)('%s is blocked and never reaches the vendor', async (page) => {
      const visited = await t.visit('control', page)
      expect(visited.violations.length, `${page}: no violation`).toBeGreaterThan(0)
      expect(visited.seen.filter((s) => t.expected(page).reached.some((r) => r.test(s)))).toEqual([])
    })
  })
}
