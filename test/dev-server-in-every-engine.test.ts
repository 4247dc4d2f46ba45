/**
 * `vite dev` with the plugin, in Chromium, Firefox and WebKit: the dev policy (Vite's client, its
 * HMR websocket, imported CSS as injected `<style>`, the page's inline script) works with zero
 * violations, a module edit is hot-updated in place, and what the policy blocks reaches the
 * developer's terminal from each engine: the dev policy's `report-uri`, which every engine sends
 * (Chromium would batch Reporting API deliveries). One dev server per engine, each on its own copy,
 * since the terminal prints each distinct violation once. (test/dev-vite.test.ts covers the rest of
 * the dev server in Chromium: the fix each line gives, preview, production output.)
 */
import { cpSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import type { ViteDevServer } from 'vite8'
import csp from '@cspkit/vite'
import { ROOT, tempDir } from './support/builds.js'
import { viteTerminal } from './support/vite-terminal.js'
import { computedStyle, ENGINES, loadInEngine, waitInPage, warmUp } from './support/engines/index.js'

const FIXTURE = join(ROOT, 'test/fixtures/dev-vite')

warmUp()

describe.each(ENGINES)('vite dev in %s', (engine) => {
  let root: string
  let server: ViteDevServer
  let out: ReturnType<typeof viteTerminal>
  let base: string
  beforeAll(async () => {
    root = tempDir(`dev-engines-${engine}`)
    cpSync(FIXTURE, root, { recursive: true })
    out = viteTerminal()
    const { createServer } = await import('vite8')
    server = await createServer({ root, configFile: false, customLogger: out, plugins: [csp()], server: { host: '127.0.0.1', port: 0 } })
    await server.listen()
    base = server.resolvedUrls!.local[0]!.replace(/\/$/, '')
  })
  afterAll(async () => {
    await server?.close()
  })

  it('runs the app under the dev policy with zero violations, and hot-updates a module in place', async () => {
    const { page } = await loadInEngine(engine, `${base}/`)
    try {
      await waitInPage(page, () => document.getElementById('app')?.textContent === 'first version')
      expect(await page.evaluate(() => (window as unknown as { __inlineRan?: boolean }).__inlineRan)).toBe(true)
      expect(await computedStyle(page, '#app', 'color')).toBe('rgb(1, 2, 3)')
      await page.evaluate(() => ((window as unknown as { __sameDocument: boolean }).__sameDocument = true))
      writeFileSync(join(root, 'message.js'), "export const message = 'second version'\n")
      await waitInPage(page, () => document.getElementById('app')?.textContent === 'second version', [], 20_000)
      expect(await page.evaluate(() => (window as unknown as { __sameDocument?: boolean }).__sameDocument)).toBe(true)
      expect(await page.violations()).toEqual([])
      expect(out.lines.filter((l) => l.includes('CSP_VIOLATION'))).toEqual([])
    } finally {
      await page.close()
    }
  })

  it('prints what the policy blocks in the terminal, from this engine\'s reports', async () => {
    const { page } = await loadInEngine(engine, `${base}/violations.html`)
    try {
      await waitInPage(page, () => (window as unknown as { __violationsDone?: boolean }).__violationsDone === true)
      // The page saw the refusals itself (the negative control of the terminal's silence above).
      await vi.waitFor(async () => expect((await page.violations()).map((v) => v.effectiveDirective).sort()).toEqual(expect.arrayContaining(['connect-src', 'img-src'])), { timeout: 10_000, interval: 100 })
    } finally {
      await page.close()
    }
    await vi.waitFor(
      () => {
        const lines = out.lines.filter((l) => l.includes('CSP_VIOLATION'))
        expect(lines.some((l) => l.includes("'connect-src' blocked http://blocked.test/data.json"))).toBe(true)
        expect(lines.some((l) => l.includes("'img-src' blocked http://images.blocked.test/pixel.png"))).toBe(true)
      },
      { timeout: 15_000, interval: 100 },
    )
  })
})
