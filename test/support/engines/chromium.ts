/** Chromium: the one shared Chromium of global-setup, over playwright-core, as the rest of the suite. */
import { connectBrowser } from '../browser.js'
import { callExpression, LISTENER_SOURCE, READ_ERRORS, READ_REPORT, type EngineViolation } from './report.js'
import type { EngineBrowser, EnginePage } from './types.js'

export async function launchChromium(): Promise<EngineBrowser> {
  const browser = await connectBrowser()
  return {
    engine: 'chromium',
    version: `Chromium ${browser.version()}`,
    async open(url) {
      const context = await browser.newContext()
      const page = await context.newPage()
      const refusals: string[] = []
      page.on('console', (m) => {
        if (m.type() === 'error' && /Content Security Policy/.test(m.text())) refusals.push(m.text())
      })
      // addInitScript runs in every frame before the frame's own scripts.
      await page.addInitScript({ content: LISTENER_SOURCE })
      await page.goto(url, { waitUntil: 'load' })
      const engine: EnginePage = {
        engine: 'chromium',
        evaluate: (fn, ...args) => page.evaluate(callExpression(fn, args)),
        async violations() {
          const perFrame = await Promise.all(page.frames().map((f) => f.evaluate(READ_REPORT).catch(() => null) as Promise<EngineViolation[] | null>))
          return perFrame.flatMap((v) => v ?? [])
        },
        refusals: async () => [...refusals],
        click: (selector) => page.click(selector),
        clickAt: (x, y) => page.mouse.click(x, y),
        type: (text) => page.keyboard.insertText(text),
        url: async () => page.url(),
        pageErrors: () => page.evaluate(READ_ERRORS) as Promise<string[]>,
        close: () => context.close(),
      }
      return engine
    },
    close: () => browser.close(),
  }
}
