import { join } from 'node:path'
import { expect } from 'vitest'
import { ROOT } from './support/builds.js'
import { dropFirstHash } from './support/drop-hash.js'
import { isInlineViolation, markDocument, visitSummary, type Reader, type ReaderStep } from './support/reader-visit.js'
import { describeRealSite } from './support/real-site-suite.js'
import { buildAstro, realSiteOutput } from './support/real-sites.js'

// The Starlight Links Validator docs (HiDeoo/starlight-links-validator, trimmed: test/real-sites/starlight-links-validator/SOURCE.md),
// built by Astro 5 with Starlight, processed by the real `cspkit build`, then read in Chromium, Firefox and WebKit by a scripted reader.
// Starlight navigates with full page loads (no view transitions here), so each page's own policy governs it.

const SITE = join(ROOT, 'test/real-sites/starlight-links-validator')

const title = (r: Reader, text: string) => r.waitFor('h1#_top', { text })

const READER: ReaderStep[] = [
  {
    name: 'the home page renders its hero',
    act: async () => {},
    proof: (r) => r.waitFor('.hero h1', { text: 'Starlight Links Validator' }),
  },
  {
    name: 'click the hero\'s "Getting Started"',
    act: (r) => r.click('.hero a', { text: 'Getting Started' }),
    proof: async (r) => {
      await r.waitForURL(/\/getting-started\/$/)
      await title(r, 'Getting Started')
    },
  },
  {
    name: 'pick the "pnpm" tab of the package managers',
    act: async (r) => {
      await r.click('starlight-tabs [role="tab"]', { text: 'pnpm', nth: 0 })
      await markDocument(r)
    },
    proof: async (r) => {
      await r.waitFor('starlight-tabs [role="tab"][aria-selected="true"]', { text: 'pnpm', nth: 0 })
      await r.waitFor('starlight-tabs [role="tabpanel"]:not([hidden])', { text: 'pnpm add', nth: 0 })
    },
  },
  {
    name: 'click "Configuration" in the sidebar',
    act: (r) => r.click('nav.sidebar a', { text: 'Configuration' }),
    proof: async (r) => {
      await r.waitForURL(/\/configuration\/$/)
      await title(r, 'Configuration')
    },
  },
  {
    name: 'choose the dark theme',
    act: (r) => r.select('starlight-theme-select select', 'dark', { nth: 0 }),
    proof: (r) => r.waitUntil(() => document.documentElement.dataset.theme === 'dark'),
  },
  {
    name: 'go back',
    act: (r) => r.back(),
    proof: async (r) => {
      await r.waitForURL(/\/getting-started\/$/)
      await title(r, 'Getting Started')
      const restored = await r.evaluate(() => (window as unknown as { __readerMark?: number }).__readerMark === 1)
      if (r.engine !== 'webkit') {
        if (restored) throw new Error(`${r.engine} restored the page from its back/forward cache`)
        // The theme choice is kept across pages (its inline script reads it from localStorage).
        await r.waitUntil(() => document.documentElement.dataset.theme === 'dark')
        return
      }
      // WebKit restores the page from its back/forward cache (Chromium's runs with the cache off,
      // Firefox's does not keep this page): the document as the reader left it, light, its inline
      // theme script not run again. Its scripts ran under the policy when it loaded.
      if (!restored) throw new Error('WebKit loaded the page anew instead of restoring it from its back/forward cache')
      if ((await r.evaluate(() => document.documentElement.dataset.theme)) === 'dark') throw new Error('WebKit re-ran the theme script on a restored page')
    },
  },
  {
    name: 'open search and type a query',
    act: async (r) => {
      await r.click('site-search button[data-open-modal]', { nth: 0 })
      await r.fill('.pagefind-ui__search-input', 'trailing slash')
    },
    proof: (r) => r.waitFor('.pagefind-ui__result', { nth: 0 }),
  },
]

describeRealSite({
  title: 'Starlight docs (HiDeoo/starlight-links-validator)',
  siteDir: SITE,
  output: () =>
    realSiteOutput('starlight-links-validator', {
      source: SITE,
      generators: ['astro', '@astrojs/starlight'],
      build: (outDir) => buildAstro('starlight-links-validator', SITE, outDir),
    }),
  pages: 5,
  reader: READER,
  negative: {
    title: 'one script hash removed from every page\'s meta',
    // Judged where the reader lands: no further steps.
    steps: 0,
    tamper: (dir) => {
      expect(dropFirstHash(dir, 'script-src')).toBeGreaterThan(0)
    },
    expect: (visit) => {
      const blocked = visit.all.filter((v) => isInlineViolation(v) && v.effectiveDirective === 'script-src-elem')
      expect(blocked.length, visitSummary(visit)).toBeGreaterThan(0)
    },
  },
})
