import { readFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import { htmlFiles } from './site-profile.mjs'

/**
 * Where directory mode's time goes: the core's own functions (packages/core/dist) over a folder's
 * pages in this one thread, phase by phase, chunk by chunk (64 pages: each phase runs over the whole
 * chunk before the next starts, so each phase's time is its own and memory stays bounded). Prints one
 * JSON line of milliseconds per phase. The folder's pages are rewritten: run it on a copy.
 *
 *   node bench/phases.mjs <dir>
 *
 * read: the bytes (readFileSync); decode: as directory mode (`decodePage`: UTF-8, or windows-1252 where declared); scan: `fastScanPage`, and
 * `parse5ScanPage` where it gives up (both timed, so the split is known); hash: every hashed inline
 * item's hash-source (`hashSource`, what `analysePage` does per item); policy: `composePage` (the
 * page's policy, its meta written into the page, what stays blocked, load checks); write: the edited
 * start encoded, the new bytes prepared next to the page (`prepareWrite`) and renamed in (`commitWrite`).
 */
const CORE = fileURLToPath(new URL('../packages/core/dist/', import.meta.url))
const { fastScanPage } = await import(join(CORE, 'html/fast-scan.js'))
const { parse5ScanPage } = await import(join(CORE, 'html/scan.js'))
const { hashSource } = await import(join(CORE, 'html/hash.js'))
const { analysePage, composePage } = await import(join(CORE, 'page.js'))
const { resolveOptions } = await import(join(CORE, 'options.js'))
const { prepareWrite, commitWrite } = await import(join(CORE, 'fs/atomic-write.js'))
const readText = await import(join(CORE, 'fs/read-text.js'))
/** Directory mode's decoding: UTF-8, or windows-1252 where a page declares it (a core that has decodePage). */
const UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true })
const decodePage = readText.decodePage ?? ((bytes) => ({ html: UTF8.decode(bytes), encoding: 'utf-8' }))
const encodeWindows1252 = readText.encodeWindows1252

const CHUNK = 64
const HASH_OPTION_OF = { script: 'scripts', style: 'styles', 'event-handler': 'eventHandlers', 'style-attribute': 'styleAttributes', 'javascript-url': 'javascriptUrls' }

const dir = process.argv[2]
const options = resolveOptions({})
const ctx = { options, basePolicy: options.basePolicy, origins: options.presets.origins }
const ms = { read: 0, decode: 0, scanFast: 0, scanParse5: 0, hash: 0, policy: 0, write: 0 }
let pages = 0
let bytes = 0
let written = 0
let sink = 0
const files = htmlFiles(dir)
const prepared = []
for (let c = 0; c < files.length; c += CHUNK) {
  const chunk = files.slice(c, c + CHUNK)
  let t = performance.now()
  const raw = chunk.map((file) => ({ file, bytes: readFileSync(file) }))
  ms.read += performance.now() - t

  t = performance.now()
  const read = []
  for (const r of raw) {
    try {
      read.push({ ...r, fileName: relative(dir, r.file), ...decodePage(r.bytes, r.file) })
    } catch {} // neither UTF-8 nor declared windows-1252: directory mode leaves it alone
  }
  ms.decode += performance.now() - t
  pages += read.length
  for (const r of read) bytes += r.bytes.length

  t = performance.now()
  const scans = read.map((r) => fastScanPage(r.html))
  ms.scanFast += performance.now() - t
  t = performance.now()
  for (let i = 0; i < read.length; i++) scans[i] ??= parse5ScanPage(read[i].html)
  ms.scanParse5 += performance.now() - t

  t = performance.now()
  for (const scan of scans) for (const item of scan.inline) if (options.hash[HASH_OPTION_OF[item.kind]]) sink += hashSource(item.text, options.algorithm).length
  ms.hash += performance.now() - t

  // Not timed: analysePage again (scan and hash, measured above) for the analysis composePage takes.
  const analyses = read.map((r) => analysePage(r, options))
  t = performance.now()
  const results = read.map((r, i) => composePage(r, analyses[i], ctx))
  ms.policy += performance.now() - t

  t = performance.now()
  for (let i = 0; i < read.length; i++) {
    const page = results[i]
    if (!page.changed) continue
    // As directory mode: only the edited start is encoded; the unchanged end is the bytes read.
    const source = read[i]
    const editedChars = source.html.length - page.unchangedTail
    const edited = page.html.slice(0, page.html.length - page.unchangedTail)
    const single = source.encoding === 'windows-1252' // one byte a character
    const tail = source.bytes.subarray(single ? editedChars : Buffer.byteLength(source.html.slice(0, editedChars), 'utf8'))
    const head = single ? encodeWindows1252(edited) : Buffer.from(edited, 'utf8')
    prepared.push(prepareWrite(source.file, [head, tail], { cleanStale: false }))
    written++
  }
  ms.write += performance.now() - t
}
const t = performance.now()
for (const p of prepared) commitWrite(p)
ms.write += performance.now() - t
console.log(JSON.stringify({ pages, bytes, written, ms, sink: sink > 0 }))
