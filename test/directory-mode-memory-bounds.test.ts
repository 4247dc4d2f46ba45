import { createHash } from 'node:crypto'
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { processDirectory, WORKER_RESOURCE_LIMITS, type DirectoryResult } from '@cspkit/core'
import { cspkit, type CliRun } from './support/cli.js'

// Directory mode's memory bounds (issue #19) are structural: worker threads run under V8 heap
// limits, a page too large for them is processed in the main thread, and what is kept of every page
// waits in temporary files until it is read. Peak RSS figures belong to the bench (bench/run.mjs).

const sha = (text: string) => `'sha256-${createHash('sha256').update(text).digest('base64')}'`
const metaOf = (html: string) => /<meta http-equiv="Content-Security-Policy" content="([^"]*)">/.exec(html)?.[1]
const temps = (dir: string) => readdirSync(dir, { recursive: true }).map(String).filter((f) => f.includes('.cspkit-'))

/** A page of about `mb` MB: non-ASCII text (a two-byte string in V8), `styles` distinct style="" values, one inline script. */
function bigPage(mb: number, styles: number): { html: string; styleValues: string[]; script: string } {
  const styleValues = Array.from({ length: styles }, (_, i) => `color: #${(i * 37 % 4096).toString(16).padStart(3, '0')}; margin: ${i}px`)
  const filler = `<p>Grüße, naïve café text for a long page ${'ü'.repeat(40)} ${'lorem ipsum '.repeat(30)}</p>\n`
  const per = Math.ceil((mb * 2 ** 20) / filler.length / styles)
  let body = ''
  for (const value of styleValues) body += `<div style="${value}">\n${filler.repeat(per)}</div>\n`
  const script = 'window.bigPageRan = true'
  return { html: `<!doctype html><html><head><meta charset="utf-8"><title>big</title></head><body>\n${body}<script>${script}</script>\n</body></html>\n`, styleValues, script }
}

/** A page of `n` paragraphs, each with its own onclick handler and one of 4,096 style="" values. */
function manyHandlers(n: number): ReturnType<typeof bigPage> {
  const styleValues = Array.from({ length: 4096 }, (_, i) => `color: #${i.toString(16).padStart(3, '0')}`)
  let body = ''
  for (let i = 0; i < n; i++) body += `<p style="${styleValues[i % 4096]}" onclick="show(${i})">Ünïcode text ${i} ${'x'.repeat(60)}</p>\n`
  const script = 'function show(i) { document.title = i }'
  return { html: `<!doctype html><html><head><meta charset="utf-8"><title>handlers</title></head><body>\n${body}<script>${script}</script>\n</body></html>\n`, styleValues, script }
}

