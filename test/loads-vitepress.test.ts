// Chromium only (the suite's time budget): the eval the build warns about, confirmed in one engine; VitePress pages are judged in all three in cli-vitepress and the real-site visits.
import { cpSync, mkdtempSync, readdirSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { connectBrowser, loadPage, serveDir, type StaticServer } from './support/browser.js'
import { ROOT } from './support/builds.js'
import { cspkit, type CliRun } from './support/cli.js'
import { vitepressSiteOutput } from './support/global-setup.js'
import { buildVitePress, realSiteOutput } from './support/real-sites.js'

// VitePress revives the functions of a site config with new Function in its metadata chunk: with
// the default policy every page then throws during start-up (no hydration). A real VitePress 1.6
// build of a config with a local-search tokenize function, through the real `cspkit build`: the
// build must warn with VitePress's own way out, and Chromium must show the same eval being blocked.
const FIXTURE = join(ROOT, 'test/fixtures/vitepress-config-function')

const DEFAULT = "default-src 'self'; img-src 'self' data:; font-src 'self' data:; object-src 'none'; base-uri 'self'; form-action 'self'"
// VitePress's appearance <style> (see test/fixtures/vitepress-site/cspkit.config.ts), so only eval is left to decide.
const STYLE = "style-src 'self' 'sha256-skqujXORqzxt1aE0NNXxujEanPTX6raoqSscTV/Ww/Y='"

/** Vue mounted the app on VitePress's #app: the client code ran (in the browser). */
const isHydrated = () => Boolean((document.querySelector('#app') as { __vue_app__?: unknown } | null)?.__vue_app__)

let work: string
let browser: Browser
const servers: StaticServer[] = []

/** A copy of `dir` processed by `cspkit build` with `policy`. */
async function processed(dir: string, name: string, policy: string): Promise<{ dir: string; run: CliRun }> {
  const out = join(work, name)
  cpSync(dir, out, { recursive: true })
  return { dir: out, run: await cspkit(['build', out, '--policy', policy]) }
}

async function serve(dir: string): Promise<StaticServer> {
  const server = await serveDir(dir)
  servers.push(server)
  return server
}

let raw: string
beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'cspkit-loads-vitepress-'))
  // Built once and cached by content, in a scratch copy with a plain environment, like every real site.
  raw = await realSiteOutput('vitepress-config-function', {
    source: FIXTURE,
    generators: ['vitepress'],
    build: (outDir) => buildVitePress('vitepress-config-function', FIXTURE, 'vitepress', outDir),
  })
  browser = await connectBrowser()
}, 120_000)
afterAll(async () => {
  for (const s of servers) await s.close()
  await browser?.close()
})

describe('VitePress with a function in its config (metadata chunk revived with new Function)', () => {
  it('the build warns EVAL_BLOCKED at the metadata chunk, with the VitePress fix and what unsafe-eval costs', async () => {
    const { run } = await processed(raw, 'default', `${DEFAULT}; ${STYLE}`)
    expect(run.code, run.stderr).toBe(0) // a warning: the analysis reads code, it does not run it
    const lines = `${run.stdout}${run.stderr}`.split('\n').filter((l) => l.includes('EVAL_BLOCKED'))
    expect(lines).toHaveLength(1)
    const metadata = readdirSync(join(raw, 'assets/chunks')).find((f) => f.startsWith('metadata.'))!
    expect(lines[0]).toMatch(new RegExp(`^\\[cspkit\\] EVAL_BLOCKED \\(assets/chunks/${metadata.replace(/\./g, '\\.')}:1:\\d+, option policy\\.script-src\\)`))
    expect(lines[0]).toContain('new Function()')
    expect(lines[0]).toContain("'unsafe-eval'")
    expect(lines[0]).toMatch(/move those functions out of \.vitepress\/config into the theme's client code/)
  })

  it("Chromium: the eval the build warned about is blocked there too (script-src, 'eval'), and the page does not hydrate", async () => {
    const { dir } = await processed(raw, 'browser-default', `${DEFAULT}; ${STYLE}`)
    const server = await serve(dir)
    const loaded = await loadPage(browser, `${server.url}/index.html`)
    const evals = loaded.violations.filter((v) => v.effectiveDirective === 'script-src' && v.blockedURI === 'eval')
    const hydrated = await loaded.page.evaluate(isHydrated)
    await loaded.context.close()
    expect(evals.length).toBeGreaterThan(0)
    expect(hydrated).toBe(false)
  })

  it("with 'unsafe-eval' (the fix of last resort) the build is clean and Chromium reports nothing", async () => {
    const { dir, run } = await processed(raw, 'unsafe-eval', `${DEFAULT}; ${STYLE}; script-src 'self' 'unsafe-eval'`)
    expect(`${run.stdout}${run.stderr}`).not.toMatch(/EVAL_BLOCKED|LOAD_BLOCKED/)
    const server = await serve(dir)
    const loaded = await loadPage(browser, `${server.url}/index.html`)
    await loaded.page.waitForFunction(isHydrated, undefined, { timeout: 10_000 })
    expect(loaded.violations).toEqual([])
    await loaded.context.close()
  })

  it('control: a VitePress site without functions in its config gets no EVAL_BLOCKED (the shared fixture)', async () => {
    const { run } = await processed(await vitepressSiteOutput(), 'no-functions', `${DEFAULT}; ${STYLE}`)
    expect(run.code, run.stderr).toBe(0)
    expect(`${run.stdout}${run.stderr}`).not.toMatch(/EVAL_BLOCKED|LOAD_BLOCKED|SCRIPT_LOAD_BLOCKED/)
  })
})
