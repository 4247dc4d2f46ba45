// Chromium only (the suite's time budget: its builds take a second, so Firefox's and WebKit's start-up
// would be most of its time): this proves the factory's wiring; the pages of the doors built on it are
// judged in all three engines in doors-bundlers (Rollup, Rolldown, ...), vite-build and webpack-build.
import { createHash } from 'node:crypto'
import { cpSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Browser } from 'playwright-core'
import { rolldown } from 'rolldown'
import { rollup } from 'rollup'
import { createRolldownPlugin, createRollupPlugin } from 'unplugin'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createCspkit } from '@cspkit/core'
import { connectBrowser, loadPage, serveDir, type StaticServer } from './support/browser.js'
import { tempDir } from './support/builds.js'

// The core's own door under the entry packages (@cspkit/rollup, @cspkit/rolldown: test/doors-bundlers.test.ts):
// createCspkit's factory with the user's own unplugin, through real Rolldown and Rollup builds whose
// page an HTML plugin emits.

const INLINE_SCRIPT = `document.documentElement.dataset.inline = 'ran'`
const INLINE_STYLE = `body { color: rgb(1, 2, 3) }`

/** Emits index.html for the entry chunk, with an inline script and style, as HTML plugins do (Rollup's and Rolldown's plugin API alike). */
const htmlPage = {
  name: 'test-html-page',
  generateBundle(
    this: { emitFile(file: { type: 'asset'; fileName: string; source: string }): string },
    _options: unknown,
    bundle: Record<string, { type: string; isEntry?: boolean; fileName: string }>,
  ) {
    const entry = Object.values(bundle).find((o) => o.type === 'chunk' && o.isEntry)!
    this.emitFile({
      type: 'asset',
      fileName: 'index.html',
      source: `<!doctype html>\n<html>\n<head>\n<meta charset="utf-8">\n<title>page</title>\n<style>${INLINE_STYLE}</style>\n<script>${INLINE_SCRIPT}</script>\n<script type="module" src="/${entry.fileName}"></script>\n</head>\n<body><p id="out">waiting</p></body>\n</html>\n`,
    })
  },
}

const sha256 = (text: string) => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`

let browser: Browser
beforeAll(async () => {
  browser = await connectBrowser()
})
afterAll(async () => {
  await browser?.close()
})

const BUNDLERS = {
  async rolldown(input: string, out: string, plugin: unknown) {
    const bundle = await rolldown({ input, plugins: [htmlPage, plugin] as never })
    await bundle.write({ dir: out, entryFileNames: 'assets/[name]-[hash].js' })
    await bundle.close()
  },
  async rollup(input: string, out: string, plugin: unknown) {
    const bundle = await rollup({ input, plugins: [htmlPage, plugin] as never })
    await bundle.write({ dir: out, format: 'es', entryFileNames: 'assets/[name]-[hash].js' })
    await bundle.close()
  },
}
const CREATE = { rolldown: createRolldownPlugin, rollup: createRollupPlugin }

describe.each(['rolldown', 'rollup'] as const)('createCspkit(options).factory with unplugin for %s', (bundler) => {
  let server: StaticServer
  const out = tempDir(`${bundler}-factory`)
  const { api, factory } = createCspkit({ policy: { 'default-src': ["'self'"] } })

  beforeAll(async () => {
    const src = tempDir(`${bundler}-factory-src`)
    writeFileSync(join(src, 'main.js'), `document.getElementById('out').textContent = 'module ran'\n`)
    await BUNDLERS[bundler](join(src, 'main.js'), out, CREATE[bundler](factory)())
    server = await serveDir(out)
  })
  afterAll(async () => {
    await server?.close()
  })

  it('puts a CSP meta with the hashes of the inline script and style into the emitted page', () => {
    const html = readFileSync(join(out, 'index.html'), 'utf8')
    const meta = /<meta http-equiv="Content-Security-Policy" content="([^"]*)">/.exec(html)?.[1]
    expect(meta).toBe(`default-src 'self'; script-src 'self' ${sha256(INLINE_SCRIPT)}; style-src 'self' ${sha256(INLINE_STYLE)}`)
    // The meta went in right after <meta charset>, the rest of the page byte for byte as emitted.
    expect(html.replace(/<meta http-equiv="Content-Security-Policy" content="[^"]*">\n/, '')).toContain(
      `<meta charset="utf-8">\n<title>page</title>\n<style>${INLINE_STYLE}</style>`,
    )
  })

  it("exposes the build's pages on the factory's api", () => {
    expect(api.pages.map((p) => p.fileName)).toEqual(['index.html'])
    expect(api.page('index.html')?.hashes).toEqual([sha256(INLINE_SCRIPT), sha256(INLINE_STYLE)])
  })

  it('loads in Chromium with zero violations, its inline script, style and module all applied', async () => {
    const { page, context, violations } = await loadPage(browser, `${server.url}/`)
    try {
      expect(violations).toEqual([])
      expect(await page.evaluate(() => document.documentElement.dataset.inline)).toBe('ran')
      expect(await page.textContent('#out')).toBe('module ran')
      expect(await page.evaluate(() => getComputedStyle(document.body).color)).toBe('rgb(1, 2, 3)')
    } finally {
      await context.close()
    }
  })

  it('negative control: the same page with its inline script changed after the build is blocked there, the module still runs', async () => {
    const copy = tempDir(`${bundler}-factory-changed`)
    cpSync(out, copy, { recursive: true })
    const html = readFileSync(join(copy, 'index.html'), 'utf8')
    writeFileSync(join(copy, 'index.html'), html.replace(`<script>${INLINE_SCRIPT}</script>`, `<script>${INLINE_SCRIPT} // changed</script>`))
    const changed = await serveDir(copy)
    const { page, context, violations } = await loadPage(browser, `${changed.url}/`)
    try {
      await page.waitForFunction(() => document.getElementById('out')?.textContent === 'module ran')
      expect(violations.map((v) => [v.effectiveDirective, v.blockedURI])).toEqual([['script-src-elem', 'inline']])
      expect(await page.evaluate(() => document.documentElement.dataset.inline ?? null)).toBeNull()
    } finally {
      await context.close()
      await changed.close()
    }
  })
})
