import { execFileSync } from 'node:child_process'
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { cspkit } from './support/cli.js'
import { ROOT } from './support/builds.js'
import { announcement, assertSameDocument, isInlineViolation, markDocument, visitSummary, type Reader, type ReaderStep, type ReaderVisit } from './support/reader-visit.js'
import { describeRealSite, landingHashDropped } from './support/real-site-suite.js'
import { MKDOCS, buildMkDocs, realSiteOutput } from './support/real-sites.js'

// HTTPX's documentation (encode/httpx, trimmed, instant navigation turned on: test/real-sites/httpx-docs/SOURCE.md),
// built by MkDocs with Material for MkDocs, processed by the real `cspkit build`, then read in Chromium, Firefox and WebKit.

const SITE = join(ROOT, 'test/real-sites/httpx-docs')

const heading = (r: Reader, text: string) => r.waitFor('.md-content h1', { text })

/** Material's instant navigation took the click: the URL changed and the document is the same one. */
const routed = async (r: Reader, url: RegExp, title: string) => {
  await r.waitForURL(url)
  await heading(r, title)
  await assertSameDocument(r)
}

/** The home page's title carries its `style="font-size: 3rem; ..."` (an element a blocked style attribute leaves unstyled). */
const titleStyled = (r: Reader | ReaderVisit['page']) => r.evaluate(() => document.querySelector<HTMLElement>('.md-content h1')?.style.fontSize === '3rem')

const READER: ReaderStep[] = [
  {
    // The visit starts on a page without the home page's inline styles, so the home page is later rendered by the router under QuickStart's policy.
    name: 'open QuickStart from a bookmark (a full page load)',
    act: (r) => r.evaluate(() => void setTimeout(() => location.assign('quickstart/'), 0)),
    proof: async (r) => {
      await r.waitForURL(/\/quickstart\/$/)
      await heading(r, 'QuickStart')
      // Material's bundle ran (it swaps no-js for js), so its router is listening.
      await r.waitUntil(() => document.documentElement.classList.contains('js') && document.querySelector('.md-search__input') !== null)
      await markDocument(r)
    },
  },
  {
    name: 'click "Introduction" in the sidebar',
    act: (r) => r.click('.md-sidebar--primary .md-nav__link', { text: 'Introduction' }),
    proof: async (r) => {
      await routed(r, /\/$/, 'HTTPX')
      // The title's inline style applied (the router inserts the page at once: no waiting).
      if (!(await titleStyled(r))) throw new Error("the home page's title lost its inline style")
    },
  },
  {
    name: 'click the footer\'s "Next" link',
    act: (r) => r.click('.md-footer__link--next'),
    proof: (r) => routed(r, /\/quickstart\/$/, 'QuickStart'),
  },
  {
    name: 'go back',
    act: (r) => r.back(),
    proof: (r) => routed(r, /\/$/, 'HTTPX'),
  },
  {
    name: 'switch to dark mode',
    act: (r) => r.click('form[data-md-component="palette"] label:not([hidden])'),
    proof: (r) => r.waitUntil(() => document.body.getAttribute('data-md-color-scheme') === 'slate'),
  },
  {
    name: 'search for "timeout"',
    act: async (r) => {
      await r.fill('.md-search__input', 'timeout')
      // Material 8 reads the query on keyup; Chromium and WebKit type the text as one insertion (a paste), so the last key's release is sent as a keyboard would.
      await r.evaluate(() => document.querySelector('.md-search__input')!.dispatchEvent(new KeyboardEvent('keyup', { key: 't', bubbles: true })))
    },
    // The worker built the index from search_index.json and answered: results listed, QuickStart among them.
    proof: (r) => r.waitUntil(() => [...document.querySelectorAll<HTMLAnchorElement>('.md-search-result__item a.md-search-result__link')].some((a) => a.pathname === '/quickstart/'), [], 15_000),
  },
  {
    name: 'click the search result for QuickStart',
    act: async (r) => {
      const nth = await r.evaluate(() => [...document.querySelectorAll<HTMLAnchorElement>('.md-search-result__item a.md-search-result__link')].findIndex((a) => a.pathname === '/quickstart/'))
      await r.click('.md-search-result__item a.md-search-result__link', { nth })
    },
    proof: async (r) => {
      await routed(r, /\/quickstart\/$/, 'QuickStart')
      await r.waitUntil(() => !(document.querySelector('[data-md-toggle="search"]') as HTMLInputElement).checked)
    },
  },
]

/** Debian's packages (or CSPKIT_MKDOCS's) versions: the generator is not in node_modules. */
function mkdocsVersions(): string[] {
  const out = [execFileSync(MKDOCS, ['--version'], { encoding: 'utf8' }).trim()]
  try {
    out.push(execFileSync('dpkg-query', ['-W', '-f', '${Version}', 'mkdocs-material'], { encoding: 'utf8' }))
  } catch {
    // Not a Debian install: mkdocs --version says where it runs from.
  }
  return out
}

