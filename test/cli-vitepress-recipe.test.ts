// Chromium only: this proves the recipe's wiring; the same VitePress pages are judged in all three engines in cli-vitepress.test.ts.
import { execFile } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { connectBrowser, loadPage, serveDir, type StaticServer } from './support/browser.js'
import { plainEnv } from './support/cli.js'

// The README's VitePress recipe (processDirectory in buildEnd), run by a real `vitepress build`.

const ROOT = resolve(fileURLToPath(new URL('..', import.meta.url)))
const FIXTURE = join(ROOT, 'test/fixtures/vitepress-recipe')
const run = promisify(execFile)

let out: string
let buildLog: string
let server: StaticServer
let browser: Browser

beforeAll(async () => {
  out = mkdtempSync(join(tmpdir(), 'cspkit-vitepress-recipe-'))
  const { stdout } = await run(process.execPath, [join(ROOT, 'node_modules/vitepress/bin/vitepress.js'), 'build', FIXTURE, '--outDir', out], { cwd: ROOT, env: plainEnv() })
  buildLog = stdout
  server = await serveDir(out)
  browser = await connectBrowser()
})

afterAll(async () => {
  await server?.close()
  await browser?.close()
  if (out) rmSync(out, { recursive: true, force: true })
})

it('buildEnd processes every page VitePress wrote', () => {
  expect(buildLog).toContain('[cspkit] 3 pages, 3 updated')
  for (const page of ['index.html', 'about.html', '404.html'])
    expect(readFileSync(join(out, page), 'utf8'), page).toMatch(/<meta charset="utf-8">\s*<meta http-equiv="Content-Security-Policy" content="default-src 'self';/)
})

it.each(['/', '/about'])('%s loads in Chromium with zero violations; inline scripts and the style attribute work', async (path) => {
  const loaded = await loadPage(browser, `${server.url}${path}`)
  try {
    expect(loaded.violations).toEqual([])
    expect(
      await loaded.page.evaluate(() => ({
        head: (window as unknown as { __recipeHeadScript?: string }).__recipeHeadScript,
        hydrated: Boolean((document.querySelector('#app') as unknown as { __vue_app__?: object }).__vue_app__),
      })),
    ).toEqual({ head: 'ran', hydrated: true })
    if (path === '/')
      expect(await loaded.page.evaluate(() => getComputedStyle(document.querySelector('.note')!).borderTopColor)).toBe('rgb(255, 0, 0)')
  } finally {
    await loaded.context.close()
  }
})

it('cspkit check agrees', async () => {
  const { stdout } = await run(process.execPath, [join(ROOT, 'packages/cli/dist/bin.js'), 'check', out], { cwd: ROOT, env: plainEnv() })
  expect(stdout).toMatch(/check: 3 pages .*every inline script and style and every URL the HTML loads is allowed/)
})
