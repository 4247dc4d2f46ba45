import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import htmlModule from '@rollup/plugin-html'
import { rolldown } from 'rolldown'
import { rollup } from 'rollup'
import csp from '@cspkit/vite'
import rolldownCsp from '@cspkit/rolldown'
import rollupCsp from '@cspkit/rollup'
import webpackCsp from '@cspkit/webpack'
import { serveDir } from './support/browser.js'
import { loadInEngine, waitInPage, warmUp } from './support/engines/index.js'
import { viteBuild, webpackBuild } from './support/builds.js'
import { Reader } from './support/reader-visit.js'
import { vitepressSiteOutput } from './support/global-setup.js'
import { cspkit, type CliRun } from './support/cli.js'
import { load } from 'cheerio'
import { filesUnder } from './support/files-under.js'
import { each, inEveryEngine, marks, marksIn, scriptElements, scriptSrc, serveWithTampered, sri, visitApp, type StrictOutput } from './support/strict-app-visit.js'

// Strict mode ('strict-dynamic' + hashes + integrity from the final bytes) on real production builds
// with code splitting (Vite 7, Vite 8, webpack 5: a lazy route, a dynamic import(), a CSS chunk, a
// web worker) and on a VitePress site through `cspkit build --strict`, each visited in Chromium,
// Firefox and WebKit. The control: the same output with one script changed after the build runs
// nothing of it (SRI refuses the file; CSP itself allowed the request by its integrity hash).

const ROOT = resolve(fileURLToPath(new URL('..', import.meta.url)))
// @rollup/plugin-html's types read as CommonJS under NodeNext (the function on `.default`); at run time the default import is the function.
const html = htmlModule as unknown as typeof htmlModule.default
const APP = join(ROOT, 'test/fixtures/strict-app')
const VITEPRESS = join(ROOT, 'test/fixtures/vitepress-site')

let work: string
const outputs = new Map<string, StrictOutput>()
let vitepressRun: CliRun

beforeAll(async () => {
  warmUp()
  work = mkdtempSync(join(tmpdir(), 'cspkit-strict-engines-'))
  const served = async (name: string, dir: string, page: string) => outputs.set(name, await serveWithTampered(dir, join(work, `${name}-tampered`), page))
  // The builds run side by side (each waits on its own I/O and child processes part of the time).
  await Promise.all([
    ...(['vite7', 'vite8'] as const).map(async (vite) => {
      const dir = join(work, vite)
      await viteBuild(vite, APP, dir, { configFile: false, plugins: [csp({ strict: true })] })
      await served(vite, dir, 'index.html')
    }),
    (async () => {
      // The engine difference the module loader exists for: the same build with the entry left parser-inserted.
      const dir = join(work, 'vite8-no-loader')
      await viteBuild('vite8', APP, dir, { configFile: false, plugins: [csp({ strict: { moduleLoader: false } })] })
      outputs.set('vite8-no-loader', { dir, server: await serveDir(dir), tampered: await serveDir(dir) })
    })(),
    (async () => {
      const dir = join(work, 'webpack')
      const stats = await webpackBuild(join(APP, 'webpack.config.cjs'), dir, (config) => ({ ...config, plugins: [...config.plugins, webpackCsp({ strict: true })] }))
      if (stats.hasErrors()) throw new Error(stats.toString('errors-only'))
      await served('webpack', dir, 'index.html')
    })(),
    // Rollup 4 and Rolldown 1 through their own doors (the factory's hooks), with @rollup/plugin-html writing the page.
    ...(['rollup', 'rolldown'] as const).map(async (bundler) => {
      const dir = join(work, bundler)
      const template = ({ files }: { files: { js?: readonly { fileName: string; isEntry?: boolean }[] } }) =>
        readFileSync(join(APP, 'index.html'), 'utf8').replace(
          '<script type="module" src="/src/main.js"></script>',
          (files.js ?? []).filter((f) => f.isEntry).map((f) => `<script type="module" src="/${f.fileName}"></script>`).join(''),
        )
      const input = join(APP, 'src/rollup-main.js')
      const options = { strict: true } as const
      const bundle = bundler === 'rollup'
        ? await rollup({ input, plugins: [html({ template }), rollupCsp(options)] })
        : await rolldown({ input, plugins: [html({ template }) as never, rolldownCsp(options)] })
      await bundle.write({ dir, format: 'es', entryFileNames: 'assets/[name]-[hash].js', chunkFileNames: 'assets/[name]-[hash].js' })
      await bundle.close()
      await served(bundler, dir, 'index.html')
    }),
    (async () => {
      const site = join(work, 'vitepress')
      cpSync(await vitepressSiteOutput(), site, { recursive: true })
      vitepressRun = await cspkit(['build', site, '--strict'], VITEPRESS)
      await served('vitepress', site, 'guide/index.html')
    })(),
  ])
})

