import { execFile } from 'node:child_process'
import { createHash } from 'node:crypto'
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, relative, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { serveDir, type StaticServer } from './support/browser.js'
import { ENGINES, loadInEngine, warmUp } from './support/engines/index.js'
import { vitepressSiteOutput } from './support/global-setup.js'
import { cspkit, type CliRun } from './support/cli.js'

// A real VitePress 1.6 site, built by VitePress's own CLI (once per run, shared), then processed by the real `cspkit` bin;
// its pages judged in Chromium, Firefox and WebKit.

const ROOT = resolve(fileURLToPath(new URL('..', import.meta.url)))
const FIXTURE = join(ROOT, 'test/fixtures/vitepress-site')
const CSPKIT = join(ROOT, 'packages/cli/dist/bin.js')
const run = promisify(execFile)



function pages(dir: string): string[] {
  const out: string[] = []
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const p = join(d, name)
      if (statSync(p).isDirectory()) walk(p)
      else if (name.endsWith('.html')) out.push(relative(dir, p))
    }
  }
  walk(dir)
  return out.sort()
}

function snapshot(dir: string): Record<string, string> {
  return Object.fromEntries(pages(dir).map((p) => [p, readFileSync(join(dir, p), 'utf8')]))
}

let work: string
let site: string
let raw: string
let built: CliRun
let server: StaticServer

beforeAll(async () => {
  // The engines start while the build runs.
  warmUp()
  work = mkdtempSync(join(tmpdir(), 'cspkit-cli-vitepress-'))
  // VitePress's own output, built once per run for every test that needs it (read only: copied here).
  raw = await vitepressSiteOutput()
  site = join(work, 'site')
  cpSync(raw, site, { recursive: true })
  // Run from the site's project folder, as a user would: cspkit.config.ts there is found and loaded.
  built = await cspkit(['build', site], FIXTURE)
  server = await serveDir(site)
})

afterAll(async () => {
  await server?.close()
  if (work) rmSync(work, { recursive: true, force: true })
})

describe('cspkit build on a VitePress site', () => {
  it('processes every page and says so', () => {
    expect(built.code, built.stderr).toBe(0)
    expect(pages(site)).toEqual(['404.html', 'guide/index.html', 'guide/styling.html', 'index.html'])
    expect(built.stdout).toMatch(/^\[cspkit\] build: 4 pages in .*, 4 updated, \d+ hashes.*\(config cspkit\.config\.ts\)\.$/m)
  })

  it('puts one CSP meta first in <head> of every page', () => {
    for (const [file, html] of Object.entries(snapshot(site))) {
      const metas = html.match(/<meta http-equiv="Content-Security-Policy"/g) ?? []
      expect(metas, file).toHaveLength(1)
      const head = html.slice(html.indexOf('<head>'), html.indexOf('</head>'))
      // Only <meta charset> may come before it (CSP-RULES d1).
      expect(head.replace(/^<head>\s*<meta charset="utf-8">\s*/, '').startsWith('<meta http-equiv="Content-Security-Policy"'), file).toBe(true)
    }
  })

  const pageCases = ENGINES.flatMap((engine) => ['/', '/guide/', '/guide/styling'].map((path) => [path, engine] as const))
  it.each(pageCases)('%s loads in %s with zero violations and its inline scripts ran', async (path, engine) => {
    const { page, violations } = await loadInEngine(engine, `${server.url}${path}`)
    try {
      expect(violations).toEqual([])
      const state = await page.evaluate(() => ({
        head: (window as unknown as { __fixtureHeadScript?: string }).__fixtureHeadScript,
        hashMap: typeof (window as unknown as { __VP_HASH_MAP__?: object }).__VP_HASH_MAP__,
        hydrated: Boolean((document.querySelector('#app') as unknown as { __vue_app__?: object }).__vue_app__),
      }))
      expect(state).toEqual({ head: 'ran', hashMap: 'object', hydrated: true })
      // The engine's own refusal lines (Chromium and WebKit; Firefox does not deliver them).
      expect(await page.refusals()).toEqual([])
    } finally {
      await page.close()
    }
  })

  it.each(ENGINES)('the style="" attribute applies in %s (allowed by its hash with unsafe-hashes)', async (engine) => {
    const { page, violations } = await loadInEngine(engine, `${server.url}/guide/`)
    try {
      expect(await page.evaluate(() => getComputedStyle(document.querySelector('p.styled')!).color)).toBe('rgb(0, 128, 0)')
      expect(violations).toEqual([])
    } finally {
      await page.close()
    }
  })

  it('a second run changes nothing', async () => {
    const before = snapshot(site)
    const again = await cspkit(['build', site], FIXTURE)
    expect(again.code).toBe(0)
    expect(again.stdout).toMatch(/4 pages in .*, 0 updated/)
    expect(snapshot(site)).toEqual(before)
  })
})

describe('cspkit check', () => {
  it('passes on the processed site', async () => {
    const checked = await cspkit(['check', site])
    expect(checked.stderr).toBe('')
    expect(checked.code).toBe(0)
    expect(checked.stdout).toMatch(/check: 4 pages .*every inline script and style and every URL the HTML loads is allowed/)
  })

  it('fails on the site as VitePress built it, naming every page without a policy', async () => {
    const checked = await cspkit(['check', raw])
    expect(checked.code).toBe(1)
    for (const page of ['404.html', 'guide/index.html', 'guide/styling.html', 'index.html'])
      expect(checked.stderr).toContain(`[cspkit] CHECK_NO_POLICY (${page})`)
  })

  it('fails on a page whose inline script changed after processing, naming page, element and missing hash', async () => {
    const tampered = join(work, 'tampered')
    cpSync(site, tampered, { recursive: true })
    const file = join(tampered, 'guide/index.html')
    const html = readFileSync(file, 'utf8')
    const changed = 'window.__fixtureHeadScript="tampered";'
    expect(html).toContain('<script>window.__fixtureHeadScript="ran";</script>')
    writeFileSync(file, html.replace('window.__fixtureHeadScript="ran";', changed))
    const line = html.split('\n').findIndex((l) => l.includes('__fixtureHeadScript')) + 1

    const checked = await cspkit(['check', tampered])
    expect(checked.code).toBe(1)
    const expectedHash = `'sha256-${createHash('sha256').update(changed).digest('base64')}'`
    const messages = checked.stderr.trim().split('\n')
    expect(messages).toHaveLength(1)
    expect(messages[0]).toMatch(new RegExp(`^\\[cspkit\\] CHECK_INLINE_BLOCKED \\(guide/index\\.html:${line}:\\d+\\): The inline <script> is blocked by 'script-src'`))
    expect(messages[0]).toContain(`lacks ${expectedHash}`)
    expect(checked.stdout).toMatch(/1 of 4 pages .* fails \(1 blocked inline item\)/)

    // And each engine agrees: the tampered script is blocked.
    const tamperedServer = await serveDir(tampered)
    try {
      for (const engine of ENGINES) {
        const { page, violations } = await loadInEngine(engine, `${tamperedServer.url}/guide/`)
        try {
          expect(violations.map((v) => v.effectiveDirective), engine).toContain('script-src-elem')
          expect(await page.evaluate(() => (window as unknown as { __fixtureHeadScript?: string }).__fixtureHeadScript), engine).toBeUndefined()
        } finally {
          await page.close()
        }
      }
    } finally {
      await tamperedServer.close()
    }
  })
})
