import { execFile } from 'node:child_process'
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { serveDir, type StaticServer } from './support/browser.js'
import { computedStyle, ENGINES, loadInEngine, warmUp } from './support/engines/index.js'
import { plainEnv } from './support/cli.js'
import { dropFirstHash } from './support/drop-hash.js'

// The README's VitePress recipe (processDirectory in buildEnd), run by a real `vitepress build`; its
// pages judged in Chromium, Firefox and WebKit.

const ROOT = resolve(fileURLToPath(new URL('..', import.meta.url)))
const FIXTURE = join(ROOT, 'test/fixtures/vitepress-recipe')
const run = promisify(execFile)

let out: string
let buildLog: string
let server: StaticServer
/** The negative control: the same output, the landing page's first inline script's hash taken out. */
let dropped: StaticServer

beforeAll(async () => {
  warmUp() // the engines start while VitePress builds
  out = mkdtempSync(join(tmpdir(), 'cspkit-vitepress-recipe-'))
  const { stdout } = await run(process.execPath, [join(ROOT, 'node_modules/vitepress/bin/vitepress.js'), 'build', FIXTURE, '--outDir', out], { cwd: ROOT, env: plainEnv() })
  buildLog = stdout
  server = await serveDir(out)
  const copy = `${out}-dropped`
  cpSync(out, copy, { recursive: true })
  expect(dropFirstHash(copy, 'script-src')).toBeGreaterThan(0)
  dropped = await serveDir(copy)
})

afterAll(async () => {
  await server?.close()
  await dropped?.close()
  if (out) for (const dir of [out, `${out}-dropped`]) rmSync(dir, { recursive: true, force: true })
})

it('buildEnd processes every page VitePress wrote', () => {
  expect(buildLog).toContain('[cspkit] 3 pages, 3 updated')
  for (const page of ['index.html', 'about.html', '404.html'])
    expect(readFileSync(join(out, page), 'utf8'), page).toMatch(/<meta charset="utf-8">\s*<meta http-equiv="Content-Security-Policy" content="default-src 'self';/)
})

const pages = ENGINES.flatMap((engine) => ['/', '/about'].map((path) => [path, engine] as const))
it.each(pages)('%s loads in %s with zero violations; inline scripts and the style attribute work', async (path, engine) => {
  const { page, violations } = await loadInEngine(engine, `${server.url}${path}`)
  try {
    expect(violations).toEqual([])
    expect(
      await page.evaluate(() => ({
        head: (window as unknown as { __recipeHeadScript?: string }).__recipeHeadScript,
        hydrated: Boolean((document.querySelector('#app') as unknown as { __vue_app__?: object }).__vue_app__),
      })),
    ).toEqual({ head: 'ran', hydrated: true })
    if (path === '/') expect(await computedStyle(page, '.note', 'border-top-color')).toBe('rgb(255, 0, 0)')
  } finally {
    await page.close()
  }
})

it.each(ENGINES)('negative control in %s: without its hash the first inline script is blocked, and only it', async (engine) => {
  const { page, violations } = await loadInEngine(engine, `${dropped.url}/`)
  await page.close()
  expect(violations.map((v) => [v.effectiveDirective, v.blockedURI, v.target])).toEqual([['script-src-elem', 'inline', 'SCRIPT']])
})

it('cspkit check agrees', async () => {
  const { stdout } = await run(process.execPath, [join(ROOT, 'packages/cli/dist/bin.js'), 'check', out], { cwd: ROOT, env: plainEnv() })
  expect(stdout).toMatch(/check: 3 pages .*every inline script and style and every URL the HTML loads is allowed/)
})
