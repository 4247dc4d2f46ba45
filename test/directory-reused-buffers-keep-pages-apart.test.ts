import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { cspkit, type CliRun } from './support/cli.js'

// Directory mode reads every page into one buffer a thread and encodes every page's edited start
// (and every chunk's record lines) into another (packages/core/src/fs/read-buffer.ts,
// write-buffer.ts). Those buffers keep the bytes of the pages before: a page written from too much
// of either would carry a larger page's bytes into a smaller one's file. So pages of very different
// sizes, each edited up to a CSP meta of its own placed late in its head, are built one after
// another in the same thread, and each file must be byte for byte what a build of that page alone
// writes.

const ownMeta = `<meta http-equiv="Content-Security-Policy" content="default-src 'self'; img-src 'self' data:">`

/** A UTF-8 page whose head holds `kb` KB of style (multi-byte text) before its own CSP meta: its edited start is all of that. */
function utf8Page(kb: number, tag: string): Buffer {
  const rule = `.g-${tag} { content: "Grüße 日本語 ✓ ${tag}"; color: #${tag.length}${tag.length}0 }\n`
  const style = rule.repeat(Math.max(1, Math.ceil((kb * 1024) / Buffer.byteLength(rule))))
  return Buffer.from(
    `<!doctype html><html><head><meta charset="utf-8"><title>${tag}</title><style>${style}</style>${ownMeta}</head>` +
      `<body><p style="color: red">${tag} body, naïve café</p><script>window.page = ${JSON.stringify(tag)}</script></body></html>\n`,
    'utf8',
  )
}

/**
 * A windows-1252 page (invalid as UTF-8: 0xE9, 0x80 and friends), with `kb` KB of Latin-1 text in its
 * head before its own CSP meta; `table`: that text has bytes 0x80–0x9F (€, curly quotes), which are
 * not Latin-1's characters, so its encoding goes through windows-1252's table.
 */
function windows1252Page(kb: number, tag: string, table: boolean): Buffer {
  const text = table ? `caf\xe9 \x80 10 \x93quoted\x94 \x85 ${tag} ` : `caf\xe9 na\xefve \xc6r\xf8 ${tag} `
  const title = text.repeat(Math.max(1, Math.ceil((kb * 1024) / text.length)))
  return Buffer.from(
    `<!doctype html><html><head><meta charset="windows-1252"><title>${title}</title><style>p { color: blue }</style>${ownMeta}</head>` +
      `<body><p style="color: green">${text}</p><script>window.page = "${tag}"</script></body></html>\n`,
    'latin1',
  )
}

// In code-point order, the order one thread processes them in: large, small, windows-1252, small, …
const PAGES: Record<string, Buffer> = {
  'a-large.html': utf8Page(1500, 'large'),
  'b-small.html': utf8Page(1, 'small'),
  'c-cp1252-table.html': windows1252Page(300, 'cp1252', true),
  'd-tiny.html': Buffer.from(`<!doctype html><html><head><title>t</title></head><body><p style="color: red">t</p></body></html>`),
  'e-cp1252-latin1.html': windows1252Page(2, 'latin1', false),
  'f-huge.html': utf8Page(5000, 'huge'), // over the 4 MB a thread's buffers keep: a buffer of its own
  'g-small.html': utf8Page(3, 'after-huge'),
  'h-cp1252-small.html': windows1252Page(1, 'last', true),
}

describe('cspkit build writes each page from its own bytes, whatever the thread built before it', () => {
  const root = mkdtempSync(join(tmpdir(), 'cspkit-reused-buffers-'))
  const alone: Record<string, Buffer> = {}
  const runs: Record<string, CliRun> = {}
  const modes = { 'workers-1': ['--workers', '1'], 'workers-0': ['--workers', '0'], 'workers-2': ['--workers', '2'] }

  beforeAll(async () => {
    mkdirSync(join(root, 'source'))
    for (const [name, bytes] of Object.entries(PAGES)) writeFileSync(join(root, 'source', name), bytes)
    // Each page built alone, in the main thread: nothing before it in any buffer.
    await Promise.all(
      Object.keys(PAGES).map(async (name) => {
        const dir = join(root, `alone-${name}`)
        mkdirSync(dir)
        cpSync(join(root, 'source', name), join(dir, name))
        const run = await cspkit(['build', dir, '--workers', '0', '--no-progress'], root)
        expect(run.code, run.stderr).toBe(0)
        alone[name] = readFileSync(join(dir, name))
      }),
    )
    for (const [mode, args] of Object.entries(modes)) {
      cpSync(join(root, 'source'), join(root, mode), { recursive: true })
      runs[mode] = await cspkit(['build', mode, ...args, '--no-progress'], root)
    }
  }, 180_000)
  afterAll(() => rmSync(root, { recursive: true, force: true }))

  it('a page built alone is its source with its CSP meta written, every other byte kept (the windows-1252 ones as windows-1252)', () => {
    // latin1: one character a byte, so the comparison is of bytes whatever the page's encoding.
    const withoutMetas = (bytes: Buffer) => bytes.toString('latin1').replace(/<meta http-equiv="Content-Security-Policy" content="[^"]*">/g, '')
    for (const [name, bytes] of Object.entries(PAGES)) {
      expect(alone[name]!.equals(bytes), name).toBe(false)
      expect(withoutMetas(alone[name]!), name).toBe(withoutMetas(bytes))
    }
    // The bytes of 0x80-0x9F and Latin-1 kept as they were: one byte each, not UTF-8.
    expect(alone['c-cp1252-table.html']!.includes(Buffer.from('caf\xe9 \x80 10 \x93quoted\x94', 'latin1'))).toBe(true)
    expect(alone['e-cp1252-latin1.html']!.includes(Buffer.from('caf\xe9 na\xefve \xc6r\xf8', 'latin1'))).toBe(true)
    expect(alone['f-huge.html']!.length).toBeGreaterThan(4 * 2 ** 20)
  })

  for (const mode of Object.keys(modes)) {
    it(`with --${mode.replace('-', ' ')}: every page's bytes are those of the page built alone`, () => {
      const run = runs[mode]!
      expect(run.code, run.stderr).toBe(0)
      expect(run.stdout).toContain(`${Object.keys(PAGES).length} pages in ${mode}, ${Object.keys(PAGES).length} updated`)
      for (const name of Object.keys(PAGES)) {
        const built = readFileSync(join(root, mode, name))
        expect(built.length, name).toBe(alone[name]!.length)
        expect(built.equals(alone[name]!), name).toBe(true)
      }
    })
  }
})
