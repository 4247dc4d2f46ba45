// Chromium only: webpack-dev-server's middleware is the same dev policy and report endpoint as Vite's,
// which test/dev-server-in-every-engine.test.ts judges in Chromium, Firefox and WebKit.
import { Console } from 'node:console'
import { createRequire } from 'node:module'
import { createServer } from 'node:net'
import { join } from 'node:path'
import { Writable } from 'node:stream'
import { chromium, type Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { CHROMIUM, CHROMIUM_ARGS } from './support/global-setup.js'
import { loadPage } from './support/browser.js'
import { ROOT } from './support/builds.js'

const FIXTURE = join(ROOT, 'test/fixtures/dev-webpack')
const require = createRequire(join(FIXTURE, 'webpack.config.cjs'))

async function freePort(): Promise<number> {
  const probe = createServer()
  await new Promise<void>((ok) => probe.listen(0, '127.0.0.1', ok))
  const { port } = probe.address() as { port: number }
  await new Promise((ok) => probe.close(ok))
  return port
}

let browser: Browser
let server: { start(): Promise<void>; stop(): Promise<void> }
let base: string
const terminal: string[] = []

beforeAll(async () => {
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [...CHROMIUM_ARGS, '--host-resolver-rules=MAP blocked.test 127.0.0.1, MAP *.gleap.io 127.0.0.1'],
  })
  const webpack = require('webpack') as typeof import('webpack')
  const WebpackDevServer = require('webpack-dev-server')
  const config = { ...require('./webpack.config.cjs'), context: FIXTURE }
  // webpack's infrastructure logger is where the dev server (and cspkit) print to the terminal.
  const capture = new Writable({
    write(chunk, _encoding, done) {
      terminal.push(...String(chunk).split('\n').filter(Boolean))
      done()
    },
  })
  config.stats = 'none'
  config.infrastructureLogging = { console: new Console({ stdout: capture, stderr: capture }), level: 'warn' }
  const port = await freePort()
  server = new WebpackDevServer({ ...config.devServer, host: '127.0.0.1', port, hot: true, static: false, open: false }, webpack(config))
  await server.start()
  base = `http://127.0.0.1:${port}`
})

afterAll(async () => {
  await server?.stop()
  await browser?.close()
})

describe('webpack-dev-server with cspDevServer', () => {
  it('serves the page with its policy as a header, and the dev client runs with zero violations', async () => {
    const response = await fetch(`${base}/`)
    const header = response.headers.get('content-security-policy')!
    expect(header).toContain("default-src 'self'")
    expect(header).toContain('report-uri /__cspkit/report')

    const { page, context, violations } = await loadPage(browser, `${base}/`)
    try {
      await page.waitForFunction(() => (window as unknown as { __ready?: boolean }).__ready === true)
      expect(await page.textContent('#app')).toBe('webpack dev')
      expect(violations).toEqual([])
    } finally {
      await context.close()
    }
    expect(terminal.filter((l) => l.includes('CSP_VIOLATION'))).toEqual([])
  })

  it('prints each violation once in the terminal with the directive and the source or preset to add', async () => {
    for (let load = 0; load < 2; load++) {
      const { page, context } = await loadPage(browser, `${base}/?violate`)
      await page.waitForFunction(() => (window as unknown as { __ready?: boolean }).__ready === true)
      await context.close()
    }
    const lines = () => terminal.filter((l) => l.includes('CSP_VIOLATION'))
    await vi.waitFor(() => expect(lines()).toHaveLength(2), { timeout: 15_000, interval: 100 })
    await new Promise((r) => setTimeout(r, 500))
    expect(lines()).toHaveLength(2)
    const blocked = lines().find((l) => l.includes('http://blocked.test/data.json'))!
    expect(blocked).toContain('[cspkit] CSP_VIOLATION (/?violate)')
    expect(blocked).toContain("'connect-src' blocked http://blocked.test/data.json")
    expect(blocked).toContain(`Fix: Add 'connect-src': ["'self'", 'http://blocked.test']`)
    const gleap = lines().find((l) => l.includes('api.gleap.io'))!
    expect(gleap).toContain("'https://api.gleap.io'")
    expect(gleap).toContain("or add the 'gleap' preset (presets: ['gleap']), which allows it.")
  })
})
