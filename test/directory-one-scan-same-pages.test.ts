import { cpSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { processDirectory, processSite, type DirectoryPage, type Options, type PageInput, type PageResult } from '@cspkit/core'
import { ROOT, tempDir } from './support/builds.js'
import { buildAstro, buildVitePress, realSiteOutput } from './support/real-sites.js'

// Directory mode in one thread scans a site-scoped page once: the pass that collects every page's
// hashes keeps each page's text and analysis for the pass that writes (packages/core/src/scope/
// kept-pages.ts); on workers (which keep nothing by default) the chunks are handed out by nextUnit. processSite keeps nothing between pages of its
// own (each page is analysed and composed in memory): what it makes of the same pages is what
// directory mode must write, in this thread and on worker threads, with and without a router.

/** The built pages of a real site, copied `copies` times (enough chunks for two workers to share and steal). */
function replicated(out: string, copies: number): PageInput[] {
  const files = (readdirSync(out, { recursive: true }) as string[]).filter((f) => f.endsWith('.html') && statSync(join(out, f)).isFile())
  const pages: PageInput[] = []
  for (let k = 0; k < copies; k++) for (const f of files) pages.push({ fileName: (k === 0 ? f : `copy-${k}/${f}`).split('\\').join('/'), html: readFileSync(join(out, f), 'utf8') })
  return pages
}

/** `pages` under a fresh folder beside the site's scripts and styles (not its pages). */
function folderOf(out: string, pages: readonly PageInput[], name: string): string {
  const dir = tempDir(name)
  cpSync(out, dir, { recursive: true, filter: (src) => !src.endsWith('.cspkit-build-complete') })
  for (const p of pages) {
    const path = join(dir, p.fileName)
    cpSync(join(out, p.fileName.replace(/^copy-\d+\//, '')), path)
  }
  return dir
}

const made: string[] = []
afterAll(() => {
  for (const d of made) rmSync(d, { recursive: true, force: true })
})

describe.each([
  {
    name: 'vitepress-docs',
    router: true,
    output: () => realSiteOutput('vitepress-docs', {
      source: join(ROOT, 'test/real-sites/vitepress-docs'),
      generators: ['vitepress2'],
      build: (outDir) => buildVitePress('vitepress-docs', join(ROOT, 'test/real-sites/vitepress-docs'), 'vitepress2', outDir),
    }),
  },
  {
    name: 'starlight-links-validator',
    router: false,
    output: () => realSiteOutput('starlight-links-validator', {
      source: join(ROOT, 'test/real-sites/starlight-links-validator'),
      generators: ['astro', '@astrojs/starlight'],
      build: (outDir) => buildAstro('starlight-links-validator', join(ROOT, 'test/real-sites/starlight-links-validator'), outDir),
    }),
  },
])("directory mode on $name's real build, scope 'auto'", ({ name, router, output }) => {
  let out: string
  let pages: PageInput[]
  const options: Options = {}
  beforeAll(async () => {
    out = await output()
    // 5 pages × 10: 50 pages, 4 chunks of 16 for two workers to share.
    pages = replicated(out, 10)
  })

  it(`writes what processSite makes of the same pages, in this thread and on 2 workers (${router ? 'site' : 'page'} scope)`, async () => {
    const want = processSite(pages, options)
    expect(want.scope.scope).toBe(router ? 'site' : 'page')
    const wanted = new Map(want.pages.map((p) => [p.fileName, p]))
    for (const workers of [0, 2]) {
      const dir = folderOf(out, pages, `one-scan-${name}-${workers}`)
      made.push(dir)
      const result = await processDirectory(dir, options, { workers })
      expect(result.workers).toBe(workers)
      expect(result.scope).toEqual(want.scope)
      expectSamePages(dir, result.pages, wanted, `${workers} workers`)
      // The same findings, the site's scripts' among them (checked on the workers, one file a unit).
      const codes = (ds: readonly { code: string; file?: string }[]) => ds.map((d) => `${d.code} ${d.file ?? ''}`).sort()
      expect(codes(result.diagnostics)).toEqual(codes(processSite(pages, options, { scripts: scriptsOf(out) }).diagnostics))
    }
    // The control: per-page policies differ from the site's on a site with a router (the union is
    // not every page's own), and are the same on a site without one.
    const perPage = processSite(pages, { ...options, scope: 'page' })
    const differs = perPage.pages.filter((p) => p.html !== wanted.get(p.fileName)!.html).length
    if (router) expect(differs).toBeGreaterThan(0)
    else expect(differs).toBe(0)
  })

  // On the site with a router, 'auto' took site scope already: only the other needs it forced.
  if (!router) it("with scope 'site' analyses every page in the first pass and writes what processSite makes", async () => {
    const want = new Map(processSite(pages, { ...options, scope: 'site' }).pages.map((p) => [p.fileName, p]))
    const dir = folderOf(out, pages, `one-scan-${name}-site`)
    made.push(dir)
    const result = await processDirectory(dir, { ...options, scope: 'site' }, { workers: 2 })
    expect(result.scope.scope).toBe('site')
    expectSamePages(dir, result.pages, want, "scope 'site'")
    // Idempotent: a second run over its own output changes nothing.
    expect((await processDirectory(dir, { ...options, scope: 'site' }, { workers: 2 })).written).toBe(0)
  })
})

/** Each page as written and as reported is what processSite made of it. */
function expectSamePages(dir: string, pages: readonly DirectoryPage[], want: ReadonlyMap<string, PageResult>, how: string): void {
  expect(pages.map((p) => p.fileName)).toEqual([...want.keys()])
  for (const page of pages) {
    const w = want.get(page.fileName)!
    expect(readFileSync(join(dir, page.fileName), 'utf8'), `${how}: ${page.fileName}`).toBe(w.html)
    expect(page.headerPolicy, `${how}: ${page.fileName}`).toBe(w.headerPolicy)
    expect(page.hashes, `${how}: ${page.fileName}`).toEqual(w.hashes)
    expect(page.blocked, `${how}: ${page.fileName}`).toEqual(w.blocked.map(({ text: _text, ...where }) => where))
  }
}

function scriptsOf(out: string): { fileName: string; code: string }[] {
  return (readdirSync(out, { recursive: true }) as string[])
    .filter((f) => /\.m?js$/.test(f))
    .map((f) => ({ fileName: f.split('\\').join('/'), code: readFileSync(join(out, f), 'utf8') }))
}
