import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { expect } from 'vitest'
import { ROOT } from './support/builds.js'
import { dropFirstHash } from './support/drop-hash.js'
import { isInlineViolation, visitSummary, type ReaderStep } from './support/reader-visit.js'
import { describeRealSite } from './support/real-site-suite.js'
import { buildAstro, realSiteOutput } from './support/real-sites.js'

// The Starlight Links Validator docs (HiDeoo/starlight-links-validator, trimmed: test/real-sites/starlight-links-validator/SOURCE.md),
// built by Astro 5 with Starlight, processed by the real `cspkit build`, then read in Chromium by a scripted reader.
// Starlight navigates with full page loads (no view transitions here), so each page's own policy governs it.

const SITE = join(ROOT, 'test/real-sites/starlight-links-validator')

const title = (page: Page, text: string) => page.locator('h1#_top', { hasText: text }).waitFor({ timeout: 10_000 })

const READER: ReaderStep[] = [
  {
    name: 'the home page renders its hero',
    act: async () => {},
    proof: (page) => page.locator('.hero h1', { hasText: 'Starlight Links Validator' }).waitFor(),
  },
  {
    name: 'click the hero\'s "Getting Started"',
    act: (page) => page.locator('.hero a', { hasText: 'Getting Started' }).click(),
    proof: async (page) => {
      await page.waitForURL(/\/getting-started\/$/)
      await title(page, 'Getting Started')
    },
  },
  {
    name: 'pick the "pnpm" tab of the package managers',
    act: (page) => page.locator('starlight-tabs [role="tab"]', { hasText: 'pnpm' }).first().click(),
    proof: async (page) => {
      await page.locator('starlight-tabs [role="tab"][aria-selected="true"]', { hasText: 'pnpm' }).first().waitFor()
      await page.locator('starlight-tabs [role="tabpanel"]:not([hidden])', { hasText: 'pnpm add' }).first().waitFor()
    },
  },
  {
    name: 'click "Configuration" in the sidebar',
    act: (page) => page.locator('nav.sidebar a', { hasText: 'Configuration' }).click(),
    proof: async (page) => {
      await page.waitForURL(/\/configuration\/$/)
      await title(page, 'Configuration')
    },
  },
  {
    name: 'choose the dark theme',
    act: (page) => page.locator('starlight-theme-select select').first().selectOption('dark'),
    proof: (page) => page.waitForFunction(() => document.documentElement.dataset.theme === 'dark'),
  },
  {
    name: 'go back',
    act: async (page) => {
      await page.goBack()
    },
    proof: async (page) => {
      await page.waitForURL(/\/getting-started\/$/)
      await title(page, 'Getting Started')
      // The theme choice is kept across pages (its inline script reads it from localStorage).
      await page.waitForFunction(() => document.documentElement.dataset.theme === 'dark')
    },
  },
  {
    name: 'open search and type a query',
    act: async (page) => {
      await page.locator('site-search button[data-open-modal]').first().click()
      await page.locator('.pagefind-ui__search-input').fill('trailing slash')
    },
    proof: (page) => page.locator('.pagefind-ui__result').first().waitFor({ timeout: 10_000 }),
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
    tamper: (dir) => {
      expect(dropFirstHash(dir, 'script-src')).toBeGreaterThan(0)
    },
    expect: (visit) => {
      const blocked = visit.all.filter((v) => isInlineViolation(v) && v.effectiveDirective === 'script-src-elem')
      expect(blocked.length, visitSummary(visit)).toBeGreaterThan(0)
    },
  },
})
