import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { rolldown } from 'rolldown'
import { createRolldownPlugin } from 'unplugin'
import { createCspkit, processDirectory, processSite, type Options, type PageInput } from '@cspkit/core'
import csp from '@cspkit/vite'
import { EXAMPLES, ROOT, readTree, tempDir, webpackBuild } from './support/builds.js'

// Site scope is one pipeline: the Vite plugin, the webpack plugin and directory mode (on worker
// threads) give every page the same union of hashes as processSite over the same built pages.

const MPA = join(EXAMPLES, 'vite-mpa')
const MPA_INPUT = { home: join(MPA, 'index.html'), about: join(MPA, 'about/index.html'), contact: join(MPA, 'contact.html') }
const WEBPACK_MPA = join(ROOT, 'test/fixtures/hosts-webpack/webpack.config.cjs')
// Two pages loading one entry: router/*.html load src/main.js, which bundles vue-router; plain/*.html load src/plain.js.
const ROUTER_MPA = join(ROOT, 'test/fixtures/scope-vite-router')

function htmlPages(dir: string): PageInput[] {
  return [...readTree(dir)].filter(([name]) => name.endsWith('.html')).map(([fileName, html]) => ({ fileName, html }))
}

async function viteMpa(outDir: string, plugins: unknown[], info?: (m: string) => void, root = MPA, input: Record<string, string> = MPA_INPUT): Promise<void> {
  const { build, createLogger } = await import('vite8')
  const logger = createLogger('silent')
  if (info) logger.info = (m: string) => void info(m)
  await build({
    root,
    configFile: false,
    customLogger: logger,
    logLevel: 'silent',
    build: { outDir, emptyOutDir: true, rollupOptions: { input } },
    plugins: plugins as never,
  })
}

/** What processSite makes of the same pages, by file name. */
function expected(pages: readonly PageInput[], options: Options): Map<string, string> {
  return new Map(processSite(pages, options).pages.map((p) => [p.fileName, p.html]))
}

/** Page B's own hashes (per-page scope) that page A's policy holds. */
function foreignHashes(pages: readonly PageInput[], a: string, b: string, options: Options): { own: string[]; inA: string[] } {
  const site = processSite(pages, options)
  const own = processSite(pages, { ...options, scope: 'page' }).pages.find((p) => p.fileName === b)!.hashes
  const policyA = site.pages.find((p) => p.fileName === a)!.headerPolicy
  return { own: [...own], inA: own.filter((h) => policyA.includes(h)) }
}

