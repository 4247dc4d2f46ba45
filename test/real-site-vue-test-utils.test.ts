import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { ROOT } from './support/builds.js'
import { assertSameDocument, markDocument, type ReaderStep } from './support/reader-visit.js'
import { describeRealSite, expectBlockedAfterNavigation } from './support/real-site-suite.js'
import { buildVitePress, realSiteOutput } from './support/real-sites.js'

// Vue Test Utils' documentation (vuejs/test-utils, trimmed: test/real-sites/vue-test-utils/SOURCE.md), built by
// VitePress 1.6, processed by the real `cspkit build`, then read in Chromium by a scripted reader.

const SITE = join(ROOT, 'test/real-sites/vue-test-utils')

const heading = (page: Page, text: string) => page.locator('.vp-doc h1', { hasText: text }).waitFor({ timeout: 10_000 })
const sidebarLink = (page: Page, text: string) => page.locator('.VPSidebar a', { hasText: new RegExp(`^\\s*${text}\\s*$`) })

const READER: ReaderStep[] = [
  {
    name: 'the home page hydrates',
    act: async (page) => {
      await page.waitForFunction(() => Boolean((document.querySelector('#app') as unknown as { __vue_app__?: object })?.__vue_app__))
      await markDocument(page)
    },
    proof: (page) => page.locator('.VPHero .name', { hasText: 'Vue Test Utils' }).waitFor(),
  },
  {
    name: 'click the hero\'s "Get Started"',
    act: (page) => page.locator('.VPHero a', { hasText: 'Get Started' }).click(),
    proof: async (page) => {
      await page.waitForURL(/\/guide\/(index\.html)?$/)
      await heading(page, 'Getting Started')
      await assertSameDocument(page)
    },
  },
  {
    name: 'click "Installation" in the sidebar',
    act: (page) => sidebarLink(page, 'Installation').click(),
    proof: async (page) => {
      await page.waitForURL(/\/installation\/(index\.html)?$/)
      await heading(page, 'Installation')
      await assertSameDocument(page)
    },
  },
  {
    name: 'pick the "yarn" label of the code group',
    act: (page) => page.locator('.vp-code-group .tabs label', { hasText: 'yarn' }).first().click(),
    proof: (page) =>
      page.waitForFunction(() => {
        const group = document.querySelector('.vp-code-group')!
        const labels = [...group.querySelectorAll('.tabs label')].map((l) => l.textContent?.trim())
        const index = labels.indexOf('yarn')
        return index > 0 && group.querySelectorAll<HTMLInputElement>('.tabs input')[index]?.checked && group.querySelectorAll('.blocks > div')[index]?.classList.contains('active')
      }),
  },
  {
    name: 'click "A Crash Course" in the sidebar',
    act: (page) => sidebarLink(page, 'A Crash Course').click(),
    proof: async (page) => {
      await page.waitForURL(/\/guide\/essentials\/a-crash-course(\.html)?$/)
      await heading(page, 'A Crash Course')
      await assertSameDocument(page)
    },
  },
  {
    name: 'toggle the dark theme',
    act: (page) => page.locator('.VPNavBarAppearance .VPSwitchAppearance').click(),
    proof: (page) => page.waitForFunction(() => document.documentElement.classList.contains('dark')),
  },
  {
    name: 'click "Conditional Rendering" in the sidebar',
    act: (page) => sidebarLink(page, 'Conditional Rendering').click(),
    proof: async (page) => {
      await page.waitForURL(/\/guide\/essentials\/conditional-rendering(\.html)?$/)
      await heading(page, 'Conditional Rendering')
      await assertSameDocument(page)
    },
  },
  {
    name: 'go back',
    act: async (page) => {
      await page.goBack()
    },
    proof: async (page) => {
      await page.waitForURL(/\/guide\/essentials\/a-crash-course(\.html)?$/)
      await heading(page, 'A Crash Course')
      await assertSameDocument(page)
    },
  },
  {
    name: 'open search and type a query',
    act: async (page) => {
      await page.locator('.VPNavBarSearch .DocSearch-Button').click()
      await page.locator('.DocSearch-Input').fill('mount')
    },
    // Offline, Algolia cannot answer: the proof is the DocSearch dialog with the query typed in.
    proof: async (page) => {
      await page.locator('.DocSearch-Modal').waitFor()
      if ((await page.locator('.DocSearch-Input').inputValue()) !== 'mount') throw new Error('the query was not typed into DocSearch')
    },
  },
]

describeRealSite({
  title: 'VitePress 1.6 docs (vuejs/test-utils)',
  siteDir: SITE,
  output: () =>
    realSiteOutput('vue-test-utils', {
      source: SITE,
      generators: ['vitepress'],
      build: (outDir) => buildVitePress('vue-test-utils', SITE, 'vitepress', outDir),
    }),
  pages: 6,
  reader: READER,
  offlineErrors: [/Unreachable hosts/],
  negative: {
    title: 'per-page policies (scope "page") break the pages the router renders',
    args: ['--config', 'cspkit.page.config.mjs'],
    expect: expectBlockedAfterNavigation,
  },
})
