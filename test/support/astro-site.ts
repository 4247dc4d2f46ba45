/**
 * test/fixtures/astro-site as each Astro major builds it: what its pages set and style, read in the
 * page, the state each page must reach under its CSP, the engine checks every Astro test makes
 * (test/cli-astro.test.ts for Astro 5, test/astro-latest.test.ts for Astro 7), and a cached
 * `astro build` of the fixture with an Astro other than the root one, on the Node binary it needs.
 */
import { execFile } from 'node:child_process'
import { createHash } from 'node:crypto'
import { cpSync, readFileSync, writeFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { promisify } from 'node:util'
import { expect } from 'vitest'
import { ROOT } from './builds.js'
import { plainEnv } from './cli.js'
import { loadInEngine, waitInPage, type EngineName } from './engines/index.js'
import { cachedBuild, packageVersion, scratchProject, sourceFiles } from './real-sites.js'

const run = promisify(execFile)
export const ASTRO_FIXTURE = join(ROOT, 'test/fixtures/astro-site')
/** The fixture's pages, as Astro writes them. */
export const ASTRO_PAGES = ['index.html', 'about/index.html'] as const

/** What the fixture's pages set and style, read in the page (null where a page lacks it). */
export function readAstroPage() {
  const w = window as unknown as { __astroInline?: string; __aboutInline?: string }
  const note = document.querySelector('.note')
  const styled = document.querySelector('.styled')
  return {
    inline: w.__astroInline ?? null,
    about: w.__aboutInline ?? null,
    hydrated: document.body.dataset.hydrated ?? null,
    noteBorder: note ? getComputedStyle(note).borderTopColor : '',
    styledColor: styled ? getComputedStyle(styled).color : null,
  }
}

/**
 * Each page and what it shows when everything ran: the layout's inline script, the about page's own,
 * the bundled module script (hydrated), the Note component's style and the home page's style="".
 */
export const ASTRO_PAGE_STATES = [
  ['/', { inline: 'ran', about: null, hydrated: 'yes', noteBorder: 'rgb(255, 0, 0)', styledColor: 'rgb(0, 128, 0)' }],
  ['/about/', { inline: 'ran', about: 'ran', hydrated: 'yes', noteBorder: '', styledColor: null }],
] as const

/** Every page of the site at `base` runs in `engine` with zero violations and reaches its state. */
export async function expectAstroPagesRun(engine: EngineName, base: string): Promise<void> {
  for (const [path, expected] of ASTRO_PAGE_STATES) {
    const { page, violations } = await loadInEngine(engine, `${base}${path}`)
    try {
      await waitInPage(page, () => document.body.dataset.hydrated === 'yes')
      expect(violations, path).toEqual([])
      expect(await page.violations(), path).toEqual([])
      expect(await page.evaluate(readAstroPage), path).toEqual(expected)
    } finally {
      await page.close()
    }
  }
}

/** The negative control: with the layout's inline script's hash dropped, that script is blocked and the module still runs. */
export async function expectInlineScriptBlocked(engine: EngineName, url: string): Promise<void> {
  const { page } = await loadInEngine(engine, url)
  try {
    await waitInPage(page, () => document.body.dataset.hydrated === 'yes')
    expect((await page.violations()).map((v) => v.effectiveDirective)).toEqual(['script-src-elem'])
    expect((await page.evaluate(readAstroPage)).inline).toBeNull()
  } finally {
    await page.close()
  }
}

export interface AstroBuild {
  /** The aliased Astro package under the root node_modules (e.g. `astro7`), linked as `astro` in the scratch copy. */
  readonly astro: string
  /** The package whose `bin/node` runs `astro build` (Astro 6+ needs Node >= 22.12; cspkit's own Node is 20), under packages/astro/node_modules. */
  readonly node: string
  /** The fixture's config file the build uses. */
  readonly config: string
}

const nodeBin = (pkg: string) => join(ROOT, 'packages/astro/node_modules', pkg, 'bin/node')

/**
 * `astro build --config <config>` of the fixture, @cspkit/astro in it, kept across runs by content: the
 * fixture's files, Astro's and Node's versions, and cspkit's built code (core and the integration).
 * Gives the output folder (copy it before changing it) and the build's log (stdout, then stderr) with
 * `astro --version` and `node --version` first.
 */
export async function astroBuildOutput(build: AstroBuild): Promise<{ dir: string; log: string }> {
  const key = createHash('sha256').update(JSON.stringify(build)).update(`\0${packageVersion(build.astro)}`)
  for (const file of sourceFiles(ASTRO_FIXTURE)) key.update(`\0${relative(ASTRO_FIXTURE, file)}\0`).update(readFileSync(file))
  for (const dist of ['packages/core/dist', 'packages/astro/dist']) {
    for (const file of sourceFiles(join(ROOT, dist))) key.update(`\0${relative(ROOT, file)}\0`).update(readFileSync(file))
  }
  const node = nodeBin(build.node)
  const { stdout: nodeVersion } = await run(node, ['--version'])
  key.update(`\0${nodeVersion}`)
  const dir = await cachedBuild(`${build.astro}-${build.config.replace(/\W/g, '-')}`, key.digest('hex'), async (outDir) => {
    const project = scratchProject(build.astro, ASTRO_FIXTURE, { astro: build.astro })
    try {
      // Astro 5's bin is astro.js, Astro 7's bin/astro.mjs: the one its package.json names.
      const manifest = JSON.parse(readFileSync(join(ROOT, 'node_modules', build.astro, 'package.json'), 'utf8')) as { bin: { astro: string } }
      const bin = join(project.dir, 'node_modules/astro', manifest.bin.astro)
      const env: NodeJS.ProcessEnv = { ...plainEnv(), ASTRO_TELEMETRY_DISABLED: '1', NO_COLOR: '1' }
      // Not the test runner's mode variables: with NODE_ENV=test Vite builds in development mode.
      for (const name of Object.keys(env)) if (/^(NODE_ENV|MODE|DEV|PROD|SSR|BASE_URL|TEST|VITEST(_.*)?)$/.test(name)) delete env[name]
      const { stdout: version } = await run(node, [bin, '--version'], { cwd: project.dir, env })
      const built = await run(node, [bin, 'build', '--root', project.dir, '--config', build.config], { cwd: project.dir, env, maxBuffer: 1 << 26 }).catch((e: { message: string; stdout?: string; stderr?: string }) => {
        throw new Error(`[cspkit tests] ${build.astro} build --config ${build.config} failed: ${e.message}\n${e.stdout ?? ''}\n${e.stderr ?? ''}`)
      })
      cpSync(join(project.dir, 'dist'), outDir, { recursive: true })
      writeFileSync(join(outDir, BUILD_LOG), `${version}node ${nodeVersion}${built.stdout}\n${built.stderr}`)
    } finally {
      project.done()
    }
  })
  return { dir, log: readFileSync(join(dir, BUILD_LOG), 'utf8') }
}

/** The build's log, kept in the cached folder beside the pages (not a page: nothing serves or scans it as one). */
export const BUILD_LOG = '.cspkit-astro-build.log'
