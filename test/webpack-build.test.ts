import { createHash } from 'node:crypto'
import { cpSync, readFileSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { processSite } from '@cspkit/core'
import { serveDir } from './support/browser.js'
import { ENGINES, loadInEngine, waitInPage } from './support/engines/index.js'
import { EXAMPLES, readTree, tempDir, undoCspkit, webpackBuild } from './support/builds.js'

const CONFIG = join(EXAMPLES, 'webpack-app', 'webpack.config.cjs')
const out = tempDir('webpack')
const plainOut = tempDir('webpack-plain')
let files: Map<string, string>
let plain: Map<string, string>
let warnings: string[]

const withoutCspkit = (config: any) => ({
  ...config,
  plugins: config.plugins.filter((p: any) => !('api' in p)),
})

beforeAll(async () => {
  const stats = await webpackBuild(CONFIG, out)
  expect(stats.hasErrors(), stats.toString('errors-only')).toBe(false)
  warnings = stats.compilation.warnings.map((w) => w.message)
  await webpackBuild(CONFIG, plainOut, withoutCspkit)
  files = readTree(out)
  plain = readTree(plainOut)
})

const sha256 = (text: string) => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`

describe('webpack 5 production build (html-webpack-plugin, default minify, [contenthash])', () => {
  it('loads the plugin from a CommonJS config with require()', () => {
    const csp = createRequire(CONFIG)('@cspkit/webpack')
    expect(typeof csp).toBe('function')
    expect(typeof csp({}).apply).toBe('function')
  })

  it('hashes the inline script and style as they are after html minification', () => {
    const html = files.get('index.html')!
    expect(html.startsWith('<!doctype html><html lang=en><head>')).toBe(true) // minified by html-webpack-plugin
    expect([...files.keys()].some((f) => /^main\.[0-9a-f]{20}\.js$/.test(f))).toBe(true)
    const script = /<script>([\s\S]*?)<\/script>/.exec(html)![1]!
    const style = /<style>([\s\S]*?)<\/style>/.exec(html)![1]!
    const policy = /<meta http-equiv="Content-Security-Policy" content="([^"]*)">/.exec(html)![1]!
    expect(policy).toBe(
      `default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'self'; script-src 'self' ${sha256(script)}; style-src 'self' ${sha256(style)}`,
    )
    expect(html.indexOf('http-equiv')).toBeLessThan(html.indexOf('<title>'))
    expect(warnings).toEqual([])
  })

  it('changes nothing else: files equal the build without cspkit, but for the meta', () => {
    expect([...files.keys()].sort()).toEqual([...plain.keys()].sort())
    for (const [file, text] of files) {
      if (file.endsWith('.html')) {
        const undone = undoCspkit(text, plain.get(file)!)
        expect(undone.processed).toBe(undone.original)
      } else expect(text, file).toBe(plain.get(file))
    }
  })

  it('is idempotent over its own output', () => {
    const config = createRequire(CONFIG)(CONFIG)
    const plugin = config.plugins.find((p: any) => 'api' in p)
    const again = processSite([{ fileName: 'index.html', html: files.get('index.html')! }], plugin.api.options)
    expect(again.pages[0]!.changed).toBe(false)
  })

  // Chromium, Firefox and WebKit (test/support/engines).
  it.each(ENGINES)('runs in %s with zero violations: inline script, inline style, entry and lazy chunk', async (engine) => {
    const server = await serveDir(out)
    const { page, violations } = await loadInEngine(engine, `${server.url}/`)
    try {
      await waitInPage(page, () => (window as any).__appRan === true)
      expect(violations).toEqual([])
      expect(await page.evaluate(() => (window as any).__inlineRan)).toEqual(['config'])
      expect(await page.evaluate(() => getComputedStyle(document.querySelector('.banner')!).borderLeftWidth)).toBe('4px')
    } finally {
      await page.close()
      await server.close()
    }
  })

  it.each(ENGINES)('negative control (%s): a style changed after the build is blocked', async (engine) => {
    const tampered = tempDir('webpack-tampered')
    cpSync(out, tampered, { recursive: true })
    const file = join(tampered, 'index.html')
    writeFileSync(file, readFileSync(file, 'utf8').replace('padding-left:8px', 'padding-left:9px'))
    const server = await serveDir(tampered)
    const { page, violations } = await loadInEngine(engine, `${server.url}/`)
    try {
      expect(violations.map((v) => v.effectiveDirective)).toEqual(['style-src-elem'])
      expect(await page.evaluate(() => getComputedStyle(document.querySelector('.banner')!).borderLeftWidth)).toBe('0px')
    } finally {
      await page.close()
      await server.close()
    }
  })
})
