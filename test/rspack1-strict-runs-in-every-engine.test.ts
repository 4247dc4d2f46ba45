/**
 * Strict mode (`strict: true`: 'strict-dynamic' + integrity hashes from the final bytes) through
 * @cspkit/rspack on Rspack 1 (HtmlRspackPlugin) and Rsbuild 1 (`tools.rspack`), with Rspack 2 beside
 * them as the major the other tests build with: the production build of the strict app every strict
 * test builds (a dynamic import() on load, a lazy route with its CSS chunk, a web worker; chunks
 * loaded by Rspack's script-inserting runtime), visited in Chromium, Firefox and WebKit. The control:
 * the same output with the entry script changed after the build runs nothing of it in any engine.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { rspack as rspack2, type RspackOptions, type Stats } from '@rspack/core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import rspackCsp from '@cspkit/rspack'
import { ROOT } from './support/builds.js'
import { warmUp } from './support/engines/index.js'
import { packageVersion } from './support/real-sites.js'
import { rsbuild1Build, rspack1, rspack1Build, type Rspack1Options } from './support/rspack1-builds.js'
import { each, entryOf, inEveryEngine, marksIn, scriptElements, scriptSrc, serveWithTampered, sri, visitApp, type StrictOutput } from './support/strict-app-visit.js'
import { filesUnder } from './support/files-under.js'

const APP = join(ROOT, 'test/fixtures/strict-app')
/** Vite's index.html without its module entry: the HTML plugin injects the bundler's own. */
const TEMPLATE = readFileSync(join(APP, 'index.html'), 'utf8').replace(/\s*<script type="module" src="\/src\/main\.js"><\/script>/, '')

const BUILDS = {
  [`Rspack ${packageVersion('rspack1')}`]: 'rspack1',
  [`Rsbuild ${packageVersion('rsbuild1')}`]: 'rsbuild1',
  [`Rspack ${packageVersion('@rspack/core')} (the 2.x beside it)`]: 'rspack2',
} as const
type Build = (typeof BUILDS)[keyof typeof BUILDS]

/** The app as the webpack 5 strict test builds it: [contenthash] names, chunks by script, native CSS. */
const rspackConfig = (out: string, plugins: readonly unknown[]): Rspack1Options => ({
  mode: 'production',
  context: APP,
  entry: './src/main.js',
  output: { path: out, filename: '[name].[contenthash].js', chunkFilename: '[name].[contenthash].js', publicPath: '/' },
  // Rspack 1 turns native CSS on as an experiment; Rspack 2 by the module type alone.
  module: { rules: [{ test: /\.css$/, type: 'css/auto' }] },
  plugins: plugins as never,
})
const HTML = { templateContent: TEMPLATE, scriptLoading: 'defer' } as const

let work: string
const outputs = new Map<Build, StrictOutput>()

async function build(name: Build, out: string): Promise<void> {
  const plugin = rspackCsp({ strict: true })
  if (name === 'rspack1') await rspack1Build({ ...rspackConfig(out, [new rspack1.HtmlRspackPlugin(HTML), plugin]), experiments: { css: true } })
  if (name === 'rsbuild1') {
    const template = join(work, 'rsbuild1-template.html')
    writeFileSync(template, TEMPLATE)
    await rsbuild1Build(APP, out, plugin, { source: { entry: { index: './src/main.js' } }, html: { template } })
  }
  if (name === 'rspack2') {
    // Rspack 2's own HtmlRspackPlugin: a builtin plugin belongs to the compiler of its major.
    const compiler = rspack2(rspackConfig(out, [new rspack2.HtmlRspackPlugin(HTML), plugin]) as unknown as RspackOptions)
    const stats = await new Promise<Stats>((ok, fail) => compiler.run((error, s) => (error ? fail(error) : ok(s!))))
    await new Promise((ok) => compiler.close(ok))
    if (stats.hasErrors()) throw new Error(stats.toString({ preset: 'errors-only', colors: false }))
  }
}

// Built once each, one after another (two cores; Rsbuild 1's one logger), before any page is judged.
beforeAll(async () => {
  warmUp()
  work = mkdtempSync(join(tmpdir(), 'cspkit-rspack1-strict-'))
  for (const name of Object.values(BUILDS)) {
    const dir = join(work, name)
    await build(name, dir)
    outputs.set(name, await serveWithTampered(dir, join(work, `${name}-tampered`)))
  }
})

afterAll(async () => {
  for (const o of outputs.values()) await Promise.all([o.server.close(), o.tampered.close()])
  if (work) rmSync(work, { recursive: true, force: true })
})

describe.each(Object.entries(BUILDS))('%s with strict: true', (_label, name) => {
  const get = () => outputs.get(name)!

  it("the page's every script carries the integrity of its file as emitted, script-src holds it with 'strict-dynamic' and without 'self'", () => {
    const { dir } = get()
    expect(filesUnder(dir).filter((f) => f.endsWith('.html'))).toEqual(['index.html'])
    const html = readFileSync(join(dir, 'index.html'), 'utf8')
    const elements = scriptElements(html)
    expect(elements.length).toBeGreaterThan(0)
    const policy = scriptSrc(html)
    expect(policy[0]).toBe("'strict-dynamic'")
    expect(policy).not.toContain("'self'")
    for (const el of elements) {
      expect(el.integrity, el.url).toBe(sri(readFileSync(join(dir, new URL(el.url, 'http://x/').pathname.slice(1)))))
      if (!el.loader) expect(policy).toContain(`'${el.integrity}'`)
    }
    // The chunks the page does not name (the dynamic import, the lazy route, the worker) are emitted beside the entry.
    expect(filesUnder(dir).filter((f) => f.endsWith('.js') && f !== entryOf(html)).length).toBeGreaterThanOrEqual(3)
  })

  it('loads and navigates in every engine with zero violations: every chunk, the CSS chunk and the worker run', async () => {
    expect(await inEveryEngine((engine) => visitApp(`${get().server.url}/`, engine))).toEqual(
      each({ marks: ['dyn', 'lazy', 'main', 'worker:pong'], color: 'rgb(1, 2, 3)', background: 'rgb(250, 250, 240)', violations: [], errors: [] }),
    )
  })

  it('control: with the entry script changed after the build, no engine runs any of it', async () => {
    expect(await inEveryEngine((engine) => marksIn(`${get().tampered.url}/`, engine))).toEqual(each([]))
  })
})