afterAll(async () => {
  for (const o of outputs.values()) await Promise.all([o.server.close(), o.tampered.close()])
  if (work) rmSync(work, { recursive: true, force: true })
})

describe.each(['vite7', 'vite8', 'webpack', 'rollup', 'rolldown', 'vitepress'])('%s in strict mode', (name) => {
  it('every script and script preload of the build carries the integrity of its file as emitted, and script-src holds it', () => {
    const out = outputs.get(name)!
    const pages = filesUnder(out.dir).filter((f) => f.endsWith('.html') && !f.startsWith('404'))
    expect(pages.length).toBeGreaterThan(0)
    for (const page of pages) {
      const html = readFileSync(join(out.dir, page), 'utf8')
      const elements = scriptElements(html)
      expect(elements.length, page).toBeGreaterThan(0)
      const policy = scriptSrc(html)
      expect(policy[0]).toBe("'strict-dynamic'")
      expect(policy).not.toContain("'self'")
      // Module entries are loaded by cspkit's inline loader (trusted by its hash; the script it inserts by 'strict-dynamic').
      expect(load(html)('script[type=module][src]').length, page).toBe(0)
      for (const el of elements) {
        const file = join(out.dir, new URL(el.url, `http://x/${page}`).pathname.slice(1))
        expect(el.integrity, `${page}: ${el.url}`).toBe(sri(readFileSync(file)))
        if (!el.loader) expect(policy).toContain(`'${el.integrity}'`)
      }
    }
  })
})

it('cspkit build --strict on the VitePress site succeeds, and a second run changes nothing', async () => {
  expect(vitepressRun.code, vitepressRun.stderr).toBe(0)
  const site = outputs.get('vitepress')!.dir
  const before = filesUnder(site).map((f) => readFileSync(join(site, f), 'utf8'))
  const again = await cspkit(['build', site, '--strict'], VITEPRESS)
  expect(again.code, again.stderr).toBe(0)
  expect(filesUnder(site).map((f) => readFileSync(join(site, f), 'utf8'))).toEqual(before)
  // cspkit check reads the strict pages as delivered: every inline script (the loaders too) allowed.
  const checked = await cspkit(['check', site])
  expect(checked.code, checked.stderr).toBe(0)
})

it.each(['vite7', 'vite8', 'webpack'])('%s: loads and navigates in every engine with zero violations, every chunk and the worker run', async (name) => {
  expect(await inEveryEngine((engine) => visitApp(`${outputs.get(name)!.server.url}/`, engine))).toEqual(
    each({ marks: ['dyn', 'lazy', 'main', 'worker:pong'], color: 'rgb(1, 2, 3)', background: 'rgb(250, 250, 240)', violations: [], errors: [] }),
  )
})

