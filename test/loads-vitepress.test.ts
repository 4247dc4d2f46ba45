import { cpSync, mkdtempSync, readdirSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { serveDir, type StaticServer } from './support/browser.js'
import { ENGINES, loadInEngine, waitInPage, warmUp } from './support/engines/index.js'
import { ROOT } from './support/builds.js'
import { cspkit, type CliRun } from './support/cli.js'
import { vitepressSiteOutput } from './support/global-setup.js'
import { buildVitePress, realSiteOutput } from './support/real-sites.js'

// VitePress revives the functions of a site config with new Function in its metadata chunk: with
// the default policy every page then throws during start-up (no hydration). A real VitePress 1.6
// build of a config with a local-search tokenize function, through the real `cspkit build`: the
// build must warn with VitePress's own way out, and Chromium, Firefox and WebKit must each show the
// same eval being blocked.
const FIXTURE = join(ROOT, 'test/fixtures/vitepress-config-function')

const DEFAULT = "default-src 'self'; img-src 'self' data:; font-src 'self' data:; object-src 'none'; base-uri 'self'; form-action 'self'"
// VitePress's appearance <style> (see test/fixtures/vitepress-site/cspkit.config.ts), so only eval is left to decide.
const STYLE = "style-src 'self' 'sha256-skqujXORqzxt1aE0NNXxujEanPTX6raoqSscTV/Ww/Y='"

/** Vue mounted the app on VitePress's #app: the client code ran (in the browser). */
const isHydrated = () => Boolean((document.querySelector('#app') as { __vue_app__?: unknown } | null)?.__vue_app__)

let work: string
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

/** Each processed once for the file, however many engines load it. */
const once = <T>(make: () => Promise<T>): (() => Promise<T>) => {
  let made: Promise<T> | undefined
  return () => (made ??= make())
}
const defaultServer = once(async () => serve((await processed(raw, 'browser-default', `${DEFAULT}; ${STYLE}`)).dir))
const unsafeEvalSite = once(async () => {
  const { dir, run } = await processed(raw, 'unsafe-eval', `${DEFAULT}; ${STYLE}; script-src 'self' 'unsafe-eval'`)
  return { server: await serve(dir), run }
})

let raw: string
beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'cspkit-loads-vitepress-'))
  // Built once and cached by content, in a scratch copy with a plain environment, like every real site.
  raw = await realSiteOutput('vitepress-config-function', {
    source: FIXTURE,
    generators: ['vitepress'],
    build: (outDir) => buildVitePress('vitepress-config-function', FIXTURE, 'vitepress', outDir),
  })
}, 120_000)
afterAll(async () => {
  for (const s of servers) await s.close()
})
warmUp()

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

  it.each(ENGINES)("%s: the eval the build warned about is blocked there too (script-src, 'eval'), nothing else is, and the page does not hydrate", async (engine) => {
    const server = await defaultServer()
    const { page, violations } = await loadInEngine(engine, `${server.url}/index.html`)
    const hydrated = await page.evaluate(isHydrated)
    await page.close()
    const evals = violations.filter((v) => v.effectiveDirective === 'script-src' && v.blockedURI === 'eval')
    expect(evals.length).toBeGreaterThan(0)
    expect(violations.filter((v) => !evals.includes(v)), 'only the eval is blocked').toEqual([])
    expect(hydrated).toBe(false)
  })

  it.each(ENGINES)("with 'unsafe-eval' (the fix of last resort) the build is clean and %s reports nothing and hydrates", async (engine) => {
    const { server, run } = await unsafeEvalSite()
    expect(`${run.stdout}${run.stderr}`).not.toMatch(/EVAL_BLOCKED|LOAD_BLOCKED/)
    const { page, violations } = await loadInEngine(engine, `${server.url}/index.html`)
    await waitInPage(page, isHydrated)
    const after = await page.violations()
    await page.close()
    expect(violations).toEqual([])
    expect(after).toEqual([])
  })

  it('control: a VitePress site without functions in its config gets no EVAL_BLOCKED (the shared fixture)', async () => {
    const { run } = await processed(await vitepressSiteOutput(), 'no-functions', `${DEFAULT}; ${STYLE}`)
    expect(run.code, run.stderr).toBe(0)
    expect(`${run.stdout}${run.stderr}`).not.toMatch(/EVAL_BLOCKED|LOAD_BLOCKED|SCRIPT_LOAD_BLOCKED/)
  })
})
