import { execFile } from 'node:child_process'
import { createHash } from 'node:crypto'
import { chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { mkdir, rename, rm, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, relative, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { chromium, type BrowserServer } from 'playwright-core'
import type { TestProject } from 'vitest/node'

export const CHROMIUM = process.env.CSPKIT_CHROMIUM ?? '/usr/bin/chromium'

/** Flags for Debian's Chromium on a machine with no network but loopback. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
]

let server: BrowserServer | undefined

export default async function setup(project: TestProject) {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `[cspkit tests] Chromium not found at ${CHROMIUM}. Install Debian's package (apt-get install -y chromium) or set CSPKIT_CHROMIUM.`,
    )
  }
  // playwright gives the server a fresh, throw-away user-data-dir.
  server = await chromium.launchServer({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS })
  project.provide('browserWSEndpoint', server.wsEndpoint())
  // Every temporary folder of the run (the tests' own and those of the tools they start, which
  // inherit TMPDIR) goes into one folder, removed at the end: repeated runs leave nothing behind.
  // Readable by all: the read-only page test runs the CLI as another user on files in there.
  const systemTmp = tmpdir()
  const runTmp = mkdtempSync(join(systemTmp, 'cspkit-test-run-'))
  chmodSync(runTmp, 0o755)
  process.env.CSPKIT_TEST_CACHE_DIR ??= systemTmp
  process.env.TMPDIR = runTmp
  return async () => {
    await server?.close()
    process.env.TMPDIR = systemTmp
    await rm(runTmp, { recursive: true, force: true })
  }
}

declare module 'vitest' {
  export interface ProvidedContext {
    browserWSEndpoint: string
  }
}

const ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)))
const VITEPRESS_SITE = join(ROOT, 'test/fixtures/vitepress-site')
const COMPLETE = '.cspkit-build-complete'

/**
 * The VitePress fixture as `vitepress build` writes it (before cspkit), built once and shared by every
 * test file that needs it: a build cache in the OS temp folder keyed by the fixture's files and the
 * VitePress version. The first caller builds (others wait on a lock directory), into a temporary
 * folder renamed into place, so a reader never sees half a build. Callers must copy it before changing it.
 */
export async function vitepressSiteOutput(): Promise<string> {
  const key = createHash('sha256')
  key.update(JSON.parse(readFileSync(join(ROOT, 'node_modules/vitepress/package.json'), 'utf8')).version as string)
  for (const file of fixtureFiles(VITEPRESS_SITE)) key.update(`\0${relative(VITEPRESS_SITE, file)}\0`).update(readFileSync(file))
  // Kept across runs, outside the run's own temporary folder (setup above).
  const out = join(process.env.CSPKIT_TEST_CACHE_DIR ?? tmpdir(), `cspkit-vitepress-site-${key.digest('hex').slice(0, 16)}`)
  const lock = `${out}.lock`
  const deadline = Date.now() + 240_000
  for (;;) {
    if (existsSync(join(out, COMPLETE))) return out
    try {
      await mkdir(lock)
    } catch {
      // Another test file is building it; a lock older than the longest build is left over from a crash.
      const age = await stat(lock).then((s) => Date.now() - s.mtimeMs, () => 0)
      if (age > 180_000) await rm(lock, { recursive: true, force: true })
      if (Date.now() > deadline) throw new Error(`[cspkit tests] gave up waiting for the VitePress build lock ${lock}`)
      await new Promise((r) => setTimeout(r, 200))
      continue
    }
    try {
      if (existsSync(join(out, COMPLETE))) return out
      const tmp = `${out}.tmp-${process.pid}`
      await rm(tmp, { recursive: true, force: true })
      await promisify(execFile)(process.execPath, [join(ROOT, 'node_modules/vitepress/bin/vitepress.js'), 'build', VITEPRESS_SITE, '--outDir', tmp], { cwd: ROOT })
      await writeFile(join(tmp, COMPLETE), '')
      await rm(out, { recursive: true, force: true })
      await rename(tmp, out)
      return out
    } finally {
      await rm(lock, { recursive: true, force: true })
    }
  }
}

/** The fixture's source files (not VitePress's cache or a local dist). */
function fixtureFiles(dir: string): string[] {
  const out: string[] = []
  for (const name of readdirSync(dir).sort()) {
    if (name === 'cache' || name === 'dist' || name === 'node_modules') continue
    const path = join(dir, name)
    if (statSync(path).isDirectory()) out.push(...fixtureFiles(path))
    else out.push(path)
  }
  return out
}
