import { join } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { connectBrowser } from './support/browser.js'
import { ROOT } from './support/builds.js'
import { processedSite, type ProcessedSite } from './support/processed-site.js'
import { buildVitePress, realSiteOutput } from './support/real-sites.js'
import {
  announcement,
  inlineViolationsByStep,
  isInlineViolation,
  unannounced,
  visitAsReader,
  visitSummary,
  type ReaderStep,
  type ReaderVisit,
} from './support/reader-visit.js'

// VitePress's own documentation (vuejs/vitepress v2.0.0-alpha.19, trimmed: test/real-sites/vitepress-docs/SOURCE.md),
// built by VitePress 2.0 alpha, processed by the real `cspkit build`, then read in Chromium by a scripted reader.

const SITE = join(ROOT, 'test/real-sites/vitepress-docs')

/** Set on landing; still there after a click only if the router navigated without a page load. */
const markDocument = (page: Page) => page.evaluate(() => ((window as unknown as { __reader: number }).__reader = 1))
const sameDocument = async (page: Page) => {
  if ((await page.evaluate(() => (window as unknown as { __reader?: number }).__reader)) !== 1) throw new Error('the page reloaded: the click did not go through the client-side router')
}
const heading = async (page: Page, text: string) => {
  await page.locator('.vp-doc h1', { hasText: text }).waitFor({ timeout: 10_000 })
}

const READER: ReaderStep[] = [
  {
    name: 'the home page hydrates',
    act: async (page) => {
      await page.waitForFunction(() => Boolean((document.querySelector('#app') as unknown as { __vue_app__?: object })?.__vue_app__))
      await markDocument(page)
    },
    proof: async (page) => {
      await page.locator('.VPHero .name', { hasText: 'VitePress' }).waitFor()
    },
  },
  {
    name: 'click the hero\'s "What is VitePress?"',
    act: (page) => page.locator('.VPHero a', { hasText: 'What is VitePress?' }).click(),
    proof: async (page) => {
      await page.waitForURL(/\/guide\/what-is-vitepress$/)
      await heading(page, 'What is VitePress?')
      await sameDocument(page)
    },
  },
  {
    name: 'click "Getting Started" in the sidebar',
    act: (page) => page.locator('.VPSidebar a', { hasText: 'Getting Started' }).click(),
    proof: async (page) => {
      await page.waitForURL(/\/guide\/getting-started$/)
      await heading(page, 'Getting Started')
      await sameDocument(page)
    },
  },
  {
    name: 'pick the second label of the first code group',
    act: (page) => page.locator('.vp-code-group').first().locator('.tabs label').nth(1).click(),
    proof: async (page) => {
      await page.waitForFunction(() => {
        const group = document.querySelector('.vp-code-group')!
        return group.querySelectorAll<HTMLInputElement>('.tabs input')[1]?.checked && group.querySelectorAll('.blocks > div')[1]?.classList.contains('active')
      })
    },
  },
  {
    name: 'toggle the dark theme',
    act: (page) => page.locator('.VPNavBarAppearance .VPSwitchAppearance').click(),
    proof: async (page) => {
      await page.waitForFunction(() => document.documentElement.classList.contains('dark'))
    },
  },
  {
    name: 'click "Routing" in the sidebar',
    act: (page) => page.locator('.VPSidebar a', { hasText: 'Routing' }).click(),
    proof: async (page) => {
      await page.waitForURL(/\/guide\/routing$/)
      await heading(page, 'Routing')
      await sameDocument(page)
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
      await sameDocument(page)
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
      expect(await page.locator('.DocSearch-Input').inputValue()).toBe('routing')
    },
  },
]

let browser: Browser
let raw: string

beforeAll(async () => {
  raw = await realSiteOutput('vitepress-docs', {
    source: SITE,
    generators: ['vitepress2'],
    build: (outDir) => buildVitePress('vitepress-docs', SITE, 'vitepress2', outDir),
  })
  browser = await connectBrowser()
})

afterAll(async () => {
  await browser?.close()
})

describe('VitePress 2 docs (vuejs/vitepress), cspkit build with a strict policy, read in Chromium', () => {
  let site: ProcessedSite
  let visit: ReaderVisit

  beforeAll(async () => {
    site = await processedSite(raw, SITE)
    if (site.build.code === 0) visit = await visitAsReader(browser, `${site.server.url}/`, READER)
  })
  afterAll(async () => {
    await visit?.context.close()
    await site?.close()
  })

  it('builds', () => {
    expect(site.build.code, site.printed).toBe(0)
    expect(site.build.stdout).toMatch(/^\[cspkit\] build: 5 pages in .*, 5 updated, \d+ hashes/m)
  })

  it('every step of the visit happened with zero violations for inline content', () => {
    expect(visit.failed, visitSummary(visit)).toBeUndefined()
    expect(visit.steps).toHaveLength(READER.length + 1)
    expect(inlineViolationsByStep(visit.steps), visitSummary(visit)).toEqual(Object.fromEntries(visit.steps.map((s) => [s.step, []])))
    // Offline, Algolia's client reports its hosts unreachable; nothing may fail for the policy's sake.
    expect(visit.pageErrors.filter((e) => /Content Security Policy|EvalError|unsafe-eval/i.test(e))).toEqual([])
  })

  it('every other violation was announced by the build', () => {
    // The Fathom script in every page's head is not in the policy: it must be blocked, and announced.
    const fathom = visit.all.filter((v) => v.blockedURI.startsWith('https://cdn.usefathom.com/'))
    expect(fathom.length).toBeGreaterThan(0)
    expect(announcement(fathom[0]!, site.printed)).toBeDefined()
    expect(unannounced(visit.all, site.printed), `${site.printed}\n${visitSummary(visit)}`).toEqual([])
  })
})

describe('negative control: the same visit with per-page policies (scope "page")', () => {
  let site: ProcessedSite
  let visit: ReaderVisit

  beforeAll(async () => {
    site = await processedSite(raw, SITE, ['--config', 'cspkit.page.config.mjs'])
    if (site.build.code === 0) visit = await visitAsReader(browser, `${site.server.url}/`, READER)
  })
  afterAll(async () => {
    await visit?.context.close()
    await site?.close()
  })

  it('shows style-src-attr violations once the router renders a later page', () => {
    expect(site.build.code, site.printed).toBe(0)
    expect(visit.failed, visitSummary(visit)).toBeUndefined()
    const landing = visit.steps[0]!.violations.filter(isInlineViolation)
    const later = visit.steps.slice(2).flatMap((s) => s.violations).filter(isInlineViolation)
    expect(landing).toEqual([])
    expect(later.some((v) => v.effectiveDirective === 'style-src-attr')).toBe(true)
  })
})