describe('cspkit build on pages of 1.5 MB, 20 MB and 25 MB of 200,000 inline handlers, with a worker thread', () => {
  const root = mkdtempSync(join(tmpdir(), 'cspkit-memory-bounds-'))
  // 25 MB with 200,000 distinct inline handlers: their hashes, the policy of 200,000 sources and the
  // page's text are more than a worker's old generation holds.
  const huge = manyHandlers(200_000)
  const twenty = bigPage(20, 200)
  const large = bigPage(1.5, 50)
  const runs: Record<string, CliRun> = {}

  beforeAll(async () => {
    const sites = { huge, twenty, large }
    await Promise.all(
      Object.entries(sites).map(async ([name, page]) => {
        mkdirSync(join(root, name))
        writeFileSync(join(root, name, 'page.html'), page.html)
        writeFileSync(join(root, name, 'small.html'), '<!doctype html><html><head><title>s</title></head><body><p style="color: red">s</p></body></html>')
        runs[name] = await cspkit(['build', name, '--workers', '1', '--no-progress'], root)
      }),
    )
  }, 180_000)
  afterAll(() => rmSync(root, { recursive: true, force: true }))

  const written = (name: string, page: ReturnType<typeof bigPage>) => {
    const out = readFileSync(join(root, name, 'page.html'), 'utf8')
    const policy = metaOf(out)!
    expect(policy).toContain(sha(page.script))
    for (const value of [page.styleValues[0]!, page.styleValues.at(-1)!]) expect(policy).toContain(sha(value))
    expect(out.replace(/<meta http-equiv="Content-Security-Policy" content="[^"]*">/, '')).toBe(page.html) // every other byte kept
    expect(metaOf(readFileSync(join(root, name, 'small.html'), 'utf8'))).toContain(sha('color: red'))
    expect(temps(join(root, name))).toEqual([]) // nothing left of what a worker that died had prepared
  }

  it('processes a page too large for a worker\'s heap in the main thread, says so, and writes it as any page', () => {
    const run = runs.huge!
    expect(run.code, run.stderr).toBe(0)
    expect(run.stdout).toContain('2 pages in huge, 2 updated')
    expect(run.stdout).toContain('on 1 worker thread')
    expect(run.stderr).toMatch(/\[cspkit\] DIRECTORY_WORKER_OUT_OF_MEMORY \(page\.html and 1 more page of its chunk\): A worker thread reached its heap limit \(\d+ MB\)[^\n]*Fix: /)
    expect(run.stderr).toContain(`(${WORKER_RESOURCE_LIMITS.maxOldGenerationSizeMb} MB)`)
    written('huge', huge)
  })

  it('processes a 20 MB page (in the worker, or in the main thread if the worker runs out of heap)', () => {
    expect(runs.twenty!.code, runs.twenty!.stderr).toBe(0)
    expect(runs.twenty!.stdout).toContain('2 pages in twenty, 2 updated')
    written('twenty', twenty)
  })

  it('control: a 1.5 MB page stays in the worker (no fallback)', () => {
    expect(runs.large!.code, runs.large!.stderr).toBe(0)
    expect(runs.large!.stdout).toContain('on 1 worker thread')
    expect(runs.large!.stderr).not.toContain('DIRECTORY_WORKER_OUT_OF_MEMORY')
    written('large', large)
  })
})

describe('processDirectory keeps what it keeps of every page out of memory until asked for', () => {
  const root = mkdtempSync(join(tmpdir(), 'cspkit-records-'))
  const spill = join(root, 'tmp')
  const PAGES = 40 // three chunks
  // Each page: a style every page has, one of its own, and an image from a host the policy does not allow.
  const own = (i: number) => `color: #${i.toString(16).padStart(3, '0')}`
  const page = (i: number) =>
    `<!doctype html><html><head><title>${i}</title></head><body><p style="margin: 0">shared</p><p style="${own(i)}">own</p><img src="https://images.example/a.png"></body></html>`
  let byPage: DirectoryResult
  let bySite: DirectoryResult
  let spilledWhileUnread: string[]
  let spilledFiles: string[][]
  let spilledSizes: Record<string, number>[]
  let spilledAfterRead: string[]
  const previousTmp = process.env.TMPDIR

  beforeAll(async () => {
    mkdirSync(spill)
    for (const scope of ['page', 'site']) {
      for (let i = 0; i < PAGES; i++) {
        mkdirSync(join(root, scope, `p${i}`), { recursive: true })
        writeFileSync(join(root, scope, `p${i}`, 'index.html'), page(i))
      }
    }
    process.env.TMPDIR = spill // where the run's record files go (os.tmpdir())
    try {
      byPage = await processDirectory(join(root, 'page'), { scope: 'page' }, { workers: 2 })
      bySite = await processDirectory(join(root, 'site'), { scope: 'site' }, { workers: 2 })
    } finally {
      if (previousTmp === undefined) delete process.env.TMPDIR
      else process.env.TMPDIR = previousTmp
    }
    spilledWhileUnread = readdirSync(spill)
    spilledFiles = spilledWhileUnread.map((dir) => readdirSync(join(spill, dir)).sort())
    spilledSizes = spilledWhileUnread.map((dir) => Object.fromEntries(readdirSync(join(spill, dir)).map((f) => [f, statSync(join(spill, dir, f)).size])))
    void byPage.pages
    spilledAfterRead = readdirSync(spill)
  }, 60_000)
  afterAll(() => rmSync(root, { recursive: true, force: true }))

  it('holds every page\'s record in a temporary file until `pages` is read, then removes it', () => {
    expect(spilledWhileUnread).toHaveLength(2)
    // Each thread its own files: the workers write their chunks' records, none cross to the main thread.
    const each = ['pages-main.jsonl', 'pages-w0.jsonl', 'pages-w1.jsonl', 'prepared-main.jsonl', 'prepared-w0.jsonl', 'prepared-w1.jsonl']
    expect(spilledFiles).toEqual([each, each])
    for (const sizes of spilledSizes) {
      expect(sizes['pages-main.jsonl']).toBe(0)
      expect(sizes['pages-w0.jsonl']! + sizes['pages-w1.jsonl']!).toBeGreaterThan(PAGES * 100)
    }
    expect(spilledAfterRead).toHaveLength(1)
    expect(existsSync(join(spill, spilledWhileUnread.find((d) => !spilledAfterRead.includes(d))!))).toBe(false)
  })

  it('reads back every page, sorted, with the hashes of its own inline content; totals agree with them', () => {
    const pages = byPage.pages
    expect(pages.map((p) => p.fileName)).toEqual(Array.from({ length: PAGES }, (_, i) => `p${i}/index.html`).sort())
    for (const p of pages) {
      const i = Number(/p(\d+)/.exec(p.fileName)![1])
      expect([...p.hashes].sort()).toEqual([sha('margin: 0'), sha(own(i))].sort())
      expect(p.headerPolicy).toContain(sha(own(i)))
      expect(p.policy.directives.flatMap((d) => d.values)).toContain(sha(own(i)))
      expect(p.changed).toBe(true)
    }
    expect(byPage.totals).toEqual({
      pages: PAGES,
      changed: PAGES,
      hashes: pages.reduce((n, p) => n + p.hashes.length, 0),
      mostHashes: 2,
      longestHeaderPolicy: Math.max(...pages.map((p) => p.headerPolicy.length)),
      longestMetaPolicy: Math.max(...pages.map((p) => p.metaPolicy.length)),
    })
    // A hash every page has is one string, not a copy a page.
    const shared = pages.map((p) => p.hashes.find((h) => h === sha('margin: 0')))
    expect(new Set(shared).size).toBe(1)
  })

  it('site scope: every page shares one policy object and one hash list', () => {
    const pages = bySite.pages
    expect(pages).toHaveLength(PAGES)
    for (const p of pages) {
      expect(p.policy).toBe(pages[0]!.policy)
      expect(p.hashes).toBe(pages[0]!.hashes)
    }
    for (let i = 0; i < PAGES; i++) expect(pages[0]!.hashes).toContain(sha(own(i)))
    expect(bySite.totals.mostHashes).toBe(PAGES + 1)
  })

  it('folds the same problem on every page into one diagnostic naming the pages', () => {
    const blocked = byPage.diagnostics.filter((d) => d.code === 'LOAD_BLOCKED')
    expect(blocked).toHaveLength(1)
    expect(blocked[0]!.file).toMatch(new RegExp(`^${PAGES} pages: `))
  })
})