describe("scope: 'site' through every door", () => {
  it('the Vite plugin writes exactly what processSite makes of the same pages', async () => {
    const plainOut = tempDir('scope-vite-plain')
    const out = tempDir('scope-vite')
    await viteMpa(plainOut, [])
    const plain = htmlPages(plainOut)
    expect(plain.map((p) => p.fileName).sort()).toEqual(['about/index.html', 'contact.html', 'index.html'])
    const plugin = csp({ scope: 'site' })
    const infos: string[] = []
    await viteMpa(out, [plugin], (m) => infos.push(m))
    const want = expected(plain, { scope: 'site' })
    for (const page of htmlPages(out)) expect(page.html, page.fileName).toBe(want.get(page.fileName))
    // The summary counts the site's hashes once, not once per page.
    const union = processSite(plain, { scope: 'site' }).pages.find((p) => p.fileName === 'contact.html')!.hashes.length
    expect(infos.find((m) => m.startsWith('[cspkit] 3 pages'))).toMatch(new RegExp(`^\\[cspkit\\] 3 pages, ${union} hashes added, longest policy`))
    expect(infos.find((m) => m.startsWith('[cspkit] scope:'))).toMatch(/^\[cspkit\] scope: site \(scope: 'site' in the options\): every page's policy allows the site's \d+ hashes, meta [\d,]+ characters, header [\d,]+ characters\.$/)
    // A union, not per page: the home page's policy allows the contact page's own inline content.
    const { own, inA } = foreignHashes(plain, 'index.html', 'contact.html', { scope: 'site' })
    expect(own.length).toBeGreaterThan(0)
    expect(inA).toEqual(own)
  })

  it("the Vite plugin's default ('auto') keeps per-page policies on the plain multi-page example, and its summary says so", async () => {
    const out = tempDir('scope-vite-auto')
    const infos: string[] = []
    const plugin = csp()
    await viteMpa(out, [plugin], (m) => infos.push(m))
    const pages = htmlPages(out)
    expect(infos).toContain(`[cspkit] scope: page (no client-side router found in ${pages.length} pages).`)
    // The control for the test above: here the home page does not allow the contact page's inline content.
    const home = plugin.api.page('index.html')!
    const contact = plugin.api.page('contact.html')!
    expect(contact.hashes.length).toBeGreaterThan(0)
    expect(contact.hashes.filter((h) => home.headerPolicy.includes(h))).toEqual([])
    expect(plugin.api.scope).toEqual({ scope: 'page', reason: `no client-side router found in ${pages.length} pages`, diagnostics: [] })
  })

  it('the webpack plugin writes exactly what processSite makes of the same pages', async () => {
    const require = createRequire(WEBPACK_MPA)
    const webpackCsp = require('@cspkit/webpack') as (options: Options) => { api: unknown }
    const plainOut = tempDir('scope-webpack-plain')
    const out = tempDir('scope-webpack')
    const plainStats = await webpackBuild(WEBPACK_MPA, plainOut)
    expect(plainStats.hasErrors(), plainStats.toString('errors-only')).toBe(false)
    const plugin = webpackCsp({ scope: 'site' })
    const stats = await webpackBuild(WEBPACK_MPA, out, (config) => ({ ...config, plugins: [...config.plugins, plugin] }))
    expect(stats.hasErrors(), stats.toString('errors-only')).toBe(false)
    const plain = htmlPages(plainOut)
    expect(plain.map((p) => p.fileName).sort()).toEqual(['about.html', 'index.html'])
    const want = expected(plain, { scope: 'site' })
    for (const page of htmlPages(out)) expect(page.html, page.fileName).toBe(want.get(page.fileName))
    const { own, inA } = foreignHashes(plain, 'index.html', 'about.html', { scope: 'site' })
    expect(own.length).toBeGreaterThan(0)
    expect(inA).toEqual(own)
  })

  it("createCspkit's factory in a real Rolldown build writes exactly what processSite makes of the same pages", async () => {
    // Two pages an HTML plugin emits, each with a style attribute of its own.
    const pagesPlugin = {
      name: 'test-two-pages',
      generateBundle(this: { emitFile(file: { type: 'asset'; fileName: string; source: string }): string }) {
        for (const [fileName, color] of [['index.html', 'red'], ['docs/next.html', 'blue']] as const)
          this.emitFile({ type: 'asset', fileName, source: `<!doctype html><html><head><title>${fileName}</title></head><body><p style="color:${color}">x</p></body></html>` })
      },
    }
    const src = tempDir('scope-rolldown-src')
    writeFileSync(join(src, 'main.js'), 'export const x = 1\n')
    const build = async (out: string, plugins: unknown[]) => {
      const bundle = await rolldown({ input: join(src, 'main.js'), plugins: [pagesPlugin, ...plugins] as never })
      await bundle.write({ dir: out })
      await bundle.close()
    }
    const plainOut = tempDir('scope-rolldown-plain')
    const out = tempDir('scope-rolldown')
    await build(plainOut, [])
    const { api, factory } = createCspkit({ scope: 'site' })
    await build(out, [createRolldownPlugin(factory)()])
    const plain = htmlPages(plainOut)
    const want = expected(plain, { scope: 'site' })
    expect(htmlPages(out).map((p) => [p.fileName, p.html])).toEqual([...want])
    const { own, inA } = foreignHashes(plain, 'index.html', 'docs/next.html', { scope: 'site' })
    expect(own.length).toBe(1)
    expect(inA).toEqual(own)
    expect(api.pages).toHaveLength(2)
  })

  it('directory mode, in this thread and on worker threads, writes what processSite makes', async () => {
    // 40 pages (3 chunks), each with inline content of its own; one shows VitePress's marker, so 'auto' picks site.
    const pages: PageInput[] = Array.from({ length: 40 }, (_, i) => ({
      fileName: i === 0 ? 'index.html' : `docs/p${String(i).padStart(2, '0')}.html`,
      html: `<!doctype html><html><head><script>window.page=${i}</script></head><body><span style="--shiki-light:#${i}">x</span>${i === 7 ? '<script>window.__VP_HASH_MAP__={}</script>' : ''}</body></html>`,
    }))
    const src = tempDir('scope-dir-src')
    for (const p of pages) {
      mkdirSync(dirname(join(src, p.fileName)), { recursive: true })
      writeFileSync(join(src, p.fileName), p.html)
    }
    const want = expected(pages, {})
    expect(processSite(pages, {}).scope.reason).toBe('VitePress client-side router, seen in docs/p07.html')
    for (const workers of [0, 2]) {
      const dir = tempDir(`scope-dir-${workers}`)
      cpSync(src, dir, { recursive: true })
      const result = await processDirectory(dir, {}, { workers })
      expect(result.workers).toBe(workers)
      expect(result.scope).toEqual({ scope: 'site', reason: 'VitePress client-side router, seen in docs/p07.html', diagnostics: [] })
      for (const p of pages) expect(readFileSync(join(dir, p.fileName), 'utf8'), `${workers} workers: ${p.fileName}`).toBe(want.get(p.fileName))
      // Idempotent: a second run over its own output changes nothing.
      const again = await processDirectory(dir, {}, { workers })
      expect(again.written).toBe(0)
    }
    // A union: the home page allows another page's style attribute; with scope 'page' (the control) it does not.
    const styleOf7 = processSite(pages, { scope: 'page' }).pages.find((p) => p.fileName === 'docs/p07.html')!.hashes
    const homeSite = processSite(pages, {}).pages.find((p) => p.fileName === 'index.html')!
    const homePage = processSite(pages, { scope: 'page' }).pages.find((p) => p.fileName === 'index.html')!
    expect(styleOf7.every((h) => homeSite.headerPolicy.includes(h))).toBe(true)
    expect(styleOf7.some((h) => homePage.headerPolicy.includes(h))).toBe(false)
  })
})

