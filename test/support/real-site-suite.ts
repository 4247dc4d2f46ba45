import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DIAGNOSTIC_CODES } from '@cspkit/core'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { cspkit } from './cli.js'
import { dropFirstHash } from './drop-hash.js'
import { ENGINES, warmUp, type EngineName } from './engines/index.js'
import { processedSite, type ProcessedSite } from './processed-site.js'
import { inlineViolationsByStep, isInlineViolation, unannounced, visitAsReader, visitSummary, type ReaderStep, type ReaderVisit, type FrameViolation } from './reader-visit.js'

/**
 * A negative control: the same visit on the same output built so that inline content must be blocked.
 * `args` are extra `cspkit build` flags (e.g. `--config cspkit.page.config.mjs` for scope 'page'),
 * `tamper` edits the processed pages; `expect` says which violations prove it (it may read the page,
 * still open).
 */
export interface NegativeControl {
  readonly title: string
  readonly args?: readonly string[]
  /** Changes the processed output before the visit (e.g. drops a hash from each meta). */
  readonly tamper?: (dir: string) => void
  /**
   * How many of the reader's steps to take after landing (a control judged on landing needs none).
   * @default all of them
   */
  readonly steps?: number
  /** The engines it runs in. @default the suite's engines */
  readonly engines?: readonly EngineName[]
  expect(visit: ReaderVisit): void | Promise<void>
}

export interface RealSiteSuite {
  /** e.g. 'VitePress 2 docs (vuejs/vitepress)'. */
  readonly title: string
  /** The site's folder under test/real-sites: `cspkit build` runs there, so its cspkit.config.mjs applies. */
  readonly siteDir: string
  /** The generator's output, before cspkit (realSiteOutput). */
  output(): Promise<string>
  /** How many pages the generator wrote (the build must process each). */
  readonly pages: number
  /** What the reader does after landing on `/`. */
  readonly reader: readonly ReaderStep[]
  /**
   * The negative control: the same visit on the same output built so that inline content must be
   * blocked, in every engine of the suite.
   */
  readonly negative: NegativeControl
  /** More negative controls, e.g. for an engine in which `negative` documents a difference instead of failing. */
  readonly moreNegatives?: readonly NegativeControl[]
  /** Site-specific checks on the strict visit (e.g. a third-party script that must be blocked and announced). */
  readonly also?: (visit: ReaderVisit, printed: string) => void
  /**
   * Loads only run time shows (a URL built in JavaScript and set on an element), so no build can
   * announce them: `cspkit check --browser` on the same output must report each instead. With `page`
   * (the page file it shows on, relative to the output, e.g. `docs/playground/index.html`) on each,
   * the check visits only those pages (`--include`, `--max-pages`): a reader's visit of every other
   * page proves nothing here and takes a minute on a docs site.
   */
  readonly seenOnlyInBrowser?: readonly { readonly family: string; readonly origin: string; readonly why: string; readonly page?: string }[]
  /** Page errors that are not the policy's doing (offline services), as patterns. */
  readonly offlineErrors?: readonly RegExp[]
  /**
   * The engines the reader visits in (each visit and its negative control).
   * @default ENGINES (Chromium, Firefox and WebKit)
   */
  readonly engines?: readonly EngineName[]
}

/**
 * The tests every real site gets: the real `cspkit build` with the site's strict policy, then a
 * reader's visit in each engine (the build once, one visit per engine) with zero inline violations
 * and every other violation announced by the build; and a negative control in each engine proving
 * the visit can fail there.
 */
