import { join } from 'node:path'
import { ROOT } from './support/builds.js'
import { assertSameDocument, markDocument, type Reader, type ReaderStep } from './support/reader-visit.js'
import { describeRealSite, expectBlockedAfterNavigation, landingHashDropped } from './support/real-site-suite.js'
import { buildVitePress, realSiteOutput } from './support/real-sites.js'
import { docSearchStep, vueAppMounted } from './support/reader-steps.js'

// Vue Test Utils' documentation (vuejs/test-utils, trimmed: test/real-sites/vue-test-utils/SOURCE.md), built by
// VitePress 1.6, processed by the real `cspkit build`, then read in Chromium, Firefox and WebKit by a scripted reader.

const SITE = join(ROOT, 'test/real-sites/vue-test-utils')

const heading = (r: Reader, text: string) => r.waitFor('.vp-doc h1', { text })
const sidebarLink = (text: string) => ['.VPSidebar a', { text: new RegExp(`^\\s*${text}\\s*$`) }] as const

const READER: ReaderStep[] = [
  {
    name: 'the home page hydrates',
    act: async (r) => {
      await r.waitUntil(vueAppMounted)
      await markDocument(r)
    },
    proof: (r) => r.waitFor('.VPHero .name', { text: 'Vue Test Utils' }),
  },
  {
    name: 'click the hero\'s "Get Started"',
    act: (r) => r.click('.VPHero a', { text: 'Get Started' }),
    proof: async (r) => {
      await r.waitForURL(/\/guide\/(index\.html)?$/)
      await heading(r, 'Getting Started')
      await assertSameDocument(r)
    },
  },
  {
    name: 'click "Installation" in the sidebar',
    act: (r) => r.click(...sidebarLink('Installation')),
    proof: async (r) => {
      await r.waitForURL(/\/installation\/(index\.html)?$/)
      await heading(r, 'Installation')
      await assertSameDocument(r)
    },
  },
  {
    name: 'pick the "yarn" label of the code group',
    act: (r) => r.click('.vp-code-group .tabs label', { text: 'yarn', nth: 0 }),
    proof: (r) =>
      r.waitUntil(() => {
        const group = document.querySelector('.vp-code-group')!
        const labels = [...group.querySelectorAll('.tabs label')].map((l) => l.textContent?.trim())
        const index = labels.indexOf('yarn')
        return index > 0 && group.querySelectorAll<HTMLInputElement>('.tabs input')[index]?.checked && group.querySelectorAll('.blocks > div')[index]?.classList.contains('active')
      }),
  },
  {
    name: 'click "A Crash Course" in the sidebar',
    act: (r) => r.click(...sidebarLink('A Crash Course')),
    proof: async (r) => {
      await r.waitForURL(/\/guide\/essentials\/a-crash-course(\.html)?$/)
      await heading(r, 'A Crash Course')
      await assertSameDocument(r)
    },
  },
  {
    name: 'toggle the dark theme',
    act: (r) => r.click('.VPNavBarAppearance .VPSwitchAppearance'),
    proof: (r) => r.waitUntil(() => document.documentElement.classList.contains('dark')),
  },
  {
    name: 'click "Conditional Rendering" in the sidebar',
    act: (r) => r.click(...sidebarLink('Conditional Rendering')),
    proof: async (r) => {
      await r.waitForURL(/\/guide\/essentials\/conditional-rendering(\.html)?$/)
      await heading(r, 'Conditional Rendering')
      await assertSameDocument(r)
    },
  },
  {
    name: 'go back',
    act: (r) => r.back(),
    proof: async (r) => {
      await r.waitForURL(/\/guide\/essentials\/a-crash-course(\.html)?$/)
      await heading(r, 'A Crash Course')
      await assertSameDocument(r)
    },
  },
  docSearchStep('.VPNavBarSearch .DocSearch-Button', 'mount'),
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
    // Judged once the router rendered a page: the hero's link, the first page the router renders.
    steps: 2,
    expect: expectBlockedAfterNavigation,
  },
  moreNegatives: [landingHashDropped],
})
