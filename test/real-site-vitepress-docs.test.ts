import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { expect } from 'vitest'
import { ROOT } from './support/builds.js'
import { announcement, assertSameDocument, markDocument, type ReaderStep } from './support/reader-visit.js'
import { describeRealSite, expectBlockedAfterNavigation } from './support/real-site-suite.js'
import { buildVitePress, realSiteOutput } from './support/real-sites.js'

// VitePress's own documentation (vuejs/vitepress v2.0.0-alpha.19, trimmed: test/real-sites/vitepress-docs/SOURCE.md),
// built by VitePress 2.0 alpha, processed by the real `cspkit build`, then read in Chromium by a scripted reader.

const SITE = join(ROOT, 'test/real-sites/vitepress-docs')

const heading = (page: Page, text: string) => page.locator('.vp-doc h1', { hasText: text }).waitFor({ timeout: 10_000 })

const READER: ReaderStep[] = [
  {
    name: 'the home page hydrates',
    act: async (page) => {
      await page.waitForFunction(() => Boolean((document.querySelector('#app') as unknown as { __vue_app__?: object })?.__vue_app__))
      await markDocument(page)
    },
    proof: (page) => page.locator('.VPHero .name', { hasText: 'VitePress' }).waitFor(),
  },
  {
    name: 'click the hero\'s "What is VitePress?"',
    act: (page) => page.locator('.VPHero a', { hasText: 'What is VitePress?' }).click(),
    proof: async (page) => {
      await page.waitForURL(/\/guide\/what-is-vitepress$/)
      await heading(page, 'What is VitePress?')
      await assertSameDocument(page)
    },
  },
  {
    name: 'click "Getting Started" in the sidebar',
    act: (page) => page.locator('.VPSidebar a', { hasText: 'Getting Started' }).click(),
    proof: async (page) => {
      await page.waitForURL(/\/guide\/getting-started$/)
      await heading(page, 'Getting Started')
      await assertSameDocument(page)
    },
  },
  {
    name: 'pick the second label of the first code group',
    act: (page) => page.locator('.vp-code-group').first().locator('.tabs label').nth(1).click(),
    proof: (page) =>
      page.waitForFunction(() => {
        const group = document.querySelector('.vp-code-group')!
        return group.querySelectorAll<HTMLInputElement>('.tabs input')[1]?.checked && group.querySelectorAll('.blocks > div')[1]?.classList.contains('active')
      }),
  },
  {
    name: 'toggle the dark theme',
    act: (page) => page.locator('.VPNavBarAppearance .VPSwitchAppearance').click(),
    proof: (page) => page.waitForFunction(() => document.documentElement.classList.contains('dark')),
  },
  {
    name: 'click "Routing" in the sidebar',
    act: (page) => page.locator('.VPSidebar a', { hasText: 'Routing' }).click(),
    proof: async (page) => {
      await page.waitForURL(/\/guide\/routing$/)
      await heading(page, 'Routing')
      await assertSameDocument(page)
    },
  },
  {
    name: 'go back',
    act: async (page) => {
      await page.goBack()
    },
    proof: async (page) => {
      await page.waitForURL(/\/guide\/getting-started$/)
      await heading(page, 'Getting Started')
      await assertSameDocument(page)
    },
  },
  {
    name: 'open search and type a query',
    act: async (page) => {
      await page.locator('.VPNavBarSearch button').first().click()
      await page.locator('.DocSearch-Input').fill('routing')
    },
    // Offline, Algolia cannot answer: the proof is the DocSearch dialog with the query typed in.
    proof: async (page) => {
      await page.locator('.DocSearch-Modal').waitFor()
      if ((await page.locator('.DocSearch-Input').inputValue()) !== 'routing') throw new Error('the query was not typed into DocSearch')
    },
  },
]

describeRealSite({
  title: 'VitePress 2 docs (vuejs/vitepress)',
  siteDir: SITE,
  output: () =>
    realSiteOutput('vitepress-docs', {
      source: SITE,
      generators: ['vitepress2'],
      build: (outDir) => buildVitePress('vitepress-docs', SITE, 'vitepress2', outDir),
    }),
  pages: 5,
  reader: READER,
  // Offline, Algolia's client reports its hosts unreachable.
  offlineErrors: [/Unreachable hosts/],
  also: (visit, printed) => {
    // The Fathom script in every page's head is not in the policy: it is blocked, and the build said so.
    const fathom = visit.all.filter((v) => v.blockedURI.startsWith('https://cdn.usefathom.com/'))
    expect(fathom.length).toBeGreaterThan(0)
    expect(announcement(fathom[0]!, printed)).toMatch(/SCRIPT_LOAD_BLOCKED|LOAD_BLOCKED/)
  },
  negative: {
    title: 'per-page policies (scope "page") break the pages the router renders',
    args: ['--config', 'cspkit.page.config.mjs'],
    expect: expectBlockedAfterNavigation,
  },
})
