import { execFile } from 'node:child_process'
import { createHash } from 'node:crypto'
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync } from 'node:fs'
import { mkdir, rename, rm, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, relative } from 'node:path'
import { promisify } from 'node:util'
import { ROOT } from './builds.js'
import { plainEnv } from './cli.js'

const run = promisify(execFile)
const COMPLETE = '.cspkit-build-complete'
/** Longer than the slowest cold build: a lock older than this was left by a crashed run. */
const STALE_LOCK_MS = 300_000

export interface RealSite {
  /** The site's source folder (its files are part of the cache key). */
  readonly source: string
  /** Packages under the repository's node_modules whose versions are part of the cache key (the generator and its theme). */
  readonly generators: readonly string[]
  /** Versions of generators from outside node_modules (e.g. `mkdocs --version`), also part of the cache key. */
  readonly toolVersions?: readonly string[]
  /** Builds the site into `outDir` (a folder that does not exist yet). */
  build(outDir: string): Promise<void>
}

/**
 * A real site as its own generator writes it (before cspkit), built once and shared by every test file
 * and every run: a cache in the OS temp folder keyed by the site's files, the generators' versions and
 * the build recipe. The first caller builds (others wait on a lock directory) into a temporary folder
 * renamed into place, so a reader never sees half a build. Callers must copy it before changing it.
 */
export async function realSiteOutput(name: string, site: RealSite): Promise<string> {
  const key = createHash('sha256')
  for (const pkg of site.generators) key.update(`\0${pkg}@${packageVersion(pkg)}`)
  for (const version of site.toolVersions ?? []) key.update(`\0${version}`)
  key.update(`\0${site.build.toString()}`)
  for (const file of sourceFiles(site.source)) {
    const path = relative(site.source, file).replaceAll('\\', '/')
    // Not the generator's input: notes on the site and the cspkit configs the tests process it with.
    if (/^(SOURCE\.md|cspkit\.[^/]*)$/.test(path)) continue
    key.update(`\0${path}\0`).update(readFileSync(file))
  }
  return cachedBuild(name, key.digest('hex'), site.build)
}

/**
 * A build's output kept across runs under `CSPKIT_TEST_CACHE_DIR`, by `name` and `digest` (a hash of
 * everything the output depends on). The first caller builds (others wait on a lock directory) into a
 * temporary folder renamed into place, so a reader never sees half a build. Callers must copy it
 * before changing it.
 */
export async function cachedBuild(name: string, digest: string, build: (outDir: string) => Promise<void>): Promise<string> {
  // Kept across runs, outside the run's own temporary folder (global-setup.ts).
  const out = join(process.env.CSPKIT_TEST_CACHE_DIR ?? tmpdir(), `cspkit-${name}-${digest.slice(0, 16)}`)
  const lock = `${out}.lock`
  const deadline = Date.now() + STALE_LOCK_MS + 60_000
  for (;;) {
    if (existsSync(join(out, COMPLETE))) return out
    try {
      await mkdir(lock)
    } catch {
      const age = await stat(lock).then((s) => Date.now() - s.mtimeMs, () => 0)
      if (age > STALE_LOCK_MS) await rm(lock, { recursive: true, force: true })
      if (Date.now() > deadline) throw new Error(`[cspkit tests] gave up waiting for the ${name} build lock ${lock}`)
      await new Promise((r) => setTimeout(r, 200))
      continue
    }
    try {
      if (existsSync(join(out, COMPLETE))) return out
      const tmp = `${out}.tmp-${process.pid}`
      await rm(tmp, { recursive: true, force: true })
      await build(tmp)
      await writeFile(join(tmp, COMPLETE), '')
      await rm(out, { recursive: true, force: true })
      await rename(tmp, out)
      return out
    } finally {
      await rm(lock, { recursive: true, force: true })
    }
  }
}

export function packageVersion(pkg: string): string {
  return JSON.parse(readFileSync(join(ROOT, 'node_modules', pkg, 'package.json'), 'utf8')).version as string
}

/** A site's source files: not a generator's cache, a local build or installed packages. */
export function sourceFiles(dir: string): string[] {
  const out: string[] = []
  for (const name of readdirSync(dir).sort()) {
    if (['cache', 'dist', 'node_modules', '.astro', '.docusaurus', 'build', '.next', 'out'].includes(name)) continue
    const path = join(dir, name)
    if (statSync(path).isDirectory()) out.push(...sourceFiles(path))
    else out.push(path)
  }
  return out
}

/**
 * Runs a generator's bin with plain `node`, as a user's shell would: without the test runner's
 * NODE_PATH, NODE_ENV=test and the import.meta.env mirrors vitest puts in process.env (MODE, DEV,
 * PROD, …): with those, Vite-based generators build in development mode (Starlight then ships no search).
 */