describe("scope: 'auto' on a multi-page build whose shared entry may hold a router", () => {
  async function build(pages: 'router' | 'plain', options: Options = {}): Promise<string[]> {
    const infos: string[] = []
    await viteMpa(tempDir(`scope-router-${pages}`), [csp(options)], (m) => infos.push(m), ROUTER_MPA, {
      index: join(ROUTER_MPA, pages, 'index.html'),
      about: join(ROUTER_MPA, pages, 'about.html'),
    })
    return infos
  }

  it("names the bundled router (SCOPE_AMBIGUOUS) and how to choose, keeping per-page policies", async () => {
    const infos = await build('router')
    const message = infos.find((m) => m.startsWith('[cspkit] SCOPE_AMBIGUOUS'))
    expect(message).toMatch(/^\[cspkit\] SCOPE_AMBIGUOUS \(option scope\): The bundle contains the client-side router 'vue-router' and the build has 2 pages;/)
    expect(message).toContain("Fix: Set scope: 'site' if 'vue-router' navigates between these pages, or scope: 'page'")
    expect(infos.filter((m) => m.includes('SCOPE_AMBIGUOUS'))).toHaveLength(1)
    expect(infos).toContain('[cspkit] scope: page (no client-side router found in 2 pages).')
  })

  it('without a router in the entry, says only that the pages share it (the control)', async () => {
    const infos = await build('plain')
    const message = infos.find((m) => m.startsWith('[cspkit] SCOPE_AMBIGUOUS'))
    expect(message).toMatch(/All 2 pages load the same script \(\/assets\/[^)]+\.js\)/)
    expect(message).not.toContain('vue-router')
  })

  it("says nothing once the user chose a scope", async () => {
    const infos = await build('router', { scope: 'page' })
    expect(infos.filter((m) => m.includes('SCOPE_AMBIGUOUS'))).toEqual([])
    expect(infos).toContain("[cspkit] scope: page (scope: 'page' in the options).")
  })

  it('webpack: names the router in its modules too', async () => {
    const require = createRequire(join(ROUTER_MPA, 'webpack.config.cjs'))
    const webpackCsp = require('@cspkit/webpack') as (options: Options) => unknown
    const stats = await webpackBuild(join(ROUTER_MPA, 'webpack.config.cjs'), tempDir('scope-router-webpack'), (config) => ({
      ...config,
      plugins: [...config.plugins, webpackCsp({})],
    }))
    expect(stats.hasErrors(), stats.toString('errors-only')).toBe(false)
    const logged = stats.toString({ logging: 'info', all: false, loggingTrace: false })
    expect(logged).toContain("[cspkit] SCOPE_AMBIGUOUS (option scope): The bundle contains the client-side router 'vue-router' and the build has 2 pages;")
  })
})
