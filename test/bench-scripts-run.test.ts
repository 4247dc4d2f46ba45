import { execFile } from 'node:child_process'
import { cpSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ROOT, tempDir } from './support/builds.js'

// `pnpm bench`'s own scripts at a tiny size, so they keep working as the core changes (the bench
// itself asserts nothing and is not run by the suite): the generator, the site profile (description
// and fast-path coverage) and the phase timer over the built core.

const run = promisify(execFile)
const node = async (args: string[]) => (await run(process.execPath, args, { cwd: ROOT, maxBuffer: 16 * 1024 * 1024 })).stdout
const site = tempDir('bench-scripts')
const PAGES = 14
let made: { pages: number; bytes: number }
let pages: string[]

beforeAll(async () => {
  made = JSON.parse(await node(['--input-type=module', '-e', `import { generateSite } from './bench/generate.mjs'; const r = generateSite(${JSON.stringify(site)}, { pages: ${PAGES}, seed: 7 }); console.log(JSON.stringify({ pages: r.pages, bytes: r.bytes }))`]))
  pages = readdirSync(site, { recursive: true }).map(String).filter((f) => f.endsWith('.html'))
})
afterAll(() => rmSync(site, { recursive: true, force: true }))

describe('the bench scripts', () => {
  it('site-profile describes every page and accounts for each one as fast-scanned, parse5 or not UTF-8', async () => {
    const p = JSON.parse(await node(['bench/site-profile.mjs', site]))
    expect(p.pages).toBe(PAGES)
    expect(p.bytes).toBe(pages.reduce((n, f) => n + statSync(join(site, f)).size, 0))
    expect(p.bytes).toBe(made.bytes)
    const c = p.coverage
    const parse5 = Object.values(c.refusals as Record<string, number>).reduce((a, b) => a + b, 0)
    expect(c.fastPages + parse5 + c.notUtf8).toBe(PAGES)
    expect(c.scanned).toBe(PAGES - c.notUtf8)
    expect(c.fastBytes).toBeLessThanOrEqual(c.scannedBytes)
    for (const n of Object.values(p.constructs as Record<string, number>)) expect(n).toBeLessThanOrEqual(PAGES)
    expect(p.inlineItems).toBe(Object.values(p.kinds as Record<string, number>).reduce((a, b) => a + b, 0))
  })

  it('phases times every phase and writes each page it can read back with its CSP meta', async () => {
    const r = JSON.parse(await node(['bench/phases.mjs', site]))
    const withMeta = pages.filter((f) => /<meta http-equiv="Content-Security-Policy" content="[^"]*'sha256-/i.test(readFileSync(join(site, f), 'latin1')))
    expect(r.pages).toBeGreaterThan(PAGES / 2)
    expect(r.pages).toBeLessThanOrEqual(PAGES)
    expect(r.written).toBe(r.pages)
    expect(withMeta.length).toBe(r.written)
    for (const phase of ['read', 'decode', 'scanFast', 'scanParse5', 'hash', 'policy', 'write']) expect(r.ms[phase]).toBeGreaterThanOrEqual(0)
  })

  it('phases --sites times each folder as its own site (the replicated real sites), and the sites add up to the whole', async () => {
    const sites = tempDir('bench-scripts-sites')
    try {
      cpSync(site, join(sites, 'one'), { recursive: true })
      cpSync(join(site, pages[0]!), join(sites, 'two', 'index.html'))
      const r = JSON.parse(await node(['bench/phases.mjs', sites, '--sites']))
      expect(r.sites.map((s: { name: string }) => s.name)).toEqual(['one', 'two'])
      expect(r.sites[0].pages).toBeGreaterThan(PAGES / 2)
      expect(r.sites[1].pages).toBeLessThanOrEqual(1)
      expect(r.sites[0].pages + r.sites[1].pages).toBe(r.pages)
      expect(r.sites[0].bytes + r.sites[1].bytes).toBe(r.bytes)
      for (const phase of ['read', 'decode', 'scanFast', 'scanParse5', 'hash', 'policy']) {
        const sum = r.sites[0].ms[phase] + r.sites[1].ms[phase]
        expect(sum).toBeCloseTo(r.ms[phase], 6)
      }
      // Without --sites the folder is one site, as before.
      expect(JSON.parse(await node(['bench/phases.mjs', sites])).sites).toBeUndefined()
    } finally {
      rmSync(sites, { recursive: true, force: true })
    }
  })
})
