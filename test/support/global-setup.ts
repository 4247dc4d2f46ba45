import { execFile } from 'node:child_process'
import { chmodSync, existsSync, mkdtempSync } from 'node:fs'
import { rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { chromium, type BrowserServer } from 'playwright-core'
import type { TestProject } from 'vitest/node'
import { startFirefoxServer } from './engines/firefox.js'
import { startBrowserBroker } from './engines/shared-browsers.js'
import { startWebKitServer } from './engines/webkit.js'
import { realSiteOutput } from './real-sites.js'

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
  // Firefox and WebKit once per worker slot, started on first use and kept across files (engines/shared-browsers.ts).
  const broker = await startBrowserBroker({ firefox: startFirefoxServer, webkit: startWebKitServer })
  project.provide('browserBroker', broker.url)
  return async () => {
    await broker.close()
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

/**
 * The VitePress fixture as `vitepress build` writes it (before cspkit), built once and shared by every
 * test file that needs it (support/real-sites.ts: cached across runs, keyed by the fixture's files and
 * the VitePress version). Callers must copy it before changing it.
 */
export async function vitepressSiteOutput(): Promise<string> {
  return realSiteOutput('vitepress-site', {
    source: VITEPRESS_SITE,
    generators: ['vitepress'],
    build: async (outDir) => {
      await promisify(execFile)(process.execPath, [join(ROOT, 'node_modules/vitepress/bin/vitepress.js'), 'build', VITEPRESS_SITE, '--outDir', outDir], { cwd: ROOT })
    },
  })
}
