import { execFile } from 'node:child_process'
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ASTRO_FIXTURE, expectAstroPagesRun, expectInlineScriptBlocked, readAstroPage } from './support/astro-site.js'
import { connectBrowser, loadPage, serveDir, type StaticServer } from './support/browser.js'
import { plainEnv } from './support/cli.js'
import { dropFirstHash } from './support/drop-hash.js'
import { ENGINES, loadInEngine, waitInPage } from './support/engines/index.js'

// The README's Astro recipes, run by a real `astro build` (Astro 5.18): @cspkit/astro (processDirectory
// in `astro:build:done`), judged in Chromium, Firefox and WebKit, with Astro's own CSP off and on; and
// the CLI after `astro build`.

const ROOT = resolve(fileURLToPath(new URL('..', import.meta.url)))
const FIXTURE = ASTRO_FIXTURE
const ASTRO = join(ROOT, 'node_modules/astro/astro.js')
const CSPKIT = join(ROOT, 'packages/cli/dist/bin.js')
const run = promisify(execFile)
const env = { ...plainEnv(), ASTRO_TELEMETRY_DISABLED: '1', NO_COLOR: '1' }

async function state(browser: Browser, url: string): Promise<{ violations: unknown[]; page: ReturnType<typeof readAstroPage> }> {
  const loaded = await loadPage(browser, url)
  try {
    return { violations: loaded.violations, page: await loaded.page.evaluate(readAstroPage) }
  } finally {
    await loaded.context.close()
  }
}

// Under test/.out (git-ignored) so the project resolves astro and @cspkit/core from the repository.
let work: string
let browser: Browser

beforeAll(async () => {
  mkdirSync(join(ROOT, 'test/.out'), { recursive: true })
  work = mkdtempSync(join(ROOT, 'test/.out/cli-astro-'))
  browser = await connectBrowser()
})

afterAll(async () => {
  await browser?.close()
  if (work) rmSync(work, { recursive: true, force: true })
})

