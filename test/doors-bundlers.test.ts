/**
 * Every bundler door's own package in a real build of one page (an inline script, an inline style
 * and the bundle's script): @cspkit/rollup and @cspkit/rolldown with @rollup/plugin-html,
 * @cspkit/rspack with HtmlRspackPlugin and with html-webpack-plugin, each next to Rspack's own
 * SubresourceIntegrityPlugin, and @cspkit/rspack in Rsbuild's `tools.rspack`. Each page is judged
 * in Chromium, Firefox and WebKit: zero violations, every script ran, the style applied; its
 * negative control (the inline script's hash dropped from the same page) is blocked in each of them.
 * And a page that loads what its policy blocks fails each door's build with cspkit's own message.
 */
import { cpSync, readFileSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import htmlModule from '@rollup/plugin-html'
import { createLogger, createRsbuild } from '@rsbuild/core'
import { rspack, type RspackOptions } from '@rspack/core'
import HtmlWebpackPlugin from 'html-webpack-plugin'
import { rolldown } from 'rolldown'
import { rollup } from 'rollup'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import rolldownCsp from '@cspkit/rolldown'
import rollupCsp from '@cspkit/rollup'
import rspackCsp, { hashSource, scanPage, type CspkitApi } from '@cspkit/rspack'
import { serveDir, type StaticServer } from './support/browser.js'
import { ROOT, tempDir } from './support/builds.js'
import { dropFirstHash } from './support/drop-hash.js'
import { ENGINES, computedStyle, loadInEngine, waitInPage } from './support/engines/index.js'

const FIXTURE = join(ROOT, 'test/fixtures/doors-app')
const POLICY = { 'default-src': ["'self'"] }
const require = createRequire(import.meta.url)
// @rollup/plugin-html's types read as CommonJS under NodeNext (the function on `.default`); at run time the default import is the function.
const html = htmlModule as unknown as typeof htmlModule.default

/** @rollup/plugin-html's template: the fixture page with the build's entry as a module script. */
const pageTemplate =
  (fixture: string) =>
  ({ files }: { files: { js?: readonly { fileName: string }[] } }) =>
    readFileSync(join(fixture, 'index.html'), 'utf8').replace('</head>', `${(files.js ?? []).map((f) => `<script type="module" src="/${f.fileName}"></script>\n`).join('')}</head>`)

async function rspackBuild(config: RspackOptions): Promise<void> {
  const compiler = rspack(config)
  const stats = await new Promise<import('@rspack/core').Stats>((ok, fail) => compiler.run((error, s) => (error ? fail(error) : ok(s!))))
  await new Promise((ok) => compiler.close(ok))
  if (stats.hasErrors()) throw new Error(stats.toString({ preset: 'errors-only', colors: false }))
}

const rspackConfig = (fixture: string, out: string, plugins: readonly unknown[]): RspackOptions => ({
  mode: 'production',
  context: fixture,
  entry: './main.js',
  // SubresourceIntegrityPlugin needs cross-origin loading set; the integrity the browser then checks is its own.
  output: { path: out, filename: '[name].[contenthash].js', crossOriginLoading: 'anonymous' },
  plugins: plugins as never,
})

/** Each door: a real build of a fixture into `out` with the door's plugin; resolves with the plugin's api. */
const DOORS: Record<string, (out: string, fixture?: string) => Promise<CspkitApi>> = {
  async 'Rollup 4 (@cspkit/rollup, @rollup/plugin-html)'(out, fixture = FIXTURE) {
    const plugin = rollupCsp({ policy: POLICY })
    const bundle = await rollup({ input: join(fixture, 'main.js'), plugins: [html({ template: pageTemplate(fixture) }), plugin] })
    await bundle.write({ dir: out, format: 'es', entryFileNames: 'assets/[name]-[hash].js' })
    await bundle.close()
    return plugin.api
  },
  async 'Rolldown 1 (@cspkit/rolldown, @rollup/plugin-html)'(out, fixture = FIXTURE) {
    const plugin = rolldownCsp({ policy: POLICY })
    const bundle = await rolldown({ input: join(fixture, 'main.js'), plugins: [html({ template: pageTemplate(fixture) }) as never, plugin] })
    await bundle.write({ dir: out, format: 'es', entryFileNames: 'assets/[name]-[hash].js' })
    await bundle.close()
    return plugin.api
  },
  async 'Rspack (@cspkit/rspack, HtmlRspackPlugin, SubresourceIntegrityPlugin)'(out, fixture = FIXTURE) {
    const plugin = rspackCsp({ policy: POLICY })
    const sri = new rspack.SubresourceIntegrityPlugin({ hashFuncNames: ['sha384'] })
    await rspackBuild(rspackConfig(fixture, out, [new rspack.HtmlRspackPlugin({ template: './index.html' }), sri, plugin]))
    return plugin.api
  },
  async 'Rspack (@cspkit/rspack, html-webpack-plugin, SubresourceIntegrityPlugin)'(out, fixture = FIXTURE) {
    const plugin = rspackCsp({ policy: POLICY })
    const sri = new rspack.SubresourceIntegrityPlugin({ hashFuncNames: ['sha384'], htmlPlugin: require.resolve('html-webpack-plugin') })
    await rspackBuild(rspackConfig(fixture, out, [new HtmlWebpackPlugin({ template: './index.html' }), sri, plugin]))
    return plugin.api
  },
  async 'Rsbuild 2 (@cspkit/rspack in tools.rspack)'(out, fixture = FIXTURE) {
    const plugin = rspackCsp({ policy: POLICY })
    // What Rsbuild prints (its thrown error only says the build failed), kept for a failure's message.
    const printed: string[] = []
    const print = (...args: unknown[]) => printed.push(args.map(String).join(' '))
    const rsbuild = await createRsbuild({
      cwd: fixture,
      rsbuildConfig: {
        customLogger: createLogger({ level: 'warn', console: { log: print, warn: print, error: print } }),
        source: { entry: { index: './main.js' } },
        html: { template: './index.html' },
        output: { distPath: { root: out }, cleanDistPath: false },
        tools: { rspack: (_config, { appendPlugins }) => appendPlugins(plugin as never) },
      },
    })
    const result = await rsbuild.build().catch((error: Error) => {
      throw new Error([error.message, ...printed].join('\n'))
    })
    await result.close()
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
const blockedFixture = tempDir('door-blocked-src')

// Built one after another (two cores), before any page is judged.
beforeAll(async () => {
  cpSync(FIXTURE, blockedFixture, { recursive: true })
  const template = readFileSync(join(FIXTURE, 'index.html'), 'utf8')
  writeFileSync(join(blockedFixture, 'index.html'), template.replace('</head>', '<script src="https://cdn.example.com/widget.js"></script>\n</head>'))
  for (const [door, build] of Object.entries(DOORS)) {
    const out = tempDir('door')
    const api = await build(out)
    const copy = tempDir('door-dropped')
    cpSync(out, copy, { recursive: true })
    expect(dropFirstHash(copy, 'script-src'), `${door}: the control removed the hash`).toBe(1)
    built.set(door, { api, html: readFileSync(join(out, 'index.html'), 'utf8'), server: await serveDir(out), dropped: await serveDir(copy) })
  }
})

afterAll(async () => {
  for (const b of built.values()) await Promise.all([b.server.close(), b.dropped.close()])
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
    const failure = await DOORS[door]!(tempDir('door-blocked'), blockedFixture).then(
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
