import { createHash } from 'node:crypto'
import { cpSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { processSite } from '@cspkit/core'
import csp from '@cspkit/vite'
import { serveDir, type StaticServer } from './support/browser.js'
import { ENGINES, loadInEngine } from './support/engines/index.js'
import { EXAMPLES, readTree, tempDir, undoCspkit, viteBuild } from './support/builds.js'

const SPA = join(EXAMPLES, 'vite-spa')
const MPA = join(EXAMPLES, 'vite-mpa')
const MPA_INPUT = {
  home: join(MPA, 'index.html'),
  about: join(MPA, 'about/index.html'),
  contact: join(MPA, 'contact.html'),
}

/** What each page's inline scripts record when they run (see the example pages). */
const EXPECTED_INLINE: Record<string, string[]> = {
  'index.html': ['home'],
  'about/index.html': ['about', 'about-svg & ok'],
  'contact.html': ['contact', 'contact-template'],
}

function metaPolicy(html: string): string {
  const m = /<meta http-equiv="Content-Security-Policy" content="([^"]*)"/.exec(html)
  return (m?.[1] ?? '').replace(/&amp;/g, '&')
}

function sha256(text: string): string {
  return `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`
}

describe.each(['vite7', 'vite8'] as const)('%s build', (vite) => {
  const out = { spa: tempDir(`${vite}-spa`), spaPlain: tempDir(`${vite}-spa-plain`), mpa: tempDir(`${vite}-mpa`), mpaPlain: tempDir(`${vite}-mpa-plain`) }
  let spa: Map<string, string>
  let mpa: Map<string, string>
  let spaPlain: Map<string, string>
  let mpaPlain: Map<string, string>
  let server: StaticServer

  beforeAll(async () => {
    await viteBuild(vite, SPA, out.spa)
    await viteBuild(vite, SPA, out.spaPlain, { configFile: false })
    await viteBuild(vite, MPA, out.mpa)
    const { build } = (await import(vite)) as typeof import('vite8')
    await build({
      root: MPA,
      configFile: false,
      logLevel: 'silent',
      build: { outDir: out.mpaPlain, emptyOutDir: true, rollupOptions: { input: MPA_INPUT } },
    })
    ;[spa, spaPlain, mpa, mpaPlain] = [readTree(out.spa), readTree(out.spaPlain), readTree(out.mpa), readTree(out.mpaPlain)]
    server = await serveDir(out.mpa)
  })
  afterAll(async () => {
    await server?.close()
  })

  it('puts one CSP meta first in <head> of every page, after <meta charset> only', () => {
    for (const [file, html] of [...spa, ...mpa].filter(([f]) => f.endsWith('.html'))) {
      expect(html.match(/http-equiv="Content-Security-Policy"/g), file).toHaveLength(1)
      const head = html.slice(html.indexOf('<head>') + '<head>'.length)
      const firstTags = head.match(/<(?!!--)[a-z][^>]*>/gi)!.slice(0, 2)
      expect(firstTags[0], file).toMatch(/^<meta charset=/i)
      expect(firstTags[1], file).toMatch(/^<meta http-equiv="Content-Security-Policy"/)
    }
  })

  it('hashes the inline script and style as Vite finally wrote them (after its own CSS minification)', () => {
    const html = spa.get('index.html')!
    const script = /<script>([\s\S]*?)<\/script>/.exec(html)![1]!
    const style = /<style>([\s\S]*?)<\/style>/.exec(html)![1]!
    // Vite 8 minifies inline CSS in HTML: a hash of the source text would be wrong there.
    if (vite === 'vite8') expect(style).not.toContain('/* Critical CSS')
    const policy = metaPolicy(html)
    expect(policy).toMatch(new RegExp(`script-src 'self' ${escape(sha256(script))}`))
    expect(policy).toMatch(new RegExp(`style-src 'self' ${escape(sha256(style))}`))
    expect(policy).toContain("default-src 'self'; img-src 'self' data:")
  })

  it('gives each page of a multi-page app its own policy, merged with the page\'s own CSP meta', () => {
    const home = metaPolicy(mpa.get('index.html')!)
    const about = metaPolicy(mpa.get('about/index.html')!)
    const contact = metaPolicy(mpa.get('contact.html')!)
    expect(new Set([home, about, contact]).size).toBe(3)
    expect(about).toContain("connect-src 'self' https://api.example.com")
    expect(home).not.toContain('connect-src')
    // The ld+json data block is never hashed; the import map is.
    const homeHashes = home.match(/'sha256-[^']+'/g)!
    expect(homeHashes).toHaveLength(2)
    expect(home).toContain(sha256('{ "imports": { "greeting": "data:text/javascript,export default \'hi\'" } }'))
    // Handlers and style attributes are allowed through 'unsafe-hashes'.
    expect(about).toContain(`'unsafe-hashes' ${sha256("(window.__inlineRan ||= []).push('about-click')")}`)
    expect(about).toContain(`'unsafe-hashes' ${sha256('padding: 2px')}`)
  })

  it('changes nothing else: outside the meta every file is byte-identical to the build without cspkit', () => {
    for (const [built, plain] of [[spa, spaPlain], [mpa, mpaPlain]] as const) {
      expect([...built.keys()].sort()).toEqual([...plain.keys()].sort())
      for (const [file, text] of built) {
        if (!file.endsWith('.html')) {
          expect(text, file).toBe(plain.get(file))
          continue
        }
        const undone = undoCspkit(text, plain.get(file)!)
        expect(undone.processed, file).toBe(undone.original)
      }
    }
  })

  it('is idempotent: running the pipeline over its own output, with the same options, changes nothing', async () => {
    const { loadConfigFromFile } = (await import(vite)) as typeof import('vite8')
    for (const [root, files] of [[SPA, spa], [MPA, mpa]] as const) {
      const loaded = await loadConfigFromFile({ command: 'build', mode: 'production' }, join(root, 'vite.config.ts'))
      const plugin = loaded!.config.plugins!.flat().find((p: any) => p?.name === 'cspkit') as any
      const pages = [...files].filter(([f]) => f.endsWith('.html')).map(([fileName, html]) => ({ fileName, html }))
      const again = processSite(pages, plugin.api.options)
      expect(again.pages.length).toBe(pages.length)
      expect(again.pages.filter((p) => p.changed).map((p) => p.fileName)).toEqual([])
    }
  })

  it('exposes each page\'s computed policy on the plugin api', async () => {
    const plugin = csp()
    const outDir = tempDir(`${vite}-api`)
    await viteBuild(vite, SPA, outDir, { configFile: false, plugins: [plugin] })
    const page = plugin.api.page('index.html')!
    expect(page.hashes).toHaveLength(2)
    expect(metaPolicy(readFileSync(join(outDir, 'index.html'), 'utf8'))).toBe(page.metaPolicy)
  })

  // Every page in every engine (test/support/engines): Chromium, Firefox and WebKit.
  const PAGES_IN_ENGINES = ENGINES.flatMap((engine) => Object.keys(EXPECTED_INLINE).map((file) => [file, engine] as const))
  it.each(PAGES_IN_ENGINES)('%s runs in %s with zero violations', async (file, engine) => {
    const url = `${server.url}/${file.replace(/index\.html$/, '')}`
    const { page, violations } = await loadInEngine(engine, url)
    try {
      expect(violations).toEqual([])
      expect(await page.evaluate(() => (window as any).__inlineRan)).toEqual(EXPECTED_INLINE[file])
      if (file !== 'contact.html') expect(await page.evaluate(() => (window as any).__appRan)).toBe(true)
      // Every <style> applied (a blocked one has no sheet).
      expect(await page.evaluate(() => [...document.querySelectorAll('style')].every((s) => s.sheet !== null))).toBe(true)
      if (file === 'about/index.html') {
        expect(await page.evaluate(() => getComputedStyle(document.querySelector('.team')!).paddingTop)).toBe('2px')
        await page.click('#hello')
        expect(await page.evaluate(() => (window as any).__inlineRan.at(-1))).toBe('about-click')
        expect(await page.violations()).toEqual([])
      }
    } finally {
      await page.close()
    }
  })

  it.each(ENGINES)('the SPA runs in %s with zero violations, its inline style applied', async (engine) => {
    const spaServer = await serveDir(out.spa)
    const { page, violations } = await loadInEngine(engine, `${spaServer.url}/`)
    try {
      expect(violations).toEqual([])
      expect(await page.evaluate(() => (window as any).__inlineRan)).toEqual(['theme'])
      expect(await page.evaluate(() => (window as any).__appRan)).toBe(true)
      expect(await page.evaluate(() => getComputedStyle(document.body).borderTopWidth)).toBe('4px')
    } finally {
      await page.close()
      await spaServer.close()
    }
  })

  it.each(ENGINES)('negative control (%s): an inline script changed after the build is blocked', async (engine) => {
    const tampered = tempDir(`${vite}-tampered`)
    cpSync(out.mpa, tampered, { recursive: true })
    const file = join(tampered, 'index.html')
    writeFileSync(file, readFileSync(file, 'utf8').replace("push('home')", "push('evil')"))
    const tamperedServer = await serveDir(tampered)
    const { page, violations } = await loadInEngine(engine, `${tamperedServer.url}/`)
    try {
      expect(violations.map((v) => v.effectiveDirective)).toEqual(['script-src-elem'])
      expect(await page.evaluate(() => (window as any).__inlineRan)).toBeUndefined()
    } finally {
      await page.close()
      await tamperedServer.close()
    }
  })
})

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')
}
