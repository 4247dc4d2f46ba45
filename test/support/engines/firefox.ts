/**
 * Firefox: Debian's firefox-esr over WebDriver BiDi, driven by puppeteer-core 24 (the last line that
 * runs on Node 20; puppeteer-core never downloads a browser). BiDi preload scripts
 * (`evaluateOnNewDocument`) run in every frame before its scripts.
 */
import { existsSync } from 'node:fs'
import puppeteer, { type Browser, type BrowserContext, type Page } from 'puppeteer-core'
import { callExpression, LISTENER_SOURCE, READ_ERRORS, READ_REPORT, type EngineViolation } from './report.js'
import { sharedBrowserEndpoint, type BrowserServer } from './shared-browsers.js'
import { tiedExecutable } from './tied-process.js'
import type { EngineBrowser, EnginePage } from './types.js'

export const FIREFOX = process.env.CSPKIT_FIREFOX ?? '/usr/bin/firefox-esr'

const notFound = () => new Error(`[cspkit tests] Firefox not found at ${FIREFOX}. Install Debian's firefox-esr (apt-get install -y firefox-esr) or set CSPKIT_FIREFOX.`)
// Chromium's (playwright's) default, so a page lays out alike: at puppeteer's 800 px a docs site hides its sidebar.
const VIEWPORT = { width: 1280, height: 720 }

/**
 * Starts a Firefox for test files to connect to (shared-browsers.ts), in the run's main process.
 * puppeteer gives it a throw-away profile and kills it when this process exits or is signalled; the
 * tied wrapper kills it even when this process is killed outright, or when we close its stdin.
 */
export async function startFirefoxServer(): Promise<BrowserServer> {
  if (!existsSync(FIREFOX)) throw notFound()
  const browser = await puppeteer.launch({ browser: 'firefox', protocol: 'webDriverBiDi', executablePath: tiedExecutable(FIREFOX), headless: true })
  const child = browser.process()!
  const endpoint = browser.wsEndpoint()
  // Ends our WebDriver BiDi session (a browser has one at a time), so a test file can start its own.
  await browser.disconnect()
  const exited = new Promise<void>((ok) => child.once('exit', () => ok()))
  const alive = () => child.exitCode === null && child.signalCode === null
  return {
    endpoint,
    alive,
    async close() {
      if (!alive()) return
      child.stdin?.destroy()
      await Promise.race([exited, new Promise((ok) => setTimeout(ok, 5_000))])
      if (alive()) child.kill('SIGKILL')
    },
  }
}

/** This worker slot's shared Firefox (shared-browsers.ts), or undefined when there is none or it cannot take a session. */
async function connectShared(): Promise<Browser | undefined> {
  const endpoint = await sharedBrowserEndpoint('firefox')
  if (!endpoint) return undefined
  // A session left open (a worker that died mid-file) refuses a new one: then this file starts its own.
  return puppeteer.connect({ browserWSEndpoint: endpoint, protocol: 'webDriverBiDi', defaultViewport: VIEWPORT }).catch(() => undefined)
}

export async function launchFirefox(): Promise<EngineBrowser> {
  if (!existsSync(FIREFOX)) throw notFound()
  const shared = await connectShared()
  // puppeteer gives it a throw-away profile and kills it when this process exits or is signalled;
  // the tied wrapper kills it even when this process is killed outright.
  const browser =
    shared ??
    (await puppeteer.launch({
      browser: 'firefox',
      protocol: 'webDriverBiDi',
      executablePath: tiedExecutable(FIREFOX),
      headless: true,
      defaultViewport: VIEWPORT,
    }))
  // The contexts this file opened: closed with it, so none is left in a shared browser.
  const contexts = new Set<BrowserContext>()
  const version = await browser.version()
  return {
    engine: 'firefox',
    version: version.replace(/^firefox\//i, 'Firefox '),
    async open(url) {
      const context = await browser.createBrowserContext()
      contexts.add(context)
      const page = await context.newPage()
      await page.evaluateOnNewDocument(LISTENER_SOURCE)
      await gotoPastFrameErrors(page, url)
      const engine: EnginePage = {
        engine: 'firefox',
        evaluate: (fn, ...args) => page.evaluate(callExpression(fn, args)) as Promise<any>,
        async violations() {
          const perFrame = await Promise.all(page.frames().map((f) => f.evaluate(READ_REPORT).catch(() => null) as Promise<EngineViolation[] | null>))
          return perFrame.flatMap((v) => v ?? [])
        },
        refusals: async () => [],
        click: (selector) => page.click(selector),
        clickAt: (x, y) => page.mouse.click(x, y),
        // Key by key: WebDriver BiDi inserts at most one character at a time.
        type: (text) => page.keyboard.type(text),
        url: async () => page.url(),
        pageErrors: () => page.evaluate(READ_ERRORS) as Promise<string[]>,
        close: () => (contexts.delete(context), context.close()),
      }
      return engine
    },
    async close() {
      if (!shared) return browser.close()
      await Promise.all([...contexts].map((c) => c.close().catch(() => undefined)))
      contexts.clear()
      await browser.disconnect()
    },
  }
}

/**
 * `page.goto(url)`, except that Firefox's remote agent fails the navigation ("Address rejected") when
 * a child frame's load fails fast, as an allowed third-party iframe does offline once its host's
 * DNS failure is cached, though the page itself loads. Such a failure is taken as the load only when
 * the main frame's document is `url`, loaded, and a child frame shows a network error page (within a
 * few seconds: the frame tree catches up after the error); any other failed navigation is thrown.
 */
async function gotoPastFrameErrors(page: Page, url: string): Promise<void> {
  try {
    await page.goto(url, { waitUntil: 'load' })
  } catch (error) {
    if (!String(error).includes('Address rejected')) throw error
    const deadline = Date.now() + 5_000
    let seen = 'nothing'
    while (Date.now() < deadline) {
      const state = await page.evaluate(() => [location.href, document.readyState] as const).catch(() => null)
      const frames = page.frames().filter((f) => f !== page.mainFrame()).map((f) => f.url())
      seen = `main frame ${JSON.stringify(state)}, child frames ${JSON.stringify(frames)}`
      if (state && state[1] === 'complete') {
        // The page's own error page (or another document): not the allowance's case.
        if (state[0] !== new URL(url).href) break
        if (frames.some((f) => f.startsWith('about:neterror'))) return
      }
      await new Promise((ok) => setTimeout(ok, 50))
    }
    throw new Error(`${String(error)} (then: ${seen})`, { cause: error })
  }
}
