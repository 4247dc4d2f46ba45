/**
 * Firefox: Debian's firefox-esr over WebDriver BiDi, driven by puppeteer-core 24 (the last line that
 * runs on Node 20; puppeteer-core never downloads a browser). BiDi preload scripts
 * (`evaluateOnNewDocument`) run in every frame before its scripts.
 */
import { existsSync } from 'node:fs'
import puppeteer, { type Page } from 'puppeteer-core'
import { callExpression, LISTENER_SOURCE, READ_ERRORS, READ_REPORT, type EngineViolation } from './report.js'
import { tiedExecutable } from './tied-process.js'
import type { EngineBrowser, EnginePage } from './types.js'

export const FIREFOX = process.env.CSPKIT_FIREFOX ?? '/usr/bin/firefox-esr'

export async function launchFirefox(): Promise<EngineBrowser> {
  if (!existsSync(FIREFOX)) throw new Error(`[cspkit tests] Firefox not found at ${FIREFOX}. Install Debian's firefox-esr (apt-get install -y firefox-esr) or set CSPKIT_FIREFOX.`)
  // puppeteer gives it a throw-away profile and kills it when this process exits or is signalled;
  // the tied wrapper kills it even when this process is killed outright.
  const executablePath = tiedExecutable(FIREFOX)
  const browser = await puppeteer.launch({
    browser: 'firefox',
    protocol: 'webDriverBiDi',
    executablePath,
    headless: true,
    // Chromium's (playwright's) default, so a page lays out alike: at puppeteer's 800 px a docs site hides its sidebar.
    defaultViewport: { width: 1280, height: 720 },
  })
  const version = await browser.version()
  return {
    engine: 'firefox',
    version: version.replace(/^firefox\//i, 'Firefox '),
    async open(url) {
      const context = await browser.createBrowserContext()
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
        close: () => context.close(),
      }
      return engine
    },
    close: () => browser.close(),
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
