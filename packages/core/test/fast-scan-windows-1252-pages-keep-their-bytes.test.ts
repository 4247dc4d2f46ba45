import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { processDirectory, type DirectoryResult } from '../src/index.js'
import { serveDir, type StaticServer } from '../../../test/support/browser.js'
import { computedStyle, loadInEngine } from '../../../test/support/engines/index.js'

// A page saved as windows-1252 (it says so in its <meta charset>) is decoded as a browser decodes
// it, its inline content hashed as those characters (CSP-RULES a7), and written back byte for byte
// but for the inserted meta: Chromium runs its script and applies its style attribute under the
// policy. The negative control serves the same file as UTF-8 (a host's charset header wins over the
// meta), where the bytes decode to other characters and the same policy blocks them.

// Latin-1 bytes (é, ü) and windows-1252's own (0x80 €, 0x96 –), in the head, the script, the style attribute and the text.
const PAGE = Buffer.concat([
  Buffer.from('<!DOCTYPE html>\r\n<html lang="fr">\r\n<head>\r\n<meta charset="windows-1252">\r\n<title>Caf\xe9 \x80</title>\r\n</head>\r\n<body>\r\n', 'latin1'),
  Buffer.from('<p id="p" style="color: rgb(0, 128, 0); font-family: \'Caf\xe9\'">\xfcber \x96 caf\xe9</p>\r\n', 'latin1'),
  Buffer.from('<script>document.body.dataset.t = "caf\xe9 \x96 \x80"</script>\r\n</body>\r\n</html>\r\n', 'latin1'),
])
// Not UTF-8, and no charset declared: left alone as before.
const UNDECLARED = Buffer.from('<!doctype html><title>caf\xe9</title><p>x</p>', 'latin1')

let dir: string
let result: DirectoryResult
let server: StaticServer
let asUtf8: StaticServer

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'cspkit-windows-1252-'))
  mkdirSync(join(dir, 'site'))
  writeFileSync(join(dir, 'site/index.html'), PAGE)
  writeFileSync(join(dir, 'site/undeclared.html'), UNDECLARED)
  result = await processDirectory(join(dir, 'site'), {}, { workers: 0, projectRoot: dir })
  cpSync(join(dir, 'site'), join(dir, 'served'), { recursive: true })
  // As hosts serve .html without a charset (the meta decides), and with one (serveDir's own type).
  server = await serveDir(join(dir, 'served'), { headers: () => ({ 'content-type': 'text/html' }) })
  asUtf8 = await serveDir(join(dir, 'served'))
})

afterAll(async () => {
  await server?.close()
  await asUtf8?.close()
  rmSync(dir, { recursive: true, force: true })
})

describe('a windows-1252 page', () => {
  it('is processed (not refused as non-UTF-8), and an undeclared non-UTF-8 page is still left alone with HTML_UNREADABLE', () => {
    const index = result.pages.find((p) => p.fileName === 'index.html')
    expect(index?.changed).toBe(true)
    expect(index?.hashes).toHaveLength(2) // the script and the style attribute
    expect(result.diagnostics.filter((d) => d.code === 'HTML_UNREADABLE').map((d) => d.file)).toEqual(['undeclared.html'])
    expect(readFileSync(join(dir, 'site/undeclared.html')).equals(UNDECLARED)).toBe(true)
  })

  it('keeps every byte outside the inserted meta, which is ASCII', () => {
    const out = readFileSync(join(dir, 'site/index.html'))
    let k = 0
    while (k < PAGE.length && out[k] === PAGE[k]) k++
    const inserted = out.subarray(k, out.length - (PAGE.length - k))
    expect(out.subarray(out.length - (PAGE.length - k)).equals(PAGE.subarray(k))).toBe(true)
    expect(inserted.toString('latin1')).toMatch(/^\r?\n?<meta http-equiv="Content-Security-Policy" content="[\x20-\x7e]+">$/)
    // Right after the charset meta, where the parser has already chosen the encoding.
    expect(PAGE.subarray(0, k).toString('latin1')).toMatch(/<meta charset="windows-1252">$/)
  })

  it('runs its script and applies its style attribute in Chromium under the policy (hashes of the characters it decodes)', async () => {
    const { page, violations } = await loadInEngine('chromium', `${server.url}/`)
    try {
      expect(violations).toEqual([])
      expect(await page.evaluate(() => document.body.dataset.t)).toBe('café – €')
      expect(await computedStyle(page, '#p', 'color')).toBe('rgb(0, 128, 0)')
    } finally {
      await page.close()
    }
  })

  it('negative control: served as UTF-8 the same bytes are other characters, and the policy blocks them', async () => {
    const { page, violations } = await loadInEngine('chromium', `${asUtf8.url}/`)
    try {
      expect(violations.map((v) => v.effectiveDirective).sort()).toEqual(['script-src-elem', 'style-src-attr'])
      expect(await page.evaluate(() => document.body.dataset.t)).toBeUndefined()
    } finally {
      await page.close()
    }
  })
})
