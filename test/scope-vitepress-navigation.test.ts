import { cpSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { serveDir, type StaticServer } from './support/browser.js'
import { ENGINES, loadInEngine, warmUp, type EngineName, type EngineViolation } from './support/engines/index.js'
import { Reader } from './support/reader-visit.js'
import { vitepressSiteOutput } from './support/global-setup.js'
import { cspkit, type CliRun } from './support/cli.js'

// A real VitePress site (built by VitePress, once per run) processed by the real `cspkit build` bin,
// then read in Chromium, Firefox and WebKit the way a reader does: the first page loads, a click on a
// sidebar link lets VitePress's router render the next page from JavaScript, under the first page's CSP
// meta. That next page has a code block: Shiki's spans with style="--shiki-light:…", hashed on that page
// only. WebKit applies those spans' styles unchecked (Vue inserts them parsed in a <template>:
// test/engines-inert-document-style.test.ts), so there the per-page control asserts that instead.

const ROOT = resolve(fileURLToPath(new URL('..', import.meta.url)))
const FIXTURE = join(ROOT, 'test/fixtures/vitepress-site')

interface Built {
  readonly run: CliRun
  readonly server: StaticServer
}

let work: string
let auto: Built
let perPage: Built

async function buildCopy(raw: string, name: string, flags: string[]): Promise<Built> {
  const site = join(work, name)
  cpSync(raw, site, { recursive: true })
  const run = await cspkit(['build', site, ...flags], FIXTURE)
  return { run, server: await serveDir(site) }
}

beforeAll(async () => {
  // The engines start while the build runs.
  warmUp()
  work = mkdtempSync(join(tmpdir(), 'cspkit-scope-vitepress-'))
  const raw = await vitepressSiteOutput()
  auto = await buildCopy(raw, 'auto', [])
  perPage = await buildCopy(raw, 'page', ['--scope', 'page'])
})

afterAll(async () => {
  await auto?.server.close()
  await perPage?.server.close()
  if (work) rmSync(work, { recursive: true, force: true })
})

interface Visit {
  onLoad: EngineViolation[]
  afterClick: EngineViolation[]
  reloaded: boolean
  codeSpans: number
  /** How many of those spans have their style applied. */
  styledSpans: number
}

/** Opens /guide/, clicks the sidebar's "Styling" link, waits for the router to render its code block. */
async function navigate(built: Built, engine: EngineName): Promise<Visit> {
  const { page, violations: onLoad } = await loadInEngine(engine, `${built.server.url}/guide/`)
  try {
    const reader = new Reader(page)
    // A full page load would reset this; the router keeps the document (and this mark) alive.
    await page.evaluate(() => ((window as unknown as { __sameDocument: boolean }).__sameDocument = true))
    await reader.click('.VPSidebar a[href="/guide/styling.html"]')
    await reader.waitForURL(/\/guide\/styling\.html$/)
    // [style], not its value: Firefox empties a refused style attribute (test/engines-inert-document-style.test.ts).
    await reader.waitFor('.vp-doc pre span[style]', { nth: 0 })
    await new Promise((ok) => setTimeout(ok, 300))
    const spans = await page.evaluate(() => [...document.querySelectorAll<HTMLElement>('.vp-doc pre span[style]')].map((s) => s.style.length > 0))
    return {
      onLoad,
      afterClick: await page.violations(),
      reloaded: !(await page.evaluate(() => (window as unknown as { __sameDocument?: boolean }).__sameDocument)),
      codeSpans: spans.length,
      styledSpans: spans.filter(Boolean).length,
    }
  } finally {
    await page.close()
  }
}

describe('a VitePress visit across a client-side navigation', () => {
  it("the default scope ('auto') finds VitePress's router and says so in the build summary", () => {
    expect(auto.run.code, auto.run.stderr).toBe(0)
    expect(auto.run.stdout).toMatch(
      /^\[cspkit\] scope: site \(VitePress client-side router, seen in index\.html\): every page's policy allows the site's \d+ hashes, meta [\d,]+ characters, header [\d,]+ characters\.$/m,
    )
  })

  it.each(ENGINES)('with site scope, the page the router renders has zero violations in %s', async (engine) => {
    const visit = await navigate(auto, engine)
    expect(visit.reloaded).toBe(false)
    expect(visit.codeSpans).toBeGreaterThan(0)
    expect(visit.styledSpans).toBe(visit.codeSpans)
    expect(visit.onLoad).toEqual([])
    expect(visit.afterClick).toEqual([])
  })

  it.each(ENGINES)("with scope: 'page' (the negative control), the same click gets style-src-attr violations in %s", async (engine) => {
    expect(perPage.run.code, perPage.run.stderr).toBe(0)
    expect(perPage.run.stdout).toContain("[cspkit] scope: page (scope: 'page' in the options).")
    const visit = await navigate(perPage, engine)
    expect(visit.reloaded).toBe(false)
    // The first page itself is fine: only what the router brings in is blocked.
    expect(visit.onLoad).toEqual([])
    const attrs = visit.afterClick.filter((v) => v.effectiveDirective === 'style-src-attr')
    if (engine === 'webkit') {
      // WebKit's documented difference: the spans Vue parsed in a <template> keep their styles, unchecked.
      expect(attrs).toEqual([])
      expect(visit.styledSpans).toBe(visit.codeSpans)
      return
    }
    expect(attrs.length, JSON.stringify(visit.afterClick.slice(0, 3))).toBeGreaterThan(0)
    expect(visit.styledSpans).toBeLessThan(visit.codeSpans)
  })
})