export function describeRealSite(suite: RealSiteSuite): void {
  const engines = suite.engines ?? ENGINES
  let raw: string
  beforeAll(async () => {
    warmUp(engines)
    raw = await suite.output()
  })

  describe(`${suite.title}: cspkit build with a strict policy`, () => {
    let site: ProcessedSite
    beforeAll(async () => {
      site = await processedSite(raw, suite.siteDir)
    })
    afterAll(async () => {
      await site?.close()
    })

    it('builds every page; the only errors are the loads the policy blocks on purpose (LOAD_BLOCKED), and they fail the build', () => {
      const errors = errorCodes(site.build.stderr)
      expect(errors.filter((c) => c !== 'LOAD_BLOCKED'), site.printed).toEqual([])
      expect(site.build.code, site.printed).toBe(errors.length > 0 ? 1 : 0)
      expect(site.build.stdout).toMatch(new RegExp(`^\\[cspkit\\] build: ${suite.pages} pages in .*, ${suite.pages} updated, \\d+ hashes`, 'm'))
    })

    describe.each(engines)('read in %s', (engine) => {
      let visit: ReaderVisit
      beforeAll(async () => {
        if (wrotePages(site)) visit = await visitAsReader(engine, `${site.server.url}/`, suite.reader)
      })
      afterAll(async () => {
        await visit?.close()
      })

      it('every step of the visit happened, with zero violations for inline content', () => {
        expect(visit, `no visit: the build failed\n${site.printed}`).toBeDefined()
        expect(visit.failed, visitSummary(visit)).toBeUndefined()
        expect(visit.steps).toHaveLength(suite.reader.length + 1)
        expect(inlineViolationsByStep(visit.steps), visitSummary(visit)).toEqual(Object.fromEntries(visit.steps.map((s) => [s.step, []])))
        const offline = suite.offlineErrors ?? []
        expect(visit.pageErrors.filter((e) => !offline.some((r) => r.test(e))), visitSummary(visit)).toEqual([])
      })

      it('every other violation was announced by the build', () => {
        expect(visit, `no visit: the build failed\n${site.printed}`).toBeDefined()
        const runtime = suite.seenOnlyInBrowser ?? []
        const left = unannounced(visit.all, site.printed).filter((b) => !runtime.some((r) => r.family === b.family && r.origin === b.origin))
        expect(left, `${site.printed}\n${visitSummary(visit)}`).toEqual([])
        suite.also?.(visit, site.printed)
      })
    })

    // `cspkit check --browser` drives Chromium by design (the CLI's own browser check), so this one is Chromium's.
    if (suite.seenOnlyInBrowser)
      it('what only run time shows, cspkit check --browser reports, with the source to add', { timeout: 180_000 }, async () => {
        const json = join(site.dir, '..', 'check-browser.json')
        const pages = suite.seenOnlyInBrowser!.map((r) => r.page)
        const only = pages.every((p) => p !== undefined) ? [...new Set(pages)] : []
        const escape = (p: string) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
        const bounds = only.length > 0 ? ['--include', `^(${only.map(escape).join('|')})$`, '--max-pages', String(only.length)] : []
        const run = await cspkit(['check', site.dir, '--browser', '--json', json, ...bounds], suite.siteDir)
        expect(run.code, run.stderr).toBe(1)
        const report = JSON.parse(readFileSync(json, 'utf8')) as { violations: { directive: string; blockedURI: string; fix: string }[] }
        for (const r of suite.seenOnlyInBrowser!) {
          const found = report.violations.find((v) => v.directive.startsWith(r.family) && v.blockedURI.startsWith(r.origin))
          expect(found, `${r.family} ${r.origin} (${r.why})\n${run.stderr}`).toBeDefined()
          expect(found!.fix).toContain(r.origin)
        }
      })
  })

  for (const negative of [suite.negative, ...(suite.moreNegatives ?? [])])
    describe(`${suite.title}, negative control: ${negative.title}`, () => {
      let site: ProcessedSite
      beforeAll(async () => {
        site = await processedSite(raw, suite.siteDir, negative.args)
        if (wrotePages(site)) negative.tamper?.(site.dir)
      })
      afterAll(async () => {
        await site?.close()
      })

      it.each(negative.engines ?? engines)('the same visit in %s shows violations for inline content', async (engine) => {
        expect(wrotePages(site), site.printed).toBe(true)
        const visit = await visitAsReader(engine, `${site.server.url}/`, suite.reader.slice(0, negative.steps ?? suite.reader.length))
        try {
          await negative.expect(visit)
        } finally {
          await visit.close()
        }
      })
    })
}

/** The codes of the error lines a build printed (`[cspkit] CODE (…): …` lines of error severity). */
function errorCodes(stderr: string): string[] {
  return [...stderr.matchAll(/^\[cspkit\] ([A-Z_]+)\b/gm)].map((m) => m[1]!).filter((code) => DIAGNOSTIC_CODES[code as keyof typeof DIAGNOSTIC_CODES] === 'error')
}

/** The build wrote its pages: it succeeded, or failed only on loads its policy blocks (directory mode writes before it reports). */
function wrotePages(site: ProcessedSite): boolean {
  return site.build.code === 0 || (site.build.code === 1 && errorCodes(site.build.stderr).every((c) => c === 'LOAD_BLOCKED'))
}

/**
 * For negative controls of client-side-routed sites (VitePress): nothing blocked on landing,
 * style-src-attr after the router rendered a later page. WebKit differs, as its documented behaviour
 * (test/engines-inert-document-style.test.ts): the router inserts a page's static HTML parsed in a
 * <template>, and WebKit applies the style attributes of elements parsed in such an inert document
 * without a check, so there it asserts that: no violation, and the later page's style attributes applied.
 */
export async function expectBlockedAfterNavigation(visit: ReaderVisit): Promise<void> {
  const summary = visitSummary(visit)
  const landing = visit.steps[0]!.violations.filter(isInlineViolation)
  const later: FrameViolation[] = visit.steps.slice(1).flatMap((s) => s.violations).filter(isInlineViolation)
  expect(landing, summary).toEqual([])
  if (visit.engine !== 'webkit') {
    expect(later.some((v) => v.effectiveDirective === 'style-src-attr'), summary).toBe(true)
    return
  }
  expect(visit.failed, summary).toBeUndefined()
  expect(later, summary).toEqual([])
  const styled = await visit.page.evaluate(() => [...document.querySelectorAll<HTMLElement>('.vp-doc [style]')].map((el) => el.style.length > 0))
  expect(styled.length, summary).toBeGreaterThan(0)
  expect(styled.every(Boolean), summary).toBe(true)
}

/**
 * The landing page's first script hash removed from every meta must be blocked there: judged on
 * landing alone. For WebKit, where scope 'page' does not break a VitePress site
 * (expectBlockedAfterNavigation), it proves the WebKit visit able to fail; sites whose per-page
 * policies hold in every engine (Docusaurus, Nextra) spread it with their own title and engines.
 */
export const landingHashDropped: NegativeControl = {
  title: "one script hash removed from every page's meta (WebKit, where per-page policies hold)",
  engines: ['webkit'],
  steps: 0,
  tamper: (dir) => {
    expect(dropFirstHash(dir, 'script-src')).toBeGreaterThan(0)
  },
  expect: (visit) => {
    const blocked = visit.steps[0]!.violations.filter((v) => isInlineViolation(v) && v.effectiveDirective === 'script-src-elem')
    expect(blocked.length, visitSummary(visit)).toBeGreaterThan(0)
  },
}
