import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { listFolderFiles } from '@cspkit/core'
import { cspkit, type CliRun } from './support/cli.js'

// Directory mode keeps of a problem found on many pages only a count and its first pages (memory
// flat in the page count, issue #19), and lists the folder by a sorted walk instead of sorting every
// path after. Both must still say what a user reads: the same report with worker threads as without,
// its pages named in the folder's order, where a folder `a` sorts as `a/` (after `a-b/` and `a.html`).

// Not UTF-8 (a lone 0xff) on line 1 of every page: one HTML_UNREADABLE message, folded over the pages.
const broken = Buffer.concat([Buffer.from('<!doctype html><title>x</title>'), Buffer.from([0xff]), Buffer.from('<p>x</p>\n')])
// Named so that a walk taking each folder's entries by name alone (a/ before a-b/ and a.html) would list them out of order.
const first = ['a-b/x.html', 'a.html', 'a/x.html']
const others = Array.from({ length: 397 }, (_, i) => `z/${String(i).padStart(3, '0')}.html`)

describe('cspkit build folds a problem on 400 pages into one message naming its first three pages', () => {
  const root = mkdtempSync(join(tmpdir(), 'cspkit-fold-order-'))
  const runs: Record<string, CliRun> = {}
  beforeAll(async () => {
    for (const workers of ['0', '2']) {
      const site = join(root, `w${workers}`)
      // Written last-first, so the folder's order is not the order the files were made in.
      for (const file of [...others, ...first].reverse()) {
        mkdirSync(dirname(join(site, file)), { recursive: true })
        writeFileSync(join(site, file), broken)
      }
      writeFileSync(join(site, 'ok.html'), '<!doctype html><html><head><title>ok</title></head><body><p style="color: red">ok</p></body></html>')
      runs[workers] = await cspkit(['build', site, '--workers', workers, '--no-progress'], root)
    }
  }, 120_000)
  afterAll(() => rmSync(root, { recursive: true, force: true }))

  it('names the count and the first three pages in the folder\'s order, with or without worker threads', () => {
    for (const workers of ['0', '2']) {
      const run = runs[workers]!
      expect(run.code).toBe(1)
      const lines = run.stderr.split('\n').filter((l) => l.startsWith('[cspkit] HTML_UNREADABLE'))
      expect(lines).toEqual([expect.stringMatching(/^\[cspkit\] HTML_UNREADABLE \(400 pages: a-b\/x\.html, a\.html, a\/x\.html and 397 more\): The page is not valid UTF-8 \(line 1\)[^\n]* Fix: /)])
    }
  })

  it('lists the folder sorted by code point, as whole paths compare', async () => {
    const { files } = await listFolderFiles(join(root, 'w0'), false)
    expect(files.slice(0, 3)).toEqual(first)
    expect([...files]).toEqual([...files].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)))
    expect(files).toHaveLength(401)
  })
})