describe('@cspkit/astro (astro:build:done → processDirectory)', () => {
  let project: string
  let log: string
  let server: StaticServer
  let dropped: StaticServer

  beforeAll(async () => {
    project = join(work, 'integration')
    cpSync(FIXTURE, project, { recursive: true })
    log = (await run(process.execPath, [ASTRO, 'build', '--root', project], { cwd: project, env })).stdout
    server = await serveDir(join(project, 'dist'))
    // The negative control: the same output, the layout's inline script's hash taken out (of both pages).
    const copy = join(work, 'integration-dropped')
    cpSync(join(project, 'dist'), copy, { recursive: true })
    expect(dropFirstHash(copy, 'script-src')).toBe(2)
    dropped = await serveDir(copy)
  })
  afterAll(async () => {
    await Promise.all([server?.close(), dropped?.close()])
  })

  it('processes every page Astro wrote, with a CSP meta right after <meta charset>, and says what it did', () => {
    expect(log).toContain('[@cspkit/astro] [cspkit] 2 pages, 2 updated')
    expect(log).toContain('[cspkit] scope: page')
    expect(log).not.toContain('ASTRO_CSP_ENABLED')
    for (const file of ['index.html', 'about/index.html']) {
      const html = readFileSync(join(project, 'dist', file), 'utf8')
      expect(html, file).toMatch(/<head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="default-src 'self';/)
    }
    // What the fixture is about: Astro put the component style inline, and the processed script too.
    const home = readFileSync(join(project, 'dist/index.html'), 'utf8')
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
    const { stdout } = await run(process.execPath, [CSPKIT, 'check', 'dist'], { cwd: project, env })
    expect(stdout).toMatch(/check: 2 pages in dist, every inline script and style and every URL the HTML loads is allowed/)
  })
})

describe("@cspkit/astro next to Astro's own CSP (experimental.csp)", () => {
  const config = ['--config', 'astro.astro-csp.config.mjs']
  let project: string

  beforeAll(() => {
    project = join(work, 'astro-csp')
    cpSync(FIXTURE, project, { recursive: true })
  })

  it('warns ASTRO_CSP_ENABLED, naming the option and the fix; the page under the merged policy runs with zero violations', async () => {
    const { stdout, stderr } = await run(process.execPath, [ASTRO, 'build', '--root', project, ...config], { cwd: project, env })
    const warning = `${stdout}${stderr}`.split('\n').find((l) => l.includes('ASTRO_CSP_ENABLED'))
    expect(warning).toMatch(/\[cspkit\] ASTRO_CSP_ENABLED \(option experimental\.csp\): Astro's own Content-Security-Policy \(experimental\.csp in astro\.config\) is on/)
    expect(warning).toContain('Fix: Remove experimental.csp from astro.config')
    expect(stdout).toContain('[cspkit] 2 pages, 2 updated')
    // Astro's meta became the page's own policy: one CSP meta, holding Astro's hashes and cspkit's.
    const home = readFileSync(join(project, 'dist/index.html'), 'utf8')
    expect(home.match(/http-equiv="content-security-policy"/gi)).toHaveLength(1)
    const server = await serveDir(join(project, 'dist'))
    try {
      const { page, violations } = await loadInEngine('chromium', `${server.url}/`)
      try {
        await waitInPage(page, () => document.body.dataset.hydrated === 'yes')
        expect(violations).toEqual([])
        expect((await page.evaluate(readAstroPage)).inline).toBe('ran')
      } finally {
        await page.close()
      }
    } finally {
      await server.close()
    }
  })

  it("with failOn: 'warning' the build stops when the config loads, with the message and no stack trace", async () => {
    const failed = await run(process.execPath, [ASTRO, 'build', '--root', project, ...config], { cwd: project, env: { ...env, CSPKIT_FAIL_ON: 'warning' } }).then(
      () => undefined,
      (e: { code: number; stdout: string; stderr: string }) => e,
    )
    expect(failed?.code).toBe(1)
    const output = `${failed!.stdout}${failed!.stderr}`
    expect(output).toContain('[cspkit] ASTRO_CSP_ENABLED (option experimental.csp)')
    expect(output).not.toMatch(/\n\s+at .*@cspkit/)
  })
})

describe('@cspkit/astro with an option it does not have', () => {
  it('fails when astro.config loads: OPTION_UNKNOWN with its did-you-mean, no stack trace, nothing built', async () => {
    const project = join(work, 'bad-option')
    cpSync(FIXTURE, project, { recursive: true })
    writeFileSync(
      join(project, 'astro.bad.config.mjs'),
      "import cspkit from '@cspkit/astro'\nimport { defineConfig } from 'astro/config'\nexport default defineConfig({ integrations: [cspkit({ polcy: {} })] })\n",
    )
    const failed = await run(process.execPath, [ASTRO, 'build', '--root', project, '--config', 'astro.bad.config.mjs'], { cwd: project, env }).then(
      () => undefined,
      (e: { code: number; stdout: string; stderr: string }) => e,
    )
    expect(failed?.code).toBe(1)
    const output = `${failed!.stdout}${failed!.stderr}`
    expect(output).toContain("[cspkit] OPTION_UNKNOWN (option polcy): 'polcy' is not a cspkit option. Fix: Did you mean 'policy'?")
    expect(output).not.toMatch(/\n\s+at /)
    expect(existsSync(join(project, 'dist'))).toBe(false)
  })
})

describe('Astro then the CLI (astro build && cspkit build dist)', () => {
  it('an Astro build without the integration fails check; after cspkit build it passes and runs cleanly', async () => {
    const project = join(work, 'cli')
    cpSync(FIXTURE, project, { recursive: true })
    await run(process.execPath, [ASTRO, 'build', '--root', project, '--config', 'astro.cli.config.mjs'], { cwd: project, env })
    const before = await run(process.execPath, [CSPKIT, 'check', 'dist'], { cwd: project, env }).catch((e: { code: number; stderr: string }) => e)
    expect('code' in before && before.code).toBe(1)
    expect((before as { stderr: string }).stderr).toContain('[cspkit] CHECK_NO_POLICY (index.html)')

    const built = await run(process.execPath, [CSPKIT, 'build', 'dist'], { cwd: project, env })
    expect(built.stdout).toMatch(/2 pages in dist, 2 updated/)
    const after = await run(process.execPath, [CSPKIT, 'check', 'dist'], { cwd: project, env })
    expect(after.stdout).toMatch(/every inline script and style and every URL the HTML loads is allowed/)

    const server = await serveDir(join(project, 'dist'))
    try {
      const { violations, page } = await state(browser, `${server.url}/`)
      expect(violations).toEqual([])
      expect(page).toMatchObject({ inline: 'ran', hydrated: 'yes', noteBorder: 'rgb(255, 0, 0)', styledColor: 'rgb(0, 128, 0)' })
    } finally {
      await server.close()
    }
  })
})
