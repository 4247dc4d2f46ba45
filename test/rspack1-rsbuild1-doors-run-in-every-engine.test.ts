/**
 * @cspkit/rspack on Rspack 1 and Rsbuild 1 (1.x, installed beside the 2.x the other tests build
 * with): the same one-page app test/doors-bundlers.test.ts builds with Rspack 2 and Rsbuild 2 (an
 * inline script, an inline style and the bundle's script), through the same doors: HtmlRspackPlugin
 * and html-webpack-plugin, each next to Rspack's SubresourceIntegrityPlugin, and Rsbuild's
 * `tools.rspack`. Each page is judged in Chromium, Firefox and WebKit: zero violations, every script
 * ran, the style applied; its negative control (the inline script's hash dropped from the same
 * page) is blocked in each of them. A page loading what its policy blocks fails each build with
 * cspkit's own message.
 */
import { cpSync, readFileSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import HtmlWebpackPlugin from 'html-webpack-plugin'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import rspackCsp, { hashSource, scanPage, type CspkitApi } from '@cspkit/rspack'
import { serveDir, type StaticServer } from './support/browser.js'
import { ROOT, tempDir } from './support/builds.js'
import { dropFirstHash } from './support/drop-hash.js'
import { ENGINES, computedStyle, loadInEngine, waitInPage, warmUp } from './support/engines/index.js'
import { packageVersion } from './support/real-sites.js'
import { rsbuild1Build, rspack1, rspack1Build, type Rspack1Options } from './support/rspack1-builds.js'

const FIXTURE = join(ROOT, 'test/fixtures/doors-app')
const POLICY = { 'default-src': ["'self'"] }
const require = createRequire(import.meta.url)
const RSPACK = packageVersion('rspack1')
const RSBUILD = packageVersion('rsbuild1')

const rspackConfig = (fixture: string, out: string, plugins: readonly unknown[]): Rspack1Options => ({
  mode: 'production',
  context: fixture,
  entry: './main.js',
  // SubresourceIntegrityPlugin needs cross-origin loading set; the integrity the browser then checks is its own.
  output: { path: out, filename: '[name].[contenthash].js', crossOriginLoading: 'anonymous' },
  plugins: plugins as never,
})

/** Each door: a real build of a fixture into `out` with the door's plugin; resolves with the plugin's api. */
const DOORS: Record<string, (out: string, fixture?: string) => Promise<CspkitApi>> = {
  async [`Rspack ${RSPACK} (HtmlRspackPlugin, SubresourceIntegrityPlugin)`](out, fixture = FIXTURE) {
    const plugin = rspackCsp({ policy: POLICY })
    const sri = new rspack1.SubresourceIntegrityPlugin({ hashFuncNames: ['sha384'] })
    await rspack1Build(rspackConfig(fixture, out, [new rspack1.HtmlRspackPlugin({ template: './index.html' }), sri, plugin]))
    return plugin.api
  },
  async [`Rspack ${RSPACK} (html-webpack-plugin, SubresourceIntegrityPlugin)`](out, fixture = FIXTURE) {
    const plugin = rspackCsp({ policy: POLICY })
    const sri = new rspack1.SubresourceIntegrityPlugin({ hashFuncNames: ['sha384'], htmlPlugin: require.resolve('html-webpack-plugin') })
    await rspack1Build(rspackConfig(fixture, out, [new HtmlWebpackPlugin({ template: './index.html' }), sri, plugin]))
    return plugin.api
  },
  async [`Rsbuild ${RSBUILD} (tools.rspack)`](out, fixture = FIXTURE) {
    const plugin = rspackCsp({ policy: POLICY })
    await rsbuild1Build(fixture, out, plugin, { source: { entry: { index: './main.js' } }, html: { template: './index.html' } })
    return plugin.api
  },
}

interface Built {
  api: CspkitApi
  html: string
  server: StaticServer
  /** The same output with the inline script's hash taken out of the page's policy. */
  dropped: StaticServer
}

const built = new Map<string, Built>()
/** The fixture with a script from another origin, which default-src 'self' blocks: a LOAD_BLOCKED error. */
const blockedFixture = tempDir('rspack1-door-blocked-src')

// Built once each, one after another (two cores), before any page is judged.
beforeAll(async () => {
  warmUp()
  cpSync(FIXTURE, blockedFixture, { recursive: true })
  const template = readFileSync(join(FIXTURE, 'index.html'), 'utf8')
  writeFileSync(join(blockedFixture, 'index.html'), template.replace('</head>', '<script src="https://cdn.example.com/widget.js"></script>\n</head>'))
  for (const [door, build] of Object.entries(DOORS)) {
    const out = tempDir('rspack1-door')
    const api = await build(out)
    const copy = tempDir('rspack1-door-dropped')
    cpSync(out, copy, { recursive: true })
    expect(dropFirstHash(copy, 'script-src'), `${door}: the control removed the hash`).toBe(1)
    built.set(door, { api, html: readFileSync(join(out, 'index.html'), 'utf8'), server: await serveDir(out), dropped: await serveDir(copy) })
  }
})

afterAll(async () => {
  for (const b of built.values()) await Promise.all([b.server.close(), b.dropped.close()])
})

it('builds with the 1.x majors, not the 2.x ones installed beside them', () => {
  expect([RSPACK, RSBUILD, rspack1.rspackVersion]).toEqual([expect.stringMatching(/^1\./), expect.stringMatching(/^1\./), RSPACK])
})

describe.each(Object.keys(DOORS))('%s', (door) => {
  const get = () => built.get(door)!

  it("writes one CSP meta holding the hashes of the page's inline script and style as emitted, and reports nothing", () => {
    const { api, html } = get()
    const metas = html.match(/<meta http-equiv="Content-Security-Policy" content="[^"]*">/g) ?? []
    expect(metas).toHaveLength(1)
    // The hashes of the inline content as it shipped (after the HTML plugin's minifier, where it has one).
    const inline = scanPage(html).inline
    expect(inline.map((item) => item.kind).sort()).toEqual(['script', 'style'])
    const hash = (kind: string) => hashSource(inline.find((item) => item.kind === kind)!.text, 'sha256')
    expect(metas[0]).toBe(`<meta http-equiv="Content-Security-Policy" content="default-src 'self'; script-src 'self' ${hash('script')}; style-src 'self' ${hash('style')}">`)
    expect([...api.page('index.html')!.hashes].sort()).toEqual([hash('script'), hash('style')].sort())
    expect(api.diagnostics.filter((d) => d.severity !== 'info')).toEqual([])
    // Next to SubresourceIntegrityPlugin, its integrity attribute is kept (the browser checks it when the bundle runs below).
    if (door.includes('SubresourceIntegrityPlugin')) expect(html).toMatch(/<script[^>]* integrity="sha384-[A-Za-z0-9+/]{64}"/)
  })

  it.each(ENGINES)('runs in %s with zero violations: inline script, bundle and style all applied', async (engine) => {
    const { page, violations } = await loadInEngine(engine, `${get().server.url}/`)
    try {
      await waitInPage(page, () => document.getElementById('out')?.textContent === 'bundle ran')
      expect(violations).toEqual([])
      expect(await page.violations()).toEqual([])
      expect(await page.evaluate(() => document.documentElement.dataset.inline)).toBe('ran')
      expect(await computedStyle(page, 'body', 'color')).toBe('rgb(1, 2, 3)')
    } finally {
      await page.close()
    }
  })

  it("fails the build with cspkit's message when the page loads what its policy blocks (LOAD_BLOCKED, an error)", async () => {
    const failure = await DOORS[door]!(tempDir('rspack1-door-blocked'), blockedFixture).then(
      () => undefined,
      (error: Error) => error,
    )
    expect(failure?.message).toMatch(/\[cspkit\] LOAD_BLOCKED \(index\.html[^)]*\): <script src="https:\/\/cdn\.example\.com\/widget\.js"> loads from 'https:\/\/cdn\.example\.com'/)
  })

  it.each(ENGINES)('negative control in %s: without its hash the inline script is blocked, the rest still runs', async (engine) => {
    const { page } = await loadInEngine(engine, `${get().dropped.url}/`)
    try {
      await waitInPage(page, () => document.getElementById('out')?.textContent === 'bundle ran')
      expect((await page.violations()).map((v) => v.effectiveDirective)).toEqual(['script-src-elem'])
      expect(await page.evaluate(() => document.documentElement.dataset.inline ?? null)).toBeNull()
    } finally {
      await page.close()
    }
  })
})
