import { join } from 'node:path'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { defaultPolicy, type Diagnostic, type Options } from '@cspkit/core'
import csp from '@cspkit/vite'
import cspWebpack from '@cspkit/webpack'
import { connectBrowser, loadPage, serveDir, type StaticServer, type Violation } from './support/browser.js'
import { ROOT, tempDir, webpackBuild } from './support/builds.js'

// The script analysis on what minifiers really emit: one small app that makes every call it looks
// for (each to its own host), built by Vite 8 (Rolldown/Oxc) and webpack 5 (Terser) with the default
// policy. Each call must be found in the bundle, with its directive, and nothing else; Chromium,
// running the same bundle, must block the same things.
const APP = join(ROOT, 'test/fixtures/loads-scripts')

/** What the app does, as (code, directive, what): the origin requested, or the call for eval-like code. */
const EXPECTED: readonly (readonly [string, string, string])[] = [
  ['SCRIPT_LOAD_BLOCKED', 'connect-src', 'https://fetch.example.com'],
  ['SCRIPT_LOAD_BLOCKED', 'connect-src', 'https://xhr.example.com'],
  ['SCRIPT_LOAD_BLOCKED', 'connect-src', 'wss://ws.example.com'],
  ['SCRIPT_LOAD_BLOCKED', 'connect-src', 'https://sse.example.com'],
  ['SCRIPT_LOAD_BLOCKED', 'connect-src', 'https://beacon.example.com'],
  ['SCRIPT_LOAD_BLOCKED', 'script-src-elem', 'https://esm.example.com'],
  ['SCRIPT_LOAD_BLOCKED', 'worker-src', 'https://worker.example.com'],
  ['EVAL_BLOCKED', 'script-src', 'setTimeout("…")'],
  ['EVAL_BLOCKED', 'script-src', 'eval()'],
  ['EVAL_BLOCKED', 'script-src', 'Function()'],
  ['WASM_EVAL_BLOCKED', 'script-src', 'WebAssembly.instantiate()'],
]

/** A diagnostic as (code, directive, what), like EXPECTED. */
function described(d: Diagnostic): string {
  const origin = /'((?:https?|wss?):\/\/[^']+)'/.exec(d.message)?.[1]
  const call = /^(?:new )?(setTimeout\("…"\)|eval\(\)|Function\(\)|WebAssembly\.\w+\(\))/.exec(d.message)?.[1]
  return [d.code, d.directive, origin ?? call].join(' ')
}

/** Everything EXPECTED needs, allowed: the negative control (no warning, no violation). */
const ALLOWING: Options = {
  policy: {
    ...defaultPolicy,
    'script-src': ["'self'", 'https://esm.example.com', "'unsafe-eval'"],
    'connect-src': ["'self'", ...EXPECTED.filter(([, d]) => d === 'connect-src').map(([, , origin]) => origin)],
    'worker-src': ["'self'", 'https://worker.example.com'],
  },
}

async function viteDiagnostics(outDir: string, options: Options = {}): Promise<readonly Diagnostic[]> {
  const { build } = (await import('vite8')) as typeof import('vite8')
  const plugin = csp({ ...options, failOn: 'never' })
  await build({ root: APP, configFile: false, logLevel: 'silent', plugins: [plugin], build: { outDir, emptyOutDir: true } })
  return plugin.api.diagnostics
}

async function webpackDiagnostics(outDir: string, options: Options = {}): Promise<readonly Diagnostic[]> {
  const plugin = cspWebpack({ ...options, failOn: 'never' })
  const stats = await webpackBuild(join(APP, 'webpack.config.cjs'), outDir, (config) => ({ ...config, plugins: [...config.plugins, plugin] }))
  expect(stats.hasErrors(), stats.toString('errors-only')).toBe(false)
  return plugin.api.diagnostics
}

let browser: Browser
beforeAll(async () => {
  browser = await connectBrowser()
})
afterAll(async () => {
  await browser?.close()
})

describe.each([
  ['vite 8', viteDiagnostics],
  ['webpack 5', webpackDiagnostics],
] as const)('%s bundle that makes every call the analysis looks for', (name, build) => {
  const out = tempDir(`loads-scripts-${name.replace(' ', '')}`)
  const allowingOut = tempDir(`loads-scripts-${name.replace(' ', '')}-allowing`)
  let diagnostics: readonly Diagnostic[]
  let allowing: readonly Diagnostic[]
  let server: StaticServer
  let allowingServer: StaticServer

  beforeAll(async () => {
    diagnostics = (await build(out)).filter((d) => /BLOCKED$/.test(d.code))
    allowing = (await build(allowingOut, ALLOWING)).filter((d) => /BLOCKED$/.test(d.code))
    server = await serveDir(out)
    allowingServer = await serveDir(allowingOut)
  })
  afterAll(async () => {
    await server?.close()
    await allowingServer?.close()
  })

  it('negative control: with a policy that allows all of it, no warning and no violation in Chromium', async () => {
    expect(allowing).toEqual([])
    const loaded = await loadPage(browser, `${allowingServer.url}/index.html`)
    await loaded.page.waitForFunction(() => document.body.dataset.done === 'yes')
    expect(loaded.violations).toEqual([])
    await loaded.context.close()
  })

  it('finds each call in the minified chunk, with its directive, and nothing else (no error: they are warnings)', () => {
    expect(diagnostics.map(described).sort()).toEqual(EXPECTED.map((e) => e.join(' ')).sort())
    for (const d of diagnostics) {
      expect(d.severity).toBe('warning')
      expect(d.file).toMatch(/\.js:\d+:\d+$/)
    }
  })

  it('Chromium blocks the same: each request and eval the build warned about is a violation of that directive family', async () => {
    const loaded = await loadPage(browser, `${server.url}/index.html`)
    await loaded.page.waitForFunction(() => document.body.dataset.done === 'yes')
    const violations = loaded.violations
    await loaded.context.close()
    const seen = new Set(violations.map(violationKey))
    // A cross-origin Worker fails the same-origin check before CSP is asked: no violation to compare.
    const comparable = EXPECTED.filter(([, directive]) => directive !== 'worker-src')
    for (const [code, directive, what] of comparable) {
      const key = `${directive.replace(/-elem$/, '')} ${code === 'SCRIPT_LOAD_BLOCKED' ? what : code === 'WASM_EVAL_BLOCKED' ? 'wasm-eval' : 'eval'}`
      expect(seen, `${key} among ${JSON.stringify(violations)}`).toContain(key)
    }
  })
})

function violationKey(v: Violation): string {
  const family = v.effectiveDirective.replace(/-elem$/, '')
  if (v.blockedURI === 'eval' || v.blockedURI === 'wasm-eval') return `${family} ${v.blockedURI}`
  try {
    return `${family} ${new URL(v.blockedURI).origin}`
  } catch {
    return `${family} ${v.blockedURI}`
  }
}
