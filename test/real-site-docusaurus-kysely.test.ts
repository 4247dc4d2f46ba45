import { expect } from 'vitest'
import { announcement, assertSameDocument, markDocument, visitSummary, type FrameViolation, type Reader, type ReaderStep } from './support/reader-visit.js'
import { describeRealSite, landingHashDropped } from './support/real-site-suite.js'
import { KYSELY, kyselyOutput } from './support/real-site-recipes.js'
import { docSearchStep } from './support/reader-steps.js'

// Kysely's documentation site (kysely-org/kysely `site/`, trimmed: test/real-sites/kysely/SOURCE.md), built by
// Docusaurus 3.10, processed by the real `cspkit build`, then read in Chromium, Firefox and WebKit by a scripted reader. Docusaurus
// routes on the client, but React sets styles through the CSSOM (not governed by CSP): per-page policies hold,
// so the negative control removes a hash instead.

const SITE = KYSELY

const title = (r: Reader, text: string) => r.waitFor('article h1', { text })
const sidebarLink = (text: string) => ['nav.menu a.menu__link', { text: new RegExp(`^${text}$`) }] as const

let themeBefore: string | undefined

const READER: ReaderStep[] = [
  {
    name: 'the home page hydrates',
    act: async (r) => {
      await r.waitFor('header.hero h1', { text: 'Kysely' })
      // Docusaurus marks the document once React took over (its theme reads it for the no-JS styles).
      await r.waitUntil(() => document.documentElement.classList.contains('plugin-pages') && Boolean(document.querySelector('#__docusaurus')))
      await markDocument(r)
    },
    proof: (r) => r.waitFor('header.hero a', { text: 'Getting started' }),
  },
  {
    // The StackBlitz demo is a lazy iframe below the fold: a reader scrolls to it, so every engine fetches it.
    name: 'scroll to the "Kysely Demo" playground',
    act: (r) => r.evaluate(() => document.querySelector('iframe[title="Kysely Demo"]')!.scrollIntoView({ block: 'center' })),
    proof: (r) =>
      r.waitUntil(() => {
        const box = document.querySelector('iframe[title="Kysely Demo"]')!.getBoundingClientRect()
        return box.top < innerHeight && box.bottom > 0
      }),
  },
  {
    name: 'click "Docs" in the navbar',
    act: (r) => r.click('.navbar a.navbar__link', { text: /^Docs$/ }),
    proof: async (r) => {
      await r.waitForURL(/\/docs\/intro$/)
      await title(r, 'Introduction')
      await assertSameDocument(r)
    },
  },
  {
    name: 'click "Getting started" in the sidebar',
    act: (r) => r.click(...sidebarLink('Getting started')),
    proof: async (r) => {
      await r.waitForURL(/\/docs\/getting-started$/)
      await title(r, 'Getting started')
      await assertSameDocument(r)
    },
  },
  {
    name: 'pick the "pnpm" tab of the installation',
    act: (r) => r.click('[role="tab"].tabs__item', { text: /^pnpm$/, nth: 0 }),
    proof: (r) => r.waitFor('[role="tab"][aria-selected="true"].tabs__item', { text: /^pnpm$/, nth: 0 }),
  },
  {
    // Docusaurus 3.10's switch cycles system → light → dark: the reader clicks until the theme flips.
    name: 'toggle the theme',
    act: async (r) => {
      const theme = () => r.evaluate(() => document.documentElement.dataset.theme)
      themeBefore = await theme()
      for (let i = 0; i < 3 && (await theme()) === themeBefore; i++) await r.click('.navbar button[title*="mode" i]', { nth: 0 })
    },
    proof: async (r) => {
      const after = await r.evaluate(() => document.documentElement.dataset.theme)
      if (!themeBefore || after === themeBefore) throw new Error(`data-theme stayed ${themeBefore}`)
    },
  },
  {
    name: 'click "Playground" in the sidebar',
    act: (r) => r.click(...sidebarLink('Playground')),
    proof: async (r) => {
      await r.waitForURL(/\/docs\/playground$/)
      await title(r, 'Playground')
      await r.waitFor('article iframe[src*="kyse.link"], article .code-example', { nth: 0, attached: true })
      await assertSameDocument(r)
    },
  },
  {
    name: 'go back',
    act: (r) => r.back(),
    // The installation tabs keep the chosen package manager in the query string.
    proof: async (r) => {
      await r.waitForURL(/\/docs\/getting-started\?(.*&)?package-manager=pnpm/)
      await title(r, 'Getting started')
      await assertSameDocument(r)
    },
  },
  docSearchStep('.navbar .DocSearch-Button', 'select'),
]

describeRealSite({
  title: 'Docusaurus 3 docs (kysely-org/kysely)',
  siteDir: SITE,
  output: kyselyOutput,
  pages: 10,
  reader: READER,
  offlineErrors: [/Unreachable hosts/],
  also: (visit, printed) => {
    // The StackBlitz embed is in the home page's HTML: blocked, and the build said so (naming the preset).
    const isStackblitz = (v: FrameViolation) => v.effectiveDirective === 'frame-src' && v.blockedURI.startsWith('https://stackblitz.com')
    const stackblitz = visit.all.filter(isStackblitz)
    expect(stackblitz.length, visitSummary(visit)).toBeGreaterThan(0)
    // The embed is a loading="lazy" iframe about two screens down: Chromium and WebKit fetch it (and
    // report the block) on landing, Firefox's smaller lazy-load margin only once the reader scrolled near.
    const onLanding = visit.steps[0]!.violations.filter(isStackblitz)
    if (visit.engine === 'firefox') expect(onLanding, visitSummary(visit)).toEqual([])
    else expect(onLanding.length, visitSummary(visit)).toBeGreaterThan(0)
    expect(announcement(stackblitz[0]!, printed)).toMatch(/LOAD_BLOCKED.*presets: \['stackblitz'\]/)
    // The kyse.link playground is blocked too, but its URL exists only at run time (seenOnlyInBrowser).
    expect(visit.all.some((v) => v.effectiveDirective === 'frame-src' && v.blockedURI.startsWith('https://kyse.link')), visitSummary(visit)).toBe(true)
  },
  // The Playground page builds its iframe's kyse.link URL in React code from the page's example.
  seenOnlyInBrowser: [{ family: 'frame-src', origin: 'https://kyse.link', why: 'the iframe URL is built at run time', page: 'docs/playground/index.html' }],
  // Per-page policies hold here, so the control VitePress uses for WebKit holds in every engine.
  negative: { ...landingHashDropped, title: "one script hash removed from every page's meta", engines: undefined },
})
