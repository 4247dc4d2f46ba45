import { join } from 'node:path'
import { expect } from 'vitest'
import { ROOT } from './support/builds.js'
import { announcement, assertSameDocument, markDocument, visitSummary, type Reader, type ReaderStep } from './support/reader-visit.js'
import { describeRealSite, landingHashDropped } from './support/real-site-suite.js'
import { buildNextExport, realSiteOutput } from './support/real-sites.js'

// Nextra's docs example (shuding/nextra nextra@4.6.1 `examples/docs`, trimmed: test/real-sites/nextra-docs/SOURCE.md),
// a Next.js 16 `output: 'export'` site, processed by the real `cspkit build`, then read in Chromium, Firefox
// and WebKit by a scripted reader. The app router renders later pages from RSC payloads with React, which sets styles through the CSSOM.

const SITE = join(ROOT, 'test/real-sites/nextra-docs')

const title = (r: Reader, text: string) => r.waitFor('main h1', { text })
// The theme renders a mobile and a desktop sidebar; the reader uses what is on screen.
const sidebarLink = (text: string) => ['aside a', { text: new RegExp(`^${text}$`), visible: true, nth: 0 }] as const

const READER: ReaderStep[] = [
  {
    name: 'the index page hydrates',
    act: async (r) => {
      await r.waitUntil(() => Boolean((window as unknown as { next?: { router?: object } }).next?.router))
      await markDocument(r)
    },
    proof: (r) => r.waitFor('h1', { text: 'Index page' }),
  },
  {
    name: 'click "Documentation" in the navbar',
    act: (r) => r.click('nav a', { text: /^Documentation$/, visible: true, nth: 0 }),
    proof: async (r) => {
      await r.waitForURL(/\/docs$/)
      await title(r, 'Introduction')
      await assertSameDocument(r)
    },
  },
  {
    name: 'click "Get Started" in the sidebar',
    act: (r) => r.click(...sidebarLink('Get Started')),
    proof: async (r) => {
      await r.waitForURL(/\/docs\/get-started$/)
      await title(r, 'Get Started')
      await assertSameDocument(r)
    },
  },
  {
    name: 'open the "Themes" and "Docs Theme" folders of the sidebar',
    act: async (r) => {
      await r.click('aside button', { text: /^Themes$/, visible: true, nth: 0 })
      await r.click('aside button', { text: /^Docs Theme$/, visible: true, nth: 0 })
    },
    proof: (r) => r.waitFor(...sidebarLink('Tabs')),
  },
  {
    name: 'click "Tabs" in the sidebar',
    act: (r) => r.click(...sidebarLink('Tabs')),
    proof: async (r) => {
      await r.waitForURL(/\/docs\/themes\/docs\/tabs$/)
      await title(r, 'Tabs Component')
      await assertSameDocument(r)
    },
  },
  {
    name: 'pick the "Python" tab',
    act: (r) => r.click('[role="tab"]', { text: /^Python$/, nth: 0 }),
    proof: (r) => r.waitFor('[role="tab"][aria-selected="true"]', { text: /^Python$/, nth: 0 }),
  },
  {
    name: 'choose the dark theme',
    act: async (r) => {
      await r.click('button[title="Change theme"]', { visible: true, nth: 0 })
      await r.click('[role="option"]', { text: /^Dark$/, nth: 0 })
    },
    proof: (r) => r.waitUntil(() => document.documentElement.classList.contains('dark')),
  },
  {
    name: 'go back',
    act: (r) => r.back(),
    proof: async (r) => {
      await r.waitForURL(/\/docs\/get-started$/)
      await title(r, 'Get Started')
      await assertSameDocument(r)
    },
  },
  {
    name: 'type a query into the search box',
    act: (r) => r.fill('input[type="search"]', 'tabs', { visible: true, nth: 0 }),
    proof: (r) => r.waitFor('[role="listbox"] a[role="option"], a[role="option"]', { nth: 0 }),
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
  // Per-page policies hold here, so the control VitePress uses for WebKit holds in every engine.
  negative: { ...landingHashDropped, title: "one script hash removed from every page's meta", engines: undefined },
})
