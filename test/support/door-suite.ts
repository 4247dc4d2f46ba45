/**
 * The judging every bundler door's one-page build gets (test/fixtures/doors-app: an inline script, an
 * inline style and the bundle's script), whichever bundler and major builds it: one CSP meta with the
 * hashes of the inline content as emitted and nothing reported; zero violations in Chromium, Firefox
 * and WebKit with every script run and the style applied; the negative control (the inline script's
 * hash dropped from the same page) blocked in each; and a page that loads what its policy blocks
 * failing the door's build with cspkit's own message.
 */
import { cpSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { hashSource, scanPage, type CspkitApi } from '@cspkit/core'
import { serveDir, type StaticServer } from './browser.js'
import { ROOT, tempDir } from './builds.js'
import { dropFirstHash } from './drop-hash.js'
import { ENGINES, computedStyle, loadInEngine, waitInPage, warmUp } from './engines/index.js'

export const DOORS_FIXTURE = join(ROOT, 'test/fixtures/doors-app')
export const DOORS_POLICY = { 'default-src': ["'self'"] }

/** A real build of `fixture` (the doors app unless given) into `out` with the door's plugin; resolves with the plugin's api. */
export type Door = (out: string, fixture?: string) => Promise<CspkitApi>

/** The Rspack config of a door's build (Rspack 1 and 2 alike): production, the app's entry, content-hashed names. */
export const rspackDoorConfig = (fixture: string, out: string, plugins: readonly unknown[]) => ({
  mode: 'production' as const,
  context: fixture,
  entry: './main.js',
  // SubresourceIntegrityPlugin needs cross-origin loading set; the integrity the browser then checks is its own.
  output: { path: out, filename: '[name].[contenthash].js', crossOriginLoading: 'anonymous' as const },
  plugins: plugins as never,
})

interface Built {
  api: CspkitApi
  html: string
  server: StaticServer
  /** The same output with the inline script's hash taken out of the page's policy. */
  dropped: StaticServer
}

/** The suite above for each of `doors` (its name as the describe title); temporary folders start with `prefix`. */
export function describeDoors(doors: Readonly<Record<string, Door>>, prefix = 'door'): void {
  const built = new Map<string, Built>()
  /** The fixture with a script from another origin, which default-src 'self' blocks: a LOAD_BLOCKED error. */
  const blockedFixture = tempDir(`${prefix}-blocked-src`)

  // Built once each, one after another (two cores), before any page is judged.
  beforeAll(async () => {
    warmUp()
    cpSync(DOORS_FIXTURE, blockedFixture, { recursive: true })
    const template = readFileSync(join(DOORS_FIXTURE, 'index.html'), 'utf8')
    writeFileSync(join(blockedFixture, 'index.html'), template.replace('</head>', '<script src="https://cdn.example.com/widget.js"></script>\n</head>'))
    for (const [door, build] of Object.entries(doors)) {
      const out = tempDir(prefix)
      const api = await build(out)
      const copy = tempDir(`${prefix}-dropped`)
      cpSync(out, copy, { recursive: true })
      expect(dropFirstHash(copy, 'script-src'), `${door}: the control removed the hash`).toBe(1)
      built.set(door, { api, html: readFileSync(join(out, 'index.html'), 'utf8'), server: await serveDir(out), dropped: await serveDir(copy) })
    }
  })

  afterAll(async () => {
    for (const b of built.values()) await Promise.all([b.server.close(), b.dropped.close()])
  })

  describe.each(Object.keys(doors))('%s', (door) => {
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
      const failure = await doors[door]!(tempDir(`${prefix}-blocked`), blockedFixture).then(
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
}