it("vite8 with strict.moduleLoader false: Chromium and Firefox block the import() a parser-inserted entry makes; WebKit runs it", async () => {
  const visits = await inEveryEngine((engine) => visitApp(`${outputs.get('vite8-no-loader')!.server.url}/`, engine, 1_500))
  for (const engine of ['chromium', 'firefox']) {
    // The lazy route works only because Vite's preload helper inserts a modulepreload for it by script first (CSP-RULES e3).
    expect(visits[engine]!.marks, engine).toEqual(['lazy', 'main', 'worker:pong'])
    expect(visits[engine]!.violations.map((v) => [v.effectiveDirective, v.blockedURI.replace(/.*\/assets\//, '')]), engine).toEqual([['script-src-elem', expect.stringMatching(/^dyn-.*\.js$/)]])
  }
  expect(visits.webkit!.marks).toEqual(['dyn', 'lazy', 'main', 'worker:pong'])
  expect(visits.webkit!.violations).toEqual([])
})

it.each(['rollup', 'rolldown'])('%s: loads and navigates in every engine with zero violations, both chunks run', async (name) => {
  const visits = await inEveryEngine(async (engine) => {
    const { page } = await loadInEngine(engine, `${outputs.get(name)!.server.url}/`)
    try {
      await waitInPage(page, () => ((window as unknown as { __marks?: string[] }).__marks ?? []).includes('dyn')).catch(() => undefined)
      await page.click('#go')
      await waitInPage(page, () => ((window as unknown as { __marks?: string[] }).__marks ?? []).includes('lazy')).catch(() => undefined)
      return { marks: [...(await marks(page))].sort(), violations: await page.violations(), errors: await page.pageErrors() }
    } finally {
      await page.close()
    }
  })
  expect(visits).toEqual(each({ marks: ['dyn', 'lazy', 'main'], violations: [], errors: [] }))
})

it('rollup control: with the entry script changed after the build, no engine runs any of it', async () => {
  const ran = await inEveryEngine((engine) => marksIn(`${outputs.get('rollup')!.tampered.url}/`, engine))
  expect(ran).toEqual(each([]))
})

// The control for one Vite build and the webpack build (Vite 7's output differs from 8's only in its bundler).
it.each(['vite8', 'webpack'])('%s control: with the entry script changed after the build, no engine runs any of it', async (name) => {
  const ran = await inEveryEngine((engine) => marksIn(`${outputs.get(name)!.tampered.url}/`, engine))
  expect(ran).toEqual(each([]))
})

it('vitepress: loads /guide/ and navigates to another page in every engine with zero violations, without a full reload', async () => {
  const visits = await inEveryEngine(async (engine) => {
    const { page, violations } = await loadInEngine(engine, `${outputs.get('vitepress')!.server.url}/guide/`)
    try {
      const reader = new Reader(page)
      await page.evaluate(() => ((window as unknown as { __sameDocument: boolean }).__sameDocument = true))
      const hydrated = await page.evaluate(() => Boolean((document.querySelector('#app') as unknown as { __vue_app__?: object } | null)?.__vue_app__))
      await reader.click('.VPSidebar a[href="/guide/styling.html"]')
      await reader.waitForURL(/\/guide\/styling\.html$/)
      const rendered = await reader.waitFor('.vp-doc pre span[style]', { nth: 0 }).then(() => true, () => false)
      return {
        hydrated,
        rendered,
        sameDocument: await page.evaluate(() => (window as unknown as { __sameDocument?: boolean }).__sameDocument === true),
        violations: [...violations, ...(await page.violations()).filter((v) => !violations.some((w) => JSON.stringify(w) === JSON.stringify(v)))],
        errors: await page.pageErrors(),
      }
    } finally {
      await page.close()
    }
  })
  expect(visits).toEqual(each({ hydrated: true, rendered: true, sameDocument: true, violations: [], errors: [] }))
})

it('vitepress control: with the entry script changed, no engine hydrates the page', async () => {
  const hydrated = await inEveryEngine(async (engine) => {
    const { page } = await loadInEngine(engine, `${outputs.get('vitepress')!.tampered.url}/guide/`, 800)
    try {
      return await page.evaluate(() => Boolean((document.querySelector('#app') as unknown as { __vue_app__?: object } | null)?.__vue_app__))
    } finally {
      await page.close()
    }
  })
  expect(hydrated).toEqual(each(false))
})
