/**
 * The tests every framework recipe gets (test/recipe-*.test.ts): the fixture built by the framework's
 * own CLI with the README's recipe in it (cached by content, cspkit's own build included, so a warm
 * run skips the build), its summary, every page loaded in each engine with zero violations and its
 * scripts run, a client-side navigation where the framework has one, and a negative control per
 * engine (the landing page's first script hash dropped: that script is blocked and does not run).
 */
import { execFile } from 'node:child_process'
import { createHash } from 'node:crypto'
import { chmodSync, cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { basename, delimiter, join, relative } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { serveDir, type StaticServer } from './browser.js'
import { ROOT } from './builds.js'
import { CSPKIT_BIN, plainEnv } from './cli.js'
import { dropFirstHash } from './drop-hash.js'
import { ENGINES, loadInEngine, waitInPage, type EngineName, type EnginePage } from './engines/index.js'
import { realSiteOutput, scratchProject, sourceFiles } from './real-sites.js'
import { htmlFilesUnder } from './files-under.js'

const run = promisify(execFile)
/** The build's output (stdout and stderr), kept in the cached folder beside the pages. */
const BUILD_LOG = '.cspkit-recipe-build.log'

export interface RecipePage {
  /** The file the framework writes, relative to the output folder (e.g. `about/index.html`). */
  readonly file: string
  /** The URL path a reader opens (e.g. `/about/`). */
  readonly path: string
  /** A page the framework writes byte for byte the same as this earlier one (Next's `_not-found.html` and `404.html`): checked equal, judged once. */
  readonly sameAs?: string
}

export interface RecipeSite {
  /** e.g. 'SvelteKit 2 + adapter-static'. */
  readonly title: string
  /** Cache name (a folder name). */
  readonly name: string
  /** The fixture folder: every file in it is part of the cache key. */
  readonly source: string
  /** Packages under the root node_modules whose versions are part of the cache key. */
  readonly generators: readonly string[]
  /**
   * Builds the fixture with the framework's own CLI, the recipe included, into `outDir` (not existing
   * yet); returns the build's log. A recipe that is a build script gives `script` instead.
   */
  readonly build?: (outDir: string) => Promise<string>
  /**
   * The recipe is the fixture's package.json `build` script, `<generator> && cspkit …`, run as written;
   * `outDir` is the generator's output folder. The generator's part is cached by content alone, the
   * cspkit commands run on a fresh copy every time (a change to cspkit rebuilds no generator).
   */
  readonly script?: { readonly outDir: string; readonly env?: NodeJS.ProcessEnv }
  /** Every HTML file the build writes (test names need them before the build runs; a test checks the folder holds exactly these). */
  readonly pages: readonly RecipePage[]
  /**
   * The recipe's own files in the fixture (relative to `source`), each the same text as a fenced block
   * of the README's recipes section: what a user pastes is what the test builds.
   */
  readonly recipeFiles: readonly string[]
  /** What the recipe's summary must say in the build's log. */
  readonly summary: readonly RegExp[]
  /** Run in the page with the page's URL path (sent as source: no closures): true once the page's scripts have run. */
  readonly ran: (path: string) => boolean
  /** A client-side navigation: on `from`, click `click`; `rendered` (in the page) is true once the router rendered `to`. */
  readonly navigation?: { readonly from: string; readonly click: string; readonly to: string; readonly rendered: () => boolean }
}

/** Runs a package bin with plain `node`, as a user's shell would (no test runner variables); returns stdout and stderr. */
export async function runBin(bin: string, args: readonly string[], cwd: string, env: NodeJS.ProcessEnv = {}): Promise<string> {
  return runCommand(process.execPath, [join(ROOT, 'node_modules', bin), ...args], cwd, env)
}

export interface ScratchBuild {
  /** Scratch folder name. */
  readonly name: string
  readonly source: string
  /** The framework's bin under node_modules, e.g. `vite/bin/vite.js`. */
  readonly bin: string
  readonly args?: readonly string[]
  /** The folder the framework writes, relative to the project. */
  readonly output: string
  readonly env?: NodeJS.ProcessEnv
  /** Changes to the scratch copy before the build (a variant of the fixture). */
  readonly prepare?: (dir: string) => void
}

/**
 * A recipe's `build`: the framework's bin run in a scratch copy of the fixture (as a user runs it in
 * their project), then its output folder copied to the test's `outDir`.
 */
export function scratchBuild(b: ScratchBuild): (outDir: string) => Promise<string> {
  return async (outDir) => {
    const project = scratchProject(b.name, b.source)
    try {
      b.prepare?.(project.dir)
      const log = await runBin(b.bin, b.args ?? [], project.dir, b.env)
      cpSync(join(project.dir, b.output), outDir, { recursive: true })
      return log
    } finally {
      project.done()
    }
  }
}

/** Runs a command as a user's shell would: without vitest's NODE_ENV=test and import.meta.env mirrors. */
export async function runCommand(command: string, args: readonly string[], cwd: string, env: NodeJS.ProcessEnv = {}): Promise<string> {
  const base = plainEnv()
  for (const name of Object.keys(base)) if (/^(NODE_ENV|MODE|DEV|PROD|SSR|BASE_URL|TEST|VITEST(_.*)?)$/.test(name)) delete base[name]
  try {
    const { stdout, stderr } = await run(command, args, { cwd, env: { ...base, ...env }, maxBuffer: 64 * 1024 * 1024 })
    return `${stdout}\n${stderr}`
  } catch (error) {
    const e = error as { stdout?: string; stderr?: string; message: string }
    throw new Error(`[cspkit tests] ${command} ${args.join(' ')} failed in ${cwd}: ${e.message}\n${e.stdout ?? ''}\n${e.stderr ?? ''}`)
  }
}

/** The fixture's package.json `build` script split at `&&`: the generator's command, then the cspkit commands. */
export function buildScript(source: string): { generator: string; cspkit: string } {
  const script = (JSON.parse(readFileSync(join(source, 'package.json'), 'utf8')) as { scripts: { build: string } }).scripts.build
  const [generator, ...after] = script.split(' && ')
  if (!generator || after.length === 0 || !after.every((c) => c.startsWith('cspkit '))) {
    throw new Error(`[cspkit tests] ${source}/package.json: the build script must be '<generator> && cspkit …', not ${JSON.stringify(script)}`)
  }
  return { generator, cspkit: after.join(' && ') }
}

/**
 * Runs a shell command line as `npm run` does: the real `cspkit` bin and the repository's package
 * bins (`next`, …) on PATH.
 */
export async function runScript(script: string, dir: string, env: NodeJS.ProcessEnv = {}): Promise<string> {
  const bin = mkdtempSync(join(tmpdir(), 'cspkit-recipe-bin-'))
  try {
    writeFileSync(join(bin, 'cspkit'), `#!/bin/sh\nexec "${process.execPath}" "${CSPKIT_BIN}" "$@"\n`)
    chmodSync(join(bin, 'cspkit'), 0o755)
    const path = [bin, join(ROOT, 'node_modules/.bin'), process.env.PATH ?? ''].join(delimiter)
    return await runCommand('sh', ['-c', script], dir, { ...env, PATH: path })
  } finally {
    rmSync(bin, { recursive: true, force: true })
  }
}

/**
 * The recipe's build, once per content: the fixture's files (its cspkit config too: the recipe runs
 * in the build), the generators' versions, the build function and cspkit's own built code.
 */
export async function recipeOutput(site: RecipeSite): Promise<{ dir: string; log: string }> {
  if (!site.build) throw new Error(`[cspkit tests] ${site.name}: recipeOutput needs a build`)
  const build = site.build
  const key = createHash('sha256').update(build.toString())
  for (const file of sourceFiles(site.source)) key.update(`\0${relative(site.source, file)}\0`).update(readFileSync(file))
  for (const dist of ['packages/core/dist', 'packages/cli/dist']) {
    for (const file of sourceFiles(join(ROOT, dist))) key.update(`\0${relative(ROOT, file)}\0`).update(readFileSync(file))
  }
  const dir = await realSiteOutput(`recipe-${site.name}-${key.digest('hex').slice(0, 12)}`, {
    source: site.source,
    generators: site.generators,
    build: async (outDir) => {
      const log = await build(outDir)
      writeFileSync(join(outDir, BUILD_LOG), log)
    },
  })
  return { dir, log: readFileSync(join(dir, BUILD_LOG), 'utf8') }
}

/**
 * A build-script recipe: the generator's command in a scratch copy of the fixture (cached by the
 * fixture's content and the generators' versions), then the script's cspkit commands as written, in
 * a fresh copy of the project holding that output. `root` is that copy (the caller removes it).
 */
export async function scriptRecipeOutput(site: RecipeSite): Promise<{ dir: string; log: string; root: string }> {
  const { outDir, env = {} } = site.script!
  const { generator, cspkit } = buildScript(site.source)
  const generated = await realSiteOutput(`recipe-${site.name}-generator`, {
    source: site.source,
    generators: site.generators,
    build: async (out) => {
      const project = scratchProject(`recipe-${site.name}`, site.source)
      try {
        await runScript(buildScript(project.dir).generator, project.dir, env)
        cpSync(join(project.dir, outDir), out, { recursive: true })
      } finally {
        project.done()
      }
    },
  })
  const root = mkdtempSync(join(tmpdir(), `cspkit-recipe-${site.name}-`))
  cpSync(site.source, root, { recursive: true })
  // Not the cache's own completion mark.
  cpSync(generated, join(root, outDir), { recursive: true, filter: (src) => basename(src) !== '.cspkit-build-complete' })
  const log = `${generator}: cached\n${await runScript(cspkit, root, env)}`
  return { dir: join(root, outDir), log, root }
}

/** A built site's pages (the recipes' tests import it from here). */
export const htmlFiles = htmlFilesUnder

/** The recipe's tests; `extra` adds the framework's own (run inside the same describe, after the build). */
export function describeRecipe(site: RecipeSite, extra?: (built: () => { dir: string; log: string }) => void): void {
  let built: { dir: string; log: string }
  let server: StaticServer
  let tampered: StaticServer
  let tamperedDir: string
  let scriptRoot: string | undefined
  let dropped = 0

  beforeAll(async () => {
    if (site.script) {
      const scripted = await scriptRecipeOutput(site)
      scriptRoot = scripted.root
      built = scripted
    } else built = await recipeOutput(site)
    server = await serveDir(built.dir)
    // The negative control: a copy whose landing page's first inline script lost its hash.
    tamperedDir = mkdtempSync(join(tmpdir(), `cspkit-recipe-${site.name}-dropped-`))
    cpSync(built.dir, tamperedDir, { recursive: true })
    dropped = dropFirstHash(tamperedDir, 'script-src')
    tampered = await serveDir(tamperedDir)
  }, 600_000)

  afterAll(async () => {
    await server?.close()
    await tampered?.close()
    if (tamperedDir) rmSync(tamperedDir, { recursive: true, force: true })
    if (scriptRoot) rmSync(scriptRoot, { recursive: true, force: true })
  })

  describe(`${site.title}: the recipe, built by the framework's own CLI`, () => {
    it("the recipe ran in the build: its summary, and every page the framework wrote has cspkit's meta first in <head>", () => {
      for (const line of site.summary) expect(built.log).toMatch(line)
      expect(htmlFiles(built.dir)).toEqual(site.pages.map((p) => p.file).sort())
      for (const { file } of site.pages) {
        const html = readFileSync(join(built.dir, file), 'utf8')
        const head = /<head[^>]*>([\s\S]*?)<\/head>/i.exec(html)?.[1] ?? ''
        // Before it only other <meta> tags (charset, Hugo's generator): nothing that loads or runs.
        expect(head.replace(/^\s*(<meta (?!http-equiv)[^>]*>\s*)*/i, ''), file).toMatch(/^<meta http-equiv="Content-Security-Policy" content="default-src 'self';[^"]*script-src [^"]*'sha256-/)
      }
    })

    it.each(site.recipeFiles)("the README's recipe is %s of this fixture, as written", (file) => {
      const readme = readFileSync(join(ROOT, 'README.md'), 'utf8')
      const blocks = [...readme.matchAll(/^```\w*\n([\s\S]*?)^```/gm)].map((m) => m[1]!)
      expect(blocks).toContain(readFileSync(join(site.source, file), 'utf8'))
    })

    for (const { file, sameAs } of site.pages.filter((p) => p.sameAs)) {
      it(`${file} is byte for byte ${sameAs}, which the engines judge`, () => {
        expect(readFileSync(join(built.dir, file), 'utf8')).toBe(readFileSync(join(built.dir, sameAs!), 'utf8'))
      })
    }

    extra?.(() => built)

    describe.each(ENGINES)('in %s', (engine: EngineName) => {
      const nav = site.navigation
      for (const { path } of site.pages.filter((p) => !p.sameAs)) {
      const name = `${path} loads with zero violations and its scripts run${nav?.from === path ? `; a click to ${nav.to} is a client-side navigation with zero violations` : ''}`
      it(name, async () => {
        const { page, violations } = await loadInEngine(engine, `${server.url}${path}`)
        try {
          expect(violations, JSON.stringify(violations, null, 1)).toEqual([])
          await waitInPage(page, site.ran, [path])
          expect(await page.violations()).toEqual([])
          if (nav?.from !== path) return
          // A reader's click: the router renders the next page into this document, under this page's policy.
          await markDocument(page)
          await page.click(nav.click)
          await waitInPage(page, (to: string) => location.pathname === to, [nav.to])
          await waitInPage(page, nav.rendered)
          // A full load would have lost the mark.
          expect(await page.evaluate(() => (window as unknown as { __recipeSameDocument?: boolean }).__recipeSameDocument), 'client-side navigation').toBe(true)
          await new Promise((ok) => setTimeout(ok, 200))
          expect(await page.violations()).toEqual([])
        } finally {
          await page.close()
        }
      })
      }

      it("negative control: with the landing page's first script hash dropped, that script is blocked and does not run", async () => {
        expect(dropped).toBeGreaterThan(0)
        const { page } = await loadInEngine(engine, `${tampered.url}/`)
        try {
          const blockedInline = async () => (await page.violations()).filter((v) => v.blockedURI === 'inline' && v.effectiveDirective === 'script-src-elem')
          const deadline = Date.now() + 5_000
          let blocked = await blockedInline()
          while (blocked.length === 0 && Date.now() < deadline) {
            await new Promise((ok) => setTimeout(ok, 50))
            blocked = await blockedInline()
          }
          expect(blocked.length, JSON.stringify(await page.violations(), null, 1)).toBeGreaterThan(0)
          // As long as the strict build's pages take to run their scripts (they passed above).
          await new Promise((ok) => setTimeout(ok, 300))
          expect(await page.evaluate(site.ran, '/')).toBe(false)
        } finally {
          await page.close()
        }
      })
    })
  })
}

async function markDocument(page: EnginePage): Promise<void> {
  await page.evaluate(() => {
    ;(window as unknown as { __recipeSameDocument?: boolean }).__recipeSameDocument = true
  })
}
