// Chromium only: the dev server's own behaviour (the fix each terminal line gives, preview, the build untouched);
// its policy, HMR and violation reports in Firefox and WebKit too: test/dev-server-in-every-engine.test.ts.
import { cpSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { chromium, type Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import type { PreviewServer, ViteDevServer } from 'vite8'
import csp from '@cspkit/vite'
import { CHROMIUM, CHROMIUM_ARGS } from './support/global-setup.js'
import { loadPage, readViolations } from './support/browser.js'
import { viteTerminal as terminal } from './support/vite-terminal.js'
import { ROOT, tempDir } from './support/builds.js'

const FIXTURE = join(ROOT, 'test/fixtures/dev-vite')
const INPUT = (root: string) => ({ index: join(root, 'index.html'), violations: join(root, 'violations.html') })

const violationLines = (lines: readonly string[]) => lines.filter((l) => l.includes('CSP_VIOLATION'))

let browser: Browser
let root: string
let server: ViteDevServer
let out: ReturnType<typeof terminal>
let base: string

beforeAll(async () => {
  // Hosts the page calls resolve to 127.0.0.1: no request can leave the machine even if one were allowed.
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [...CHROMIUM_ARGS, '--host-resolver-rules=MAP blocked.test 127.0.0.1, MAP *.blocked.test 127.0.0.1, MAP *.gleap.io 127.0.0.1'],
  })
  root = tempDir('dev-vite')
  cpSync(FIXTURE, root, { recursive: true })
  out = terminal()
  const { createServer } = await import('vite8')
  server = await createServer({
    root,
    configFile: false,
    customLogger: out,
    plugins: [csp()],
    server: { host: '127.0.0.1', port: 0 },
  })
  await server.listen()
  base = server.resolvedUrls!.local[0]!.replace(/\/$/, '')
})

afterAll(async () => {
  await server?.close()
  await browser?.close()
})

describe('vite dev', () => {
  it('sends each page its policy as an enforced header: Vite\'s client, imported CSS and the page\'s inline script work with zero violations', async () => {
    const response = await fetch(`${base}/`)
    const header = response.headers.get('content-security-policy')
    expect(header).toContain("default-src 'self'")
    expect(header).toContain('report-uri /__cspkit/report')

    const { page, context, violations, consoleErrors } = await loadPage(browser, `${base}/`)
    try {
      await page.waitForFunction(() => document.getElementById('app')?.textContent === 'first version')
      expect(await page.evaluate(() => (window as unknown as { __inlineRan?: boolean }).__inlineRan)).toBe(true)
      // The CSS arrives as a <style> element injected by Vite's client: it applies only if the policy allows it.
      expect(await page.$eval('#app', (el) => getComputedStyle(el).color)).toBe('rgb(1, 2, 3)')
      expect(violations).toEqual([])
      expect(consoleErrors.filter((e) => /Content Security Policy/i.test(e))).toEqual([])
    } finally {
      await context.close()
    }
  })

  it('still hot-updates modules and CSS when a file is edited, with zero violations from Vite\'s client', async () => {
    const { page, context } = await loadPage(browser, `${base}/`)
    try {
      await page.waitForFunction(() => document.getElementById('app')?.textContent === 'first version')
      await page.evaluate(() => ((window as unknown as { __sameDocument: boolean }).__sameDocument = true))

      writeFileSync(join(root, 'message.js'), "export const message = 'second version'\n")
      await page.waitForFunction(() => document.getElementById('app')?.textContent === 'second version')
      writeFileSync(join(root, 'style.css'), '#app {\n  color: rgb(4, 5, 6);\n}\n')
      await page.waitForFunction(() => getComputedStyle(document.getElementById('app')!).color === 'rgb(4, 5, 6)')

      // Updated in place over the HMR websocket, not by a full reload.
      expect(await page.evaluate(() => (window as unknown as { __sameDocument?: boolean }).__sameDocument)).toBe(true)
      expect(await readViolations(page)).toEqual([])
      expect(violationLines(out.lines)).toEqual([])
    } finally {
      await context.close()
    }
  })

  it('prints each distinct violation once in the terminal, naming the page and directive and saying which source or preset to add', async () => {
    for (let load = 0; load < 2; load++) {
      const { page, context } = await loadPage(browser, `${base}/violations.html`)
      await page.waitForFunction(() => (window as unknown as { __violationsDone?: boolean }).__violationsDone === true)
      await context.close()
    }
    await vi.waitFor(() => expect(violationLines(out.lines)).toHaveLength(3), { timeout: 15_000, interval: 100 })
    // Reports arrive once per request and per load; give stragglers the chance to be (wrongly) printed again.
    await new Promise((r) => setTimeout(r, 500))
    const lines = violationLines(out.lines)
    expect(lines).toHaveLength(3)

    const blocked = lines.find((l) => l.includes('http://blocked.test/'))!
    expect(blocked).toContain('(/violations.html)')
    expect(blocked).toContain("'connect-src' blocked http://blocked.test/data.json")
    // There is no connect-src: it must be created, repeating default-src's 'self'.
    expect(blocked).toContain(`Fix: Add 'connect-src': ["'self'", 'http://blocked.test']`)

    const image = lines.find((l) => l.includes('images.blocked.test'))!
    expect(image).toContain("'img-src' blocked http://images.blocked.test/pixel.png")
    expect(image).toContain("Fix: Add 'http://images.blocked.test' to 'img-src'")

    const gleap = lines.find((l) => l.includes('api.gleap.io'))!
    expect(gleap).toContain("'connect-src' blocked https://api.gleap.io/v3/ping")
    // The host is one a built-in preset covers: the fix names the source and the preset.
    expect(gleap).toContain("'https://api.gleap.io'")
    expect(gleap).toContain("or add the 'gleap' preset (presets: ['gleap']), which allows it.")
    // Hosts no preset covers get no preset suggestion.
    expect(blocked).not.toContain('preset')
  })
})

