// Chromium only (the suite's time budget; see JUDGES): Astro's output is judged in all three engines by the Starlight real site.
import { execFile } from 'node:child_process'
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { serveDir, type StaticServer } from './support/browser.js'
import { dropFirstHash } from './support/drop-hash.js'
import { loadInEngine, warmUp, type EngineName, type EngineViolation } from './support/engines/index.js'
import { plainEnv } from './support/cli.js'

// The README's Astro recipes, run by a real `astro build` (Astro 5.18): the integration calling
// processDirectory in `astro:build:done`, and the CLI after `astro build`.

const ROOT = resolve(fileURLToPath(new URL('..', import.meta.url)))
const FIXTURE = join(ROOT, 'test/fixtures/astro-site')
const ASTRO = join(ROOT, 'node_modules/astro/astro.js')
const CSPKIT = join(ROOT, 'packages/cli/dist/bin.js')
const run = promisify(execFile)
const env = { ...plainEnv(), ASTRO_TELEMETRY_DISABLED: '1', NO_COLOR: '1' }

/** The engines the pages are judged in: Firefox and WebKit would add two browser start-ups; with them every page test below passes too. */
const JUDGES: readonly EngineName[] = ['chromium']

interface Page {
  inline?: string
  about?: string
  hydrated?: string
  noteBorder: string
  styledColor?: string
}

async function state(engine: EngineName, url: string): Promise<{ violations: EngineViolation[]; page: Page }> {
  const loaded = await loadInEngine(engine, url)
  try {
    const page = await loaded.page.evaluate(() => {
      const w = window as unknown as { __astroInline?: string; __aboutInline?: string }
      const note = document.querySelector('.note')
      const styled = document.querySelector('.styled')
      return {
        inline: w.__astroInline,
        about: w.__aboutInline,
        hydrated: document.body.dataset.hydrated,
        noteBorder: note ? getComputedStyle(note).borderTopColor : '',
        styledColor: styled ? getComputedStyle(styled).color : undefined,
      }
    })
    return { violations: loaded.violations, page }
  } finally {
    await loaded.page.close()
  }
}

// Under test/.out (git-ignored) so the project resolves astro and @cspkit/core from the repository.
let work: string

beforeAll(async () => {
  // The engine starts while the build runs.
  warmUp(JUDGES)
  mkdirSync(join(ROOT, 'test/.out'), { recursive: true })
  work = mkdtempSync(join(ROOT, 'test/.out/cli-astro-'))
})

afterAll(async () => {
  if (work) rmSync(work, { recursive: true, force: true })
})

describe('Astro integration (astro:build:done → processDirectory)', () => {
  let project: string
  let log: string
  let server: StaticServer

  beforeAll(async () => {
    project = join(work, 'integration')
    cpSync(FIXTURE, project, { recursive: true })
    log = (await run(process.execPath, [ASTRO, 'build', '--root', project], { cwd: project, env })).stdout
    server = await serveDir(join(project, 'dist'))
  })
  afterAll(async () => {
    await server?.close()
  })

  it('processes every page Astro wrote, with a CSP meta right after <meta charset>', () => {
    expect(log).toContain('[cspkit] 2 pages, 2 updated')
    for (const file of ['index.html', 'about/index.html']) {
      const html = readFileSync(join(project, 'dist', file), 'utf8')
      expect(html, file).toMatch(/<head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="default-src 'self';/)
    }
    // What the fixture is about: Astro put the component style inline, and the processed script too.
    const home = readFileSync(join(project, 'dist/index.html'), 'utf8')
    expect(home).toMatch(/<style>\.note\[data-astro-cid-/)
    expect(home).toContain('<script>window.__astroInline')
  })

  it.each(JUDGES)('/ loads in %s with zero violations: inline script ran, component style and style="" applied', async (engine) => {
    const { violations, page } = await state(engine, `${server.url}/`)
    expect(violations).toEqual([])
    expect(page).toEqual({ inline: 'ran', about: undefined, hydrated: 'yes', noteBorder: 'rgb(255, 0, 0)', styledColor: 'rgb(0, 128, 0)' })
  })

  it.each(JUDGES)('/about/ loads in %s with zero violations and its own inline script ran', async (engine) => {
    const { violations, page } = await state(engine, `${server.url}/about/`)
    expect(violations).toEqual([])
    expect(page).toMatchObject({ inline: 'ran', about: 'ran', hydrated: 'yes' })
  })

  it.each(JUDGES)("negative control (%s): with the home page's first script hash removed from its meta, that script is blocked", async (engine) => {
    const tampered = join(work, 'integration-tampered')
    cpSync(join(project, 'dist'), tampered, { recursive: true, force: true })
    expect(dropFirstHash(tampered, 'script-src')).toBeGreaterThan(0)
    const served = await serveDir(tampered)
    try {
      const { violations, page } = await state(engine, `${served.url}/`)
      expect(violations.map((v) => v.effectiveDirective)).toContain('script-src-elem')
      expect(page.inline).toBeUndefined()
    } finally {
      await served.close()
    }
  })

  it('cspkit check passes on it', async () => {
    const { stdout } = await run(process.execPath, [CSPKIT, 'check', 'dist'], { cwd: project, env })
    expect(stdout).toMatch(/check: 2 pages in dist, every inline script and style and every URL the HTML loads is allowed/)
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
      const { violations, page } = await state('chromium', `${server.url}/`)
      expect(violations).toEqual([])
      expect(page).toMatchObject({ inline: 'ran', hydrated: 'yes', noteBorder: 'rgb(255, 0, 0)', styledColor: 'rgb(0, 128, 0)' })
    } finally {
      await server.close()
    }
  })
})