export async function runGenerator(bin: string, args: readonly string[], cwd: string, env: NodeJS.ProcessEnv = {}): Promise<void> {
  const base = plainEnv()
  for (const name of Object.keys(base)) {
    if (/^(NODE_ENV|MODE|DEV|PROD|SSR|BASE_URL|TEST|VITEST(_.*)?)$/.test(name)) delete base[name]
  }
  try {
    await run(process.execPath, [join(ROOT, 'node_modules', bin), ...args], { cwd, env: { ...base, ...env }, maxBuffer: 64 * 1024 * 1024 })
  } catch (error) {
    const e = error as { stdout?: string; stderr?: string; message: string }
    throw new Error(`[cspkit tests] ${bin} ${args.join(' ')} failed in ${cwd}: ${e.message}\n${e.stdout ?? ''}\n${e.stderr ?? ''}`)
  }
}

/**
 * Copies a site's sources into a scratch project under test/.out (git-ignored), so it resolves the
 * repository's packages; `links` adds node_modules entries (name → a package under the root
 * node_modules), e.g. `vitepress` → `vitepress2` for a site written against VitePress 2. Removed by `done`.
 */
export function scratchProject(name: string, source: string, links: Record<string, string> = {}): { dir: string; done(): void } {
  const dir = join(ROOT, 'test/.out', `real-site-${name}-${process.pid}-${Date.now()}`)
  rmSync(dir, { recursive: true, force: true })
  mkdirSync(dir, { recursive: true })
  // Not the generator's leftovers, nor this repository's notes on the site (SOURCE.md would become a page).
  cpSync(source, dir, { recursive: true, filter: (src) => !/^(SOURCE\.md$|(.*\/)?(node_modules|dist|cache|\.astro)(\/|$))/.test(relative(source, src).replaceAll('\\', '/')) })
  for (const [link, target] of Object.entries(links)) {
    const at = join(dir, 'node_modules', link)
    mkdirSync(join(at, '..'), { recursive: true })
    symlinkSync(join(ROOT, 'node_modules', target), at, 'dir')
  }
  return { dir, done: () => rmSync(dir, { recursive: true, force: true }) }
}

/** `vitepress build` of a site, with VitePress 1 (`vitepress`) or 2 (`vitepress2`, linked as `vitepress` in a scratch copy). */
export async function buildVitePress(name: string, source: string, generator: 'vitepress' | 'vitepress2', outDir: string): Promise<void> {
  const project = scratchProject(name, source, generator === 'vitepress' ? {} : { vitepress: generator })
  try {
    await runGenerator(`${generator}/bin/vitepress.js`, ['build', project.dir, '--outDir', outDir], project.dir)
  } finally {
    project.done()
  }
}

/** `astro build` of a site (Astro, Starlight) in a scratch copy; its `dist` is copied to `outDir`. */
export async function buildAstro(name: string, source: string, outDir: string): Promise<void> {
  const project = scratchProject(name, source)
  try {
    await runGenerator('astro/astro.js', ['build'], project.dir, { ASTRO_TELEMETRY_DISABLED: '1' })
    cpSync(join(project.dir, 'dist'), outDir, { recursive: true })
  } finally {
    project.done()
  }
}

/** `docusaurus build` of a site in a scratch copy, straight into `outDir`. */
export async function buildDocusaurus(name: string, source: string, outDir: string): Promise<void> {
  const project = scratchProject(name, source)
  try {
    await runGenerator('@docusaurus/core/bin/docusaurus.mjs', ['build', project.dir, '--out-dir', outDir], project.dir)
  } finally {
    project.done()
  }
}

/**
 * `next build` of a site with `output: 'export'` in a scratch copy (with webpack, as the site's own
 * build script says), then its Pagefind index, as Nextra's static-export guide does; `out` is copied
 * to `outDir`.
 */
export async function buildNextExport(name: string, source: string, outDir: string): Promise<void> {
  const project = scratchProject(name, source)
  try {
    await runGenerator('next/dist/bin/next', ['build', '--webpack'], project.dir, { NEXT_TELEMETRY_DISABLED: '1' })
    await runGenerator('pagefind/lib/runner/bin.cjs', ['--site', '.next/server/app', '--output-path', 'out/_pagefind'], project.dir)
    cpSync(join(project.dir, 'out'), outDir, { recursive: true })
  } finally {
    project.done()
  }
}

/** The `mkdocs` the MkDocs tests run (Debian's `mkdocs` with `mkdocs-material`), or CSPKIT_MKDOCS. */
export const MKDOCS = process.env.CSPKIT_MKDOCS ?? '/usr/bin/mkdocs'

/** `mkdocs build` of a site (a Python generator: it writes nothing beside its config, so no scratch copy) into `outDir`. */
export async function buildMkDocs(source: string, outDir: string): Promise<void> {
  try {
    await run(MKDOCS, ['build', '--config-file', join(source, 'mkdocs.yml'), '--site-dir', outDir], { cwd: source, env: plainEnv(), maxBuffer: 64 * 1024 * 1024 })
  } catch (error) {
    const e = error as { stdout?: string; stderr?: string; message: string }
    throw new Error(`[cspkit tests] mkdocs build failed in ${source}: ${e.message}\n${e.stdout ?? ''}\n${e.stderr ?? ''}`)
  }
}