/**
 * Under scope 'page', the router renders the home page under QuickStart's policy: its inline styles
 * are blocked. WebKit differs, as its documented behaviour (test/engines-inert-document-style.test.ts):
 * Material parses the fetched page in an inert document and moves its elements in, and WebKit applies
 * their style attributes without a check; there it asserts that (no violation, the title styled), and
 * `landingHashDropped` proves the WebKit visit can fail.
 */
async function homeStylesBlocked(visit: ReaderVisit): Promise<void> {
  const summary = visitSummary(visit)
  const [landing, bookmark, home] = visit.steps
  expect(landing!.violations.filter(isInlineViolation), summary).toEqual([])
  expect(bookmark!.violations.filter(isInlineViolation), summary).toEqual([])
  if (visit.engine !== 'webkit') {
    expect(home?.violations.some((v) => v.effectiveDirective === 'style-src-attr'), summary).toBe(true)
    return
  }
  expect(visit.failed, summary).toBeUndefined()
  expect(home!.violations.filter(isInlineViolation), summary).toEqual([])
  expect(await titleStyled(visit.page), summary).toBe(true)
}

describeRealSite({
  title: 'MkDocs Material docs (encode/httpx)',
  siteDir: SITE,
  output: () =>
    realSiteOutput('httpx-docs', {
      source: SITE,
      generators: [],
      toolVersions: mkdocsVersions(),
      build: (outDir) => buildMkDocs(SITE, outDir),
    }),
  // Five pages and Material's 404 page.
  pages: 6,
  reader: READER,
  also: (visit, printed) => {
    // scope 'auto' saw Material's router, so every page's policy holds every page's hashes.
    expect(printed).toContain('[cspkit] scope: site (Material for MkDocs instant navigation client-side router, seen in index.html)')
    // The home page's logo and badges are images from other origins, not in the policy: blocked, and the build said so.
    const images = visit.all.filter((v) => v.effectiveDirective === 'img-src')
    expect(images.length).toBeGreaterThan(0)
    for (const v of images) expect(announcement(v, printed)).toMatch(/LOAD_BLOCKED/)
  },
  negative: {
    title: "per-page policies (scope 'page') block the home page's inline styles when the router renders it",
    args: ['--config', 'cspkit.page.config.mjs'],
    steps: 2,
    expect: homeStylesBlocked,
  },
  moreNegatives: [landingHashDropped],
})

// The same site with navigation.instant off, as its repository ships it: Material loads every page in
// full, so there is no router and each page keeps its own policy (scope 'auto' must not widen them).
describe('MkDocs Material docs (encode/httpx) without navigation.instant', () => {
  it("cspkit build keeps per-page policies (scope 'page': no client-side router)", { timeout: 120_000 }, async () => {
    const raw = await realSiteOutput('httpx-docs-no-instant', {
      source: SITE,
      generators: [],
      toolVersions: mkdocsVersions(),
      build: async (outDir) => {
        const work = mkdtempSync(join(tmpdir(), 'cspkit-mkdocs-no-instant-'))
        try {
          // The site's config without the feature; its folders by absolute path, since the config moves.
          const config = readFileSync(join(SITE, 'mkdocs.yml'), 'utf8')
            .replace(/^ *- navigation\.instant\n/m, '')
            .replace("custom_dir: 'overrides'", `custom_dir: '${join(SITE, 'overrides')}'`)
            .concat(`\ndocs_dir: '${join(SITE, 'docs')}'\n`)
          if (config.includes('navigation.instant')) throw new Error('[cspkit tests] navigation.instant is still in the no-instant config')
          writeFileSync(join(work, 'mkdocs.yml'), config)
          await buildMkDocs(work, outDir)
        } finally {
          rmSync(work, { recursive: true, force: true })
        }
      },
    })
    // Material's config JSON is there, without the feature: the page-scope answer is about the feature, not a missing config.
    expect(readFileSync(join(raw, 'index.html'), 'utf8')).toMatch(/<script id="__config" type="application\/json">\{"base": "\.", "features": \[\]/)
    const work = mkdtempSync(join(tmpdir(), 'cspkit-mkdocs-no-instant-site-'))
    try {
      cpSync(raw, join(work, 'site'), { recursive: true })
      const build = await cspkit(['build', join(work, 'site'), '--no-progress'], SITE)
      expect(build.stdout).toContain('[cspkit] scope: page (no client-side router found in 6 pages).')
    } finally {
      rmSync(work, { recursive: true, force: true })
    }
  })
})