describe('production output', () => {
  it('is the same with the dev server\'s allowances in place: no nonce, websocket or report endpoint reaches the build', async () => {
    const { build } = await import('vite8')
    const built: string[] = []
    for (const mode of ['enforce', 'off'] as const) {
      const outDir = tempDir(`dev-vite-build-${mode}`)
      await build({
        root,
        configFile: false,
        logLevel: 'silent',
        plugins: [csp({ dev: { mode } })],
        build: { outDir, rollupOptions: { input: INPUT(root) } },
      })
      built.push(readFileSync(join(outDir, 'index.html'), 'utf8'))
    }
    expect(built[0]).toBe(built[1])
    expect(built[0]).not.toMatch(/nonce|ws:|report-uri/)
  })
})

describe('vite preview', () => {
  let preview: PreviewServer
  let previewOut: ReturnType<typeof terminal>
  let outDir: string
  beforeAll(async () => {
    const vite = await import('vite8')
    outDir = tempDir('dev-vite-preview')
    const plugins = [csp({ dev: { mode: 'report-only' } })]
    await vite.build({ root, configFile: false, logLevel: 'silent', plugins, build: { outDir, rollupOptions: { input: INPUT(root) } } })
    previewOut = terminal()
    preview = await vite.preview({
      root,
      configFile: false,
      customLogger: previewOut,
      plugins,
      build: { outDir },
      preview: { host: '127.0.0.1', port: 0 },
    })
  })
  afterAll(async () => {
    await preview?.close()
  })

  it('sends each built page its built policy, report-only by option, reporting to the endpoint', async () => {
    const url = preview.resolvedUrls!.local[0]!.replace(/\/$/, '')
    const response = await fetch(`${url}/`)
    expect(response.headers.get('content-security-policy')).toBeNull()
    const header = response.headers.get('content-security-policy-report-only')!
    const meta = /http-equiv="Content-Security-Policy" content="([^"]*)"/.exec(await response.text())![1]!
    // Every directive of the built page's own policy is in the header, unchanged apart from the report sample flag.
    for (const directive of meta.split('; ')) expect(header.replace(/ 'report-sample'/g, '')).toContain(directive)
    expect(header).toContain('report-uri /__cspkit/report')

    const { context } = await loadPage(browser, `${url}/violations.html`)
    await context.close()
    await vi.waitFor(() => expect(violationLines(previewOut.lines).some((l) => l.includes('http://blocked.test/data.json'))).toBe(true), {
      timeout: 15_000,
      interval: 100,
    })
  })
})
