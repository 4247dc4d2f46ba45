import { createHash } from 'node:crypto'
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Browser } from 'playwright-core'
import { rolldown, type Plugin } from 'rolldown'
import { createRolldownPlugin } from 'unplugin'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createCspkit } from '@cspkit/core'
import { connectBrowser, loadPage, serveDir, type StaticServer } from './support/browser.js'
import { tempDir } from './support/builds.js'

// The bundlers without an entry package of their own: createCspkit's factory with the user's own
// unplugin, here through a real Rolldown build whose page an HTML plugin emits.

const INLINE_SCRIPT = `document.documentElement.dataset.inline = 'ran'`
const INLINE_STYLE = `body { color: rgb(1, 2, 3) }`

/** Emits index.html for the entry chunk, with an inline script and style, as HTML plugins do. */
const htmlPage: Plugin = {
  name: 'test-html-page',
  generateBundle(_options, bundle) {
    const entry = Object.values(bundle).find((o) => o.type === 'chunk' && o.isEntry)!
    this.emitFile({
      type: 'asset',
      fileName: 'index.html',
      source: `<!doctype html>\n<html>\n<head>\n<meta charset="utf-8">\n<title>rolldown</title>\n<style>${INLINE_STYLE}</style>\n<script>${INLINE_SCRIPT}</script>\n<script type="module" src="/${entry.fileName}"></script>\n</head>\n<body><p id="out">waiting</p></body>\n</html>\n`,
    })
  },
}

const sha256 = (text: string) => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`

let browser: Browser
let server: StaticServer
const out = tempDir('rolldown-factory')
const { api, factory } = createCspkit({ policy: { 'default-src': ["'self'"] } })

beforeAll(async () => {
  const src = tempDir('rolldown-factory-src')
  writeFileSync(join(src, 'main.js'), `document.getElementById('out').textContent = 'module ran'\n`)
  const bundle = await rolldown({ input: join(src, 'main.js'), plugins: [htmlPage, createRolldownPlugin(factory)()] })
  await bundle.write({ dir: out, entryFileNames: 'assets/[name]-[hash].js' })
  await bundle.close()
  browser = await connectBrowser()
  server = await serveDir(out)
})
afterAll(async () => {
  await server?.close()
  await browser?.close()
})

describe('createCspkit(options).factory with unplugin for another bundler (Rolldown)', () => {
  it('puts a CSP meta with the hashes of the inline script and style into the emitted page', () => {
    const html = readFileSync(join(out, 'index.html'), 'utf8')
    const meta = /<meta http-equiv="Content-Security-Policy" content="([^"]*)">/.exec(html)?.[1]
    expect(meta).toBe(`default-src 'self'; script-src 'self' ${sha256(INLINE_SCRIPT)}; style-src 'self' ${sha256(INLINE_STYLE)}`)
    // The meta went in right after <meta charset>, the rest of the page byte for byte as emitted.
    expect(html.replace(/<meta http-equiv="Content-Security-Policy" content="[^"]*">\n/, '')).toContain(
      `<meta charset="utf-8">\n<title>rolldown</title>\n<style>${INLINE_STYLE}</style>`,
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
})
