import { expect } from 'vitest'
import { announcement, assertSameDocument, markDocument, type Reader, type ReaderStep } from './support/reader-visit.js'
import { describeRealSite, expectBlockedAfterNavigation, landingHashDropped } from './support/real-site-suite.js'
import { vitepressDocsOutput, VITEPRESS_DOCS } from './support/real-site-recipes.js'
import { docSearchStep, vueAppMounted } from './support/reader-steps.js'

// VitePress's own documentation (vuejs/vitepress v2.0.0-alpha.19, trimmed: test/real-sites/vitepress-docs/SOURCE.md),
// built by VitePress 2.0 alpha, processed by the real `cspkit build`, then read in Chromium, Firefox and WebKit by a scripted reader.

const SITE = VITEPRESS_DOCS

const heading = (r: Reader, text: string) => r.waitFor('.vp-doc h1', { text })

const READER: ReaderStep[] = [
  {
    name: 'the home page hydrates',
    act: async (r) => {
      await r.waitUntil(vueAppMounted)
      await markDocument(r)
    },
    proof: (r) => r.waitFor('.VPHero .name', { text: 'VitePress' }),
  },
  {
    name: 'click the hero\'s "What is VitePress?"',
    act: (r) => r.click('.VPHero a', { text: 'What is VitePress?' }),
    proof: async (r) => {
      await r.waitForURL(/\/guide\/what-is-vitepress$/)
      await heading(r, 'What is VitePress?')
      await assertSameDocument(r)
    },
  },
  {
    name: 'click "Getting Started" in the sidebar',
    act: (r) => r.click('.VPSidebar a', { text: 'Getting Started' }),
    proof: async (r) => {
      await r.waitForURL(/\/guide\/getting-started$/)
      await heading(r, 'Getting Started')
      await assertSameDocument(r)
    },
  },
  {
    name: 'pick the second label of the first code group',
    act: (r) => r.click('.tabs label', { within: '.vp-code-group', nth: 1 }),
    proof: (r) =>
      r.waitUntil(() => {
        const group = document.querySelector('.vp-code-group')!
        return group.querySelectorAll<HTMLInputElement>('.tabs input')[1]?.checked && group.querySelectorAll('.blocks > div')[1]?.classList.contains('active')
      }),
  },
  {
    name: 'toggle the dark theme',
    act: (r) => r.click('.VPNavBarAppearance .VPSwitchAppearance'),
    proof: (r) => r.waitUntil(() => document.documentElement.classList.contains('dark')),
  },
  {
    name: 'click "Routing" in the sidebar',
    act: (r) => r.click('.VPSidebar a', { text: 'Routing' }),
    proof: async (r) => {
      await r.waitForURL(/\/guide\/routing$/)
      await heading(r, 'Routing')
      await assertSameDocument(r)
    },
  },
  {
    name: 'go back',
    act: (r) => r.back(),
    proof: async (r) => {
      await r.waitForURL(/\/guide\/getting-started$/)
      await heading(r, 'Getting Started')
      await assertSameDocument(r)
    },
  },
  docSearchStep('.VPNavBarSearch button', 'routing', { nth: 0 }),
]

describeRealSite({
  title: 'VitePress 2 docs (vuejs/vitepress)',
  siteDir: SITE,
  output: vitepressDocsOutput,
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
    // Judged once the router rendered a page: up to "Getting Started", the first router-rendered page with code blocks.
    steps: 3,
    expect: expectBlockedAfterNavigation,
  },
  moreNegatives: [landingHashDropped],
})
