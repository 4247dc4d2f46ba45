/**
 * Development works out of the box, with dev-only allowances, and the build never changes:
 * - webpack-dev-server with `mode: 'development'` and webpack's default `devtool: 'eval'` renders
 *   the page in Chromium: the dev policy allows 'unsafe-eval' (said once, DEV_EVAL_ALLOWED). The
 *   negative control: the same page with 'unsafe-eval' taken out of its header stays blank. A
 *   `webpack` build of the same config gets no 'unsafe-eval'.
 * - a HEAD request gets the same policy as GET, hashes included (webpack-dev-server and Vite's dev server).
 */
import { Console } from 'node:console'
import { readFileSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import { Writable } from 'node:stream'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import csp from '@cspkit/vite'
import { connectBrowser, loadPage } from './support/browser.js'
import { ROOT, tempDir } from './support/builds.js'

const FIXTURE = join(ROOT, 'test/fixtures/dev-webpack-eval')
const require = createRequire(join(FIXTURE, 'webpack.config.cjs'))

let browser: Browser
let server: { start(): Promise<void>; stop(): Promise<void> }
let base: string
const terminal: string[] = []

function config() {
  const webpackConfig = { ...require('./webpack.config.cjs'), context: FIXTURE }
  const capture = new Writable({
    write(chunk, _encoding, done) {
      terminal.push(...String(chunk).split('\n').filter(Boolean))
      done()
    },
  })
  webpackConfig.stats = 'none'
  webpackConfig.infrastructureLogging = { console: new Console({ stdout: capture, stderr: capture }), level: 'info' }
  return webpackConfig
}

beforeAll(async () => {
  browser = await connectBrowser()
  const webpack = require('webpack') as typeof import('webpack')
  const WebpackDevServer = require('webpack-dev-server')
  const c = config()
  server = new WebpackDevServer({ ...c.devServer, host: '127.0.0.1', port: 0, hot: true, static: false, open: false }, webpack(c))
  await server.start()
  const address = (server as unknown as { server: { address(): { port: number } } }).server.address()
  base = `http://127.0.0.1:${address.port}`
})

afterAll(async () => {
  await server?.stop()
  await browser?.close()
})

describe("webpack-dev-server, mode 'development', default devtool 'eval'", () => {
  it("renders the page: the dev policy allows 'unsafe-eval', and says so once", async () => {
    const { page, context, violations } = await loadPage(browser, `${base}/`)
    try {
      await page.waitForFunction(() => (window as unknown as { __ready?: boolean }).__ready === true, undefined, { timeout: 10_000 })
      expect(await page.textContent('#app')).toBe('rendered through eval')
      expect(violations).toEqual([])
    } finally {
      await context.close()
    }
    const info = terminal.filter((l) => l.includes('DEV_EVAL_ALLOWED'))
    expect(info).toHaveLength(1)
    expect(info[0]).toContain("devtool 'eval' runs each module through eval(), so the dev server's policy allows 'unsafe-eval'")
  })

  it("the negative control: without 'unsafe-eval' in the header the page stays blank", async () => {
    const context = await browser.newContext()
    const page = await context.newPage()
    try {
      await page.route(`${base}/`, async (route) => {
        const response = await route.fetch()
        const headers = response.headers()
        expect(headers['content-security-policy']).toContain("'unsafe-eval'")
        headers['content-security-policy'] = headers['content-security-policy']!.replace(" 'unsafe-eval'", '')
        await route.fulfill({ response, headers })
      })
      await page.goto(`${base}/`, { waitUntil: 'load' })
      await page.waitForTimeout(500)
      expect(await page.evaluate(() => ({ app: document.querySelector('#app') !== null, inline: (window as unknown as { inlineRan?: boolean }).inlineRan === true }))).toEqual({ app: false, inline: true })
    } finally {
      await context.close()
    }
  })

  it("a webpack build of the same config gets no 'unsafe-eval'", async () => {
    const webpack = require('webpack') as typeof import('webpack')
    const out = tempDir('dev-eval-build')
    const compiler = webpack({ ...config(), output: { path: out } })
    await new Promise<void>((ok, fail) => compiler.run((error, stats) => (error || stats?.hasErrors() ? fail(error ?? new Error(stats!.toString())) : ok())))
    await new Promise((ok) => compiler.close(ok))
    const html = readFileSync(join(out, 'index.html'), 'utf8')
    expect(html).toContain('http-equiv="Content-Security-Policy"')
    expect(html).not.toContain('unsafe-eval')
  })

  it('HEAD gets the same policy as GET, with the inline script\'s hash', async () => {
    const get = (await fetch(`${base}/`)).headers.get('content-security-policy')!
    const head = await fetch(`${base}/`, { method: 'HEAD' })
    expect(get).toMatch(/'sha256-/)
    expect(head.headers.get('content-security-policy')).toBe(get)
    expect(await head.text()).toBe('')
  })
})

describe('Vite dev server', () => {
  it('HEAD gets the same policy as GET, with the inline script\'s hash', async () => {
    const root = tempDir('dev-head-vite')
    writeFileSync(join(root, 'index.html'), '<!doctype html><html><head><meta charset="utf-8"><title>head</title><script>window.inlineRan = true</script></head><body></body></html>')
    const { createServer } = (await import('vite8')) as typeof import('vite8')
    const vite = await createServer({ root, configFile: false, logLevel: 'silent', plugins: [csp()], server: { host: '127.0.0.1', port: 0 } })
    await vite.listen()
    try {
      const url = vite.resolvedUrls!.local[0]!
      const get = (await fetch(url)).headers.get('content-security-policy')!
      const head = (await fetch(url, { method: 'HEAD' })).headers.get('content-security-policy')
      expect(get).toMatch(/'sha256-/)
      expect(head).toBe(get)
    } finally {
      await vite.close()
    }
  })
})
