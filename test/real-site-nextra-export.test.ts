import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { expect } from 'vitest'
import { ROOT } from './support/builds.js'
import { dropFirstHash } from './support/drop-hash.js'
import { announcement, assertSameDocument, isInlineViolation, markDocument, visitSummary, type ReaderStep } from './support/reader-visit.js'
import { describeRealSite } from './support/real-site-suite.js'
import { buildNextExport, realSiteOutput } from './support/real-sites.js'

// Nextra's docs example (shuding/nextra nextra@4.6.1 `examples/docs`, trimmed: test/real-sites/nextra-docs/SOURCE.md),
// a Next.js 16 `output: 'export'` site, processed by the real `cspkit build`, then read in Chromium by a scripted
// reader. The app router renders later pages from RSC payloads with React, which sets styles through the CSSOM.

const SITE = join(ROOT, 'test/real-sites/nextra-docs')

const title = (page: Page, text: string) => page.locator('main h1', { hasText: text }).waitFor({ timeout: 10_000 })
// The theme renders a mobile and a desktop sidebar; the reader uses what is on screen.
const sidebarLink = (page: Page, text: string) => page.locator('aside a:visible', { hasText: new RegExp(`^${text}$`) }).first()

const READER: ReaderStep[] = [
  {
    name: 'the index page hydrates',
    act: async (page) => {
      await page.waitForFunction(() => Boolean((window as unknown as { next?: { router?: object } }).next?.router))
      await markDocument(page)
    },
    proof: (page) => page.locator('h1', { hasText: 'Index page' }).waitFor(),
  },
  {
    name: 'click "Documentation" in the navbar',
    act: (page) => page.locator('nav a:visible', { hasText: /^Documentation$/ }).first().click(),
    proof: async (page) => {
      await page.waitForURL(/\/docs$/)
      await title(page, 'Introduction')
      await assertSameDocument(page)
    },
  },
  {
    name: 'click "Get Started" in the sidebar',
    act: (page) => sidebarLink(page, 'Get Started').click(),
    proof: async (page) => {
      await page.waitForURL(/\/docs\/get-started$/)
      await title(page, 'Get Started')
      await assertSameDocument(page)
    },
  },
  {
    name: 'open the "Themes" and "Docs Theme" folders of the sidebar',
    act: async (page) => {
      await page.locator('aside button:visible', { hasText: /^Themes$/ }).first().click()
      await page.locator('aside button:visible', { hasText: /^Docs Theme$/ }).first().click()
    },
    proof: (page) => sidebarLink(page, 'Tabs').waitFor(),
  },
  {
    name: 'click "Tabs" in the sidebar',
    act: (page) => sidebarLink(page, 'Tabs').click(),
    proof: async (page) => {
      await page.waitForURL(/\/docs\/themes\/docs\/tabs$/)
      await title(page, 'Tabs Component')
      await assertSameDocument(page)
    },
  },
  {
    name: 'pick the "Python" tab',
    act: (page) => page.locator('[role="tab"]', { hasText: /^Python$/ }).first().click(),
    proof: (page) => page.locator('[role="tab"][aria-selected="true"]', { hasText: /^Python$/ }).first().waitFor(),
  },
  {
    name: 'choose the dark theme',
    act: async (page) => {
      await page.locator('button[title="Change theme"]:visible').first().click()
      await page.locator('[role="option"]', { hasText: /^Dark$/ }).first().click()
    },
    proof: (page) => page.waitForFunction(() => document.documentElement.classList.contains('dark')),
  },
  {
    name: 'go back',
    act: async (page) => {
      await page.goBack()
    },
    proof: async (page) => {
      await page.waitForURL(/\/docs\/get-started$/)
      await title(page, 'Get Started')
      await assertSameDocument(page)
    },
  },
  {
    name: 'type a query into the search box',
    act: (page) => page.locator('input[type="search"]:visible').first().fill('tabs'),
    proof: (page) => page.locator('[role="listbox"] a[role="option"], a[role="option"]').first().waitFor({ timeout: 10_000 }),
  },
]

describeRealSite({
  title: 'Next.js static export (shuding/nextra examples/docs)',
  siteDir: SITE,
  output: () =>
    realSiteOutput('nextra-docs', {
      source: SITE,
      generators: ['next', 'nextra', 'nextra-theme-docs', 'pagefind'],
      build: (outDir) => buildNextExport('nextra-docs', SITE, outDir),
    }),
  pages: 17,
  reader: READER,
  also: (visit, printed) => {
    // The "Deploy with Vercel" button image is not in the policy: blocked, and the build said so.
    const button = visit.all.filter((v) => v.effectiveDirective === 'img-src' && v.blockedURI.startsWith('https://vercel.com/'))
    expect(button.length, visitSummary(visit)).toBeGreaterThan(0)
    expect(announcement(button[0]!, printed)).toMatch(/LOAD_BLOCKED/)
  },
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
