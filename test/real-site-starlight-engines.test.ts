/**
 * The Starlight real site (test/real-site-starlight.test.ts reads it in Chromium with a scripted
 * reader) judged in Firefox and WebKit: the same generator output, processed by the real
 * `cspkit build` with the site's strict policy, each built page loaded directly (Starlight navigates
 * with full page loads, so a direct load is what a reader's click does). Every page runs its inline
 * scripts with zero inline violations in each engine; the negative control drops the landing page's
 * first script hash and must be blocked in each engine.
 */
import { readdirSync, statSync } from 'node:fs'
import { join, relative } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ROOT } from './support/builds.js'
import { dropFirstHash } from './support/drop-hash.js'
import { type EngineName, loadInEngine } from './support/engines/index.js'
import { processedSite, type ProcessedSite } from './support/processed-site.js'
import { isInlineViolation } from './support/reader-visit.js'
import { buildAstro, realSiteOutput } from './support/real-sites.js'

const SITE = join(ROOT, 'test/real-sites/starlight-links-validator')
/** Chromium reads this site in real-site-starlight.test.ts; these are the other two engines. */
const OTHER_ENGINES: readonly EngineName[] = ['firefox', 'webkit']
/** The pages Astro writes for this site: test names need them before the build runs; the first test checks the folder holds exactly these. */
const PAGES = ['404.html', 'configuration/index.html', 'getting-started/index.html', 'guides/conditional-validation/index.html', 'index.html']

let site: ProcessedSite
let tampered: ProcessedSite
let dropped = 0

beforeAll(async () => {
  // The same cached generator output as the Chromium suite (same name, source and build).
  const raw = await realSiteOutput('starlight-links-validator', {
    source: SITE,
    generators: ['astro', '@astrojs/starlight'],
    build: (outDir) => buildAstro('starlight-links-validator', SITE, outDir),
  })
  site = await processedSite(raw, SITE)
  tampered = await processedSite(raw, SITE)
  dropped = dropFirstHash(tampered.dir, 'script-src')
}, 600_000)

afterAll(async () => {
  await site?.close()
  await tampered?.close()
})

function htmlPages(dir: string): string[] {
  const walk = (d: string): string[] =>
    readdirSync(d).flatMap((name) => {
      const path = join(d, name)
      if (statSync(path).isDirectory()) return walk(path)
      return name.endsWith('.html') ? [relative(dir, path).replaceAll('\\', '/')] : []
    })
  return walk(dir).sort()
}

/** The page's URL as a static host serves it (directory index → trailing slash). */
function urlOf(file: string): string {
  return `/${file.replace(/(^|\/)index\.html$/, '$1')}`
}

/** What the site's inline scripts leave behind: the theme provider (a classic script) and the theme picker (an inline module). */
const INLINE_RAN = () => ({
  themeProvider: typeof (window as unknown as { StarlightThemeProvider?: unknown }).StarlightThemeProvider === 'object',
  themeSelect: customElements.get('starlight-theme-select') !== undefined,
})

describe('Starlight docs (HiDeoo/starlight-links-validator), processed with a strict policy, in Firefox and WebKit', () => {
  it('the build processed every page (else there is nothing to judge)', () => {
    const n = PAGES.length
    expect(site.build.stdout, site.printed).toMatch(new RegExp(`^\\[cspkit\\] build: ${n} pages in .*, ${n} updated, \\d+ hashes`, 'm'))
    expect(htmlPages(site.dir)).toEqual(PAGES)
  })

  // Every page the build wrote, in each engine.
  const cases = OTHER_ENGINES.flatMap((engine) => PAGES.map((file) => [file, engine] as const))
  it.each(cases)('%s runs its inline scripts in %s with zero inline violations', async (file, engine) => {
    expect(htmlPages(site.dir)).toContain(file)
    const { page, violations } = await loadInEngine(engine, `${site.server.url}${urlOf(file)}`)
    try {
      expect(violations.filter(isInlineViolation), JSON.stringify(violations, null, 1)).toEqual([])
      // Nor any other: the site loads nothing its policy blocks, and img-src 'self' allows the favicon
      // request Firefox and WebKit make themselves (ENGINES.md).
      expect(violations, JSON.stringify(violations, null, 1)).toEqual([])
      expect(await page.evaluate(INLINE_RAN)).toEqual({ themeProvider: true, themeSelect: true })
      // The policy that allowed them is the built one, in the page (not an engine that ignored it).
      expect(await page.evaluate(() => document.querySelector('meta[http-equiv="Content-Security-Policy"]')?.getAttribute('content') ?? '')).toMatch(/script-src [^;]*'sha256-/)
    } finally {
      await page.close()
    }
  })

  it.each(OTHER_ENGINES)('negative control (%s): with the landing page\'s first script hash removed, that script is blocked', async (engine) => {
    expect(dropped).toBeGreaterThan(0)
    const { page, violations } = await loadInEngine(engine, `${tampered.server.url}/`)
    try {
      const blocked = violations.filter((v) => isInlineViolation(v) && v.effectiveDirective === 'script-src-elem')
      expect(blocked.length, JSON.stringify(violations, null, 1)).toBeGreaterThan(0)
      expect((await page.evaluate(INLINE_RAN)).themeProvider).toBe(false)
    } finally {
      await page.close()
    }
  })
})
