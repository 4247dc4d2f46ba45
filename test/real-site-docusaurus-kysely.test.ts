import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { expect } from 'vitest'
import { ROOT } from './support/builds.js'
import { dropFirstHash } from './support/drop-hash.js'
import { announcement, assertSameDocument, isInlineViolation, markDocument, visitSummary, type ReaderStep } from './support/reader-visit.js'
import { describeRealSite } from './support/real-site-suite.js'
import { buildDocusaurus, realSiteOutput } from './support/real-sites.js'

// Kysely's documentation site (kysely-org/kysely `site/`, trimmed: test/real-sites/kysely/SOURCE.md), built by
// Docusaurus 3.10, processed by the real `cspkit build`, then read in Chromium by a scripted reader. Docusaurus
// routes on the client, but React sets styles through the CSSOM (not governed by CSP): per-page policies hold,
// so the negative control removes a hash instead.

const SITE = join(ROOT, 'test/real-sites/kysely')

const title = (page: Page, text: string) => page.locator('article h1', { hasText: text }).waitFor({ timeout: 10_000 })
const sidebarLink = (page: Page, text: string) => page.locator('nav.menu a.menu__link', { hasText: new RegExp(`^${text}$`) })

let themeBefore: string | undefined

const READER: ReaderStep[] = [
  {
    name: 'the home page hydrates',
    act: async (page) => {
      await page.locator('header.hero h1', { hasText: 'Kysely' }).waitFor()
      // Docusaurus marks the document once React took over (its theme reads it for the no-JS styles).
      await page.waitForFunction(() => document.documentElement.classList.contains('plugin-pages') && Boolean(document.querySelector('#__docusaurus')))
      await markDocument(page)
    },
    proof: (page) => page.locator('header.hero a', { hasText: 'Getting started' }).waitFor(),
  },
  {
    name: 'click "Docs" in the navbar',
    act: (page) => page.locator('.navbar a.navbar__link', { hasText: /^Docs$/ }).click(),
    proof: async (page) => {
      await page.waitForURL(/\/docs\/intro$/)
      await title(page, 'Introduction')
      await assertSameDocument(page)
    },
  },
  {
    name: 'click "Getting started" in the sidebar',
    act: (page) => sidebarLink(page, 'Getting started').click(),
    proof: async (page) => {
      await page.waitForURL(/\/docs\/getting-started$/)
      await title(page, 'Getting started')
      await assertSameDocument(page)
    },
  },
  {
    name: 'pick the "pnpm" tab of the installation',
    act: (page) => page.locator('[role="tab"].tabs__item', { hasText: /^pnpm$/ }).first().click(),
    proof: (page) => page.locator('[role="tab"][aria-selected="true"].tabs__item', { hasText: /^pnpm$/ }).first().waitFor(),
  },
  {
    // Docusaurus 3.10's switch cycles system → light → dark: the reader clicks until the theme flips.
    name: 'toggle the theme',
    act: async (page) => {
      themeBefore = await page.evaluate(() => document.documentElement.dataset.theme)
      const toggle = page.locator('.navbar button[title*="mode" i]').first()
      for (let i = 0; i < 3 && (await page.evaluate(() => document.documentElement.dataset.theme)) === themeBefore; i++) await toggle.click()
    },
    proof: async (page) => {
      const after = await page.evaluate(() => document.documentElement.dataset.theme)
      if (!themeBefore || after === themeBefore) throw new Error(`data-theme stayed ${themeBefore}`)
    },
  },
  {
    name: 'click "Playground" in the sidebar',
    act: (page) => sidebarLink(page, 'Playground').click(),
    proof: async (page) => {
      await page.waitForURL(/\/docs\/playground$/)
      await title(page, 'Playground')
      await page.locator('article iframe[src*="kyse.link"], article .code-example').first().waitFor({ state: 'attached' })
      await assertSameDocument(page)
    },
  },
  {
    name: 'go back',
    act: async (page) => {
      await page.goBack()
    },
    // The installation tabs keep the chosen package manager in the query string.
    proof: async (page) => {
      await page.waitForURL(/\/docs\/getting-started\?(.*&)?package-manager=pnpm/)
      await title(page, 'Getting started')
      await assertSameDocument(page)
    },
  },
  {
    name: 'open search and type a query',
    act: async (page) => {
      await page.locator('.navbar .DocSearch-Button').click()
      await page.locator('.DocSearch-Input').fill('select')
    },
    // Offline, Algolia cannot answer: the proof is the DocSearch dialog with the query typed in.
    proof: async (page) => {
      await page.locator('.DocSearch-Modal').waitFor()
      if ((await page.locator('.DocSearch-Input').inputValue()) !== 'select') throw new Error('the query was not typed into DocSearch')
    },
  },
]

describeRealSite({
  title: 'Docusaurus 3 docs (kysely-org/kysely)',
  siteDir: SITE,
  output: () =>
    realSiteOutput('kysely', {
      source: SITE,
      generators: ['@docusaurus/core', '@docusaurus/preset-classic', 'react'],
      build: (outDir) => buildDocusaurus('kysely', SITE, outDir),
    }),
  pages: 10,
  reader: READER,
  offlineErrors: [/Unreachable hosts/],
  also: (visit, printed) => {
    // The StackBlitz embed is in the home page's HTML: blocked, and the build said so (naming the preset).
    const stackblitz = visit.all.filter((v) => v.effectiveDirective === 'frame-src' && v.blockedURI.startsWith('https://stackblitz.com'))
    expect(stackblitz.length, visitSummary(visit)).toBeGreaterThan(0)
    expect(announcement(stackblitz[0]!, printed)).toMatch(/LOAD_BLOCKED.*presets: \['stackblitz'\]/)
    // The kyse.link playground is blocked too, but its URL exists only at run time (seenOnlyInBrowser).
    expect(visit.all.some((v) => v.effectiveDirective === 'frame-src' && v.blockedURI.startsWith('https://kyse.link')), visitSummary(visit)).toBe(true)
  },
  // The Playground page builds its iframe's kyse.link URL in React code from the page's example.
  seenOnlyInBrowser: [{ family: 'frame-src', origin: 'https://kyse.link', why: 'the iframe URL is built at run time' }],
  negative: {
    title: "one script hash removed from every page's meta",
    tamper: (dir) => {
      expect(dropFirstHash(dir, 'script-src')).toBeGreaterThan(0)
    },
    expect: (visit) => {
      const blocked = visit.steps[0]!.violations.filter((v) => isInlineViolation(v) && v.effectiveDirective === 'script-src-elem')
      expect(blocked.length, visitSummary(visit)).toBeGreaterThan(0)
    },
  },
})
