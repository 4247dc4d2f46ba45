/**
 * The host tests' shared site: test/fixtures/hosts-site (three pages: home, about, docs/) built by
 * vite 8 with a cspkit plugin, and the two page judgments every host test makes of what a host
 * serves: the header policy holds (the page runs, an injected script is refused), and, as the
 * negative control, the same files served without cspkit's header let an injected script run.
 */
import { cpSync, mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { expect } from 'vitest'
import type { CspkitApi } from '@cspkit/core'
import { loadInEngine, type EngineName, type EnginePage } from './engines/index.js'

const ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)))

/** A fresh copy of a fixture folder under test/fixtures: `into/as`, or a new temporary folder. */
export function copyFixture(name: string, into?: string, as = name): string {
  const dir = into ? join(into, as) : mkdtempSync(join(tmpdir(), `cspkit-${name}-`))
  cpSync(join(ROOT, 'test/fixtures', name), dir, { recursive: true })
  return dir
}

/**
 * `vite build` (Vite 8) of a copy of the hosts site with `plugin`, into `project/dist` unless told;
 * `pages` adds entries of a test's own (their HTML files in `project`). A failing build rejects:
 * tests that expect one catch it.
 */
export async function buildHostsSite(project: string, plugin: unknown, outDir = join(project, 'dist'), pages: Record<string, string> = {}): Promise<CspkitApi> {
  const { build } = (await import('vite8')) as typeof import('vite')
  await build({
    root: project,
    configFile: false,
    logLevel: 'silent',
    build: {
      outDir,
      emptyOutDir: true,
      rollupOptions: { input: { home: join(project, 'index.html'), about: join(project, 'about.html'), docs: join(project, 'docs/index.html'), ...pages } },
    },
    plugins: [plugin as never],
  })
  return (plugin as { api: CspkitApi }).api
}

/** Adds an inline script to the page by script and says whether it ran. */
export async function injectedScriptRan(page: EnginePage, settleMs = 100): Promise<boolean> {
  await page.evaluate(() => {
    const s = document.createElement('script')
    s.textContent = 'window.__injected = true'
    document.head.append(s)
  })
  await new Promise((ok) => setTimeout(ok, settleMs))
  return (await page.evaluate(() => (window as unknown as { __injected?: boolean }).__injected)) === true
}

/** Loads `url` in `engine`: zero violations, the page's own scripts ran (`ran`, in order), and an injected script is refused by the header. */
export async function expectHeaderPolicyHolds(engine: EngineName, url: string, ran: readonly string[]): Promise<void> {
  const { page, violations } = await loadInEngine(engine, url)
  try {
    expect(violations).toEqual([])
    expect(await page.evaluate(() => (window as unknown as { __ran: string[] }).__ran)).toEqual(ran)
    expect(await injectedScriptRan(page)).toBe(false)
    expect((await page.violations()).map((v) => [v.effectiveDirective, v.blockedURI, v.disposition])).toEqual([['script-src-elem', 'inline', 'enforce']])
  } finally {
    await page.close()
  }
}

/** The negative control: served without cspkit's header (and no meta), the same page lets an injected script run, with no violation. */
export async function expectInjectedScriptRuns(engine: EngineName, url: string): Promise<void> {
  const { page } = await loadInEngine(engine, url)
  try {
    expect(await injectedScriptRan(page)).toBe(true)
    expect(await page.violations()).toEqual([])
  } finally {
    await page.close()
  }
}
