import { cpSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { connectBrowser, loadPage, readViolations, serveDir, type StaticServer, type Violation } from './support/browser.js'
import { vitepressSiteOutput } from './support/global-setup.js'
import { cspkit, type CliRun } from './support/cli.js'

// A real VitePress site (built by VitePress, once per run) processed by the real `cspkit build` bin,
// then read in Chromium the way a reader does: the first page loads, a click on a sidebar link lets
// VitePress's router render the next page from JavaScript, under the first page's CSP meta. That next
// page has a code block: Shiki's spans with style="--shiki-light:…", hashed on that page only.

const ROOT = resolve(fileURLToPath(new URL('..', import.meta.url)))
const FIXTURE = join(ROOT, 'test/fixtures/vitepress-site')

interface Built {
  readonly run: CliRun
  readonly server: StaticServer
}

let work: string
let browser: Browser
let auto: Built
let perPage: Built

async function buildCopy(raw: string, name: string, flags: string[]): Promise<Built> {
  const site = join(work, name)
  cpSync(raw, site, { recursive: true })
  const run = await cspkit(['build', site, ...flags], FIXTURE)
  return { run, server: await serveDir(site) }
}

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'cspkit-scope-vitepress-'))
  const raw = await vitepressSiteOutput()
  auto = await buildCopy(raw, 'auto', [])
  perPage = await buildCopy(raw, 'page', ['--scope', 'page'])
  browser = await connectBrowser()
})

afterAll(async () => {
  await auto?.server.close()
  await perPage?.server.close()
  await browser?.close()
  if (work) rmSync(work, { recursive: true, force: true })
})

/** Opens /guide/, clicks the sidebar's "Styling" link, waits for the router to render its code block. */
async function navigate(built: Built): Promise<{ onLoad: Violation[]; afterClick: Violation[]; reloaded: boolean; codeSpans: number }> {
  const loaded = await loadPage(browser, `${built.server.url}/guide/`)
  try {
    // A full page load would reset this; the router keeps the document (and this mark) alive.
    await loaded.page.evaluate(() => ((window as unknown as { __sameDocument: boolean }).__sameDocument = true))
    await loaded.page.click('.VPSidebar a[href="/guide/styling.html"]')
    await loaded.page.waitForURL('**/guide/styling.html')
    await loaded.page.waitForSelector('.vp-doc span[style*="--shiki-light"]')
    await loaded.page.waitForTimeout(300)
    return {
      onLoad: loaded.violations,
      afterClick: await readViolations(loaded.page),
      reloaded: !(await loaded.page.evaluate(() => (window as unknown as { __sameDocument?: boolean }).__sameDocument)),
      codeSpans: await loaded.page.locator('.vp-doc span[style*="--shiki-light"]').count(),
    }
  } finally {
    await loaded.context.close()
  }
}

describe('a VitePress visit across a client-side navigation', () => {
  it("the default scope ('auto') finds VitePress's router and says so in the build summary", () => {
    expect(auto.run.code, auto.run.stderr).toBe(0)
    expect(auto.run.stdout).toMatch(
      /^\[cspkit\] scope: site \(VitePress client-side router, seen in index\.html\): every page's policy allows the site's \d+ hashes, meta [\d,]+ characters, header [\d,]+ characters\.$/m,
    )
  })

  it('with site scope, the page the router renders has zero violations', async () => {
    const visit = await navigate(auto)
    expect(visit.reloaded).toBe(false)
    expect(visit.codeSpans).toBeGreaterThan(0)
    expect(visit.onLoad).toEqual([])
    expect(visit.afterClick).toEqual([])
  })

  it("with scope: 'page' (the negative control), the same click gets style-src-attr violations", async () => {
    expect(perPage.run.code, perPage.run.stderr).toBe(0)
    expect(perPage.run.stdout).toContain("[cspkit] scope: page (scope: 'page' in the options).")
    const visit = await navigate(perPage)
    expect(visit.reloaded).toBe(false)
    // The first page itself is fine: only what the router brings in is blocked.
    expect(visit.onLoad).toEqual([])
    const attrs = visit.afterClick.filter((v) => v.effectiveDirective === 'style-src-attr')
    expect(attrs.length, JSON.stringify(visit.afterClick.slice(0, 3))).toBeGreaterThan(0)
  })
})
