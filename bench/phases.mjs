import { readFileSync } from 'node:fs'
import { join, relative, sep } from 'node:path'
import { fileURLToPath } from 'node:url'
import { htmlFiles } from './site-profile.mjs'

/**
 * Where directory mode's time goes: the core's own functions (packages/core/dist) over a folder's
 * pages in this one thread, phase by phase, chunk by chunk (64 pages: each phase runs over the whole
 * chunk before the next starts, so each phase's time is its own and memory stays bounded). Prints one
 * JSON line of milliseconds per phase. The folder's pages are rewritten: run it on a copy.
 *
 *   node bench/phases.mjs <dir>            # the folder's pages as one site
 *   node bench/phases.mjs <dir> --sites    # each folder in <dir> its own site: `sites` has each one's phases too
 *
 * read: the bytes (readFileSync); decode: as directory mode (`decodePage`: UTF-8, or windows-1252 where declared); scan: `fastScanPage`, and
 * `parse5ScanPage` where it gives up (both timed, so the split is known); hash: every hashed inline
 * item's hash-source (`hashSource` through the thread's memo of repeated texts, as `analysePage` does); policy: `composePage` (the
 * page's policy, its meta written into the page, what stays blocked, load checks); write: the edited
 * start encoded, the new bytes prepared next to the page (`prepareWrite`) and renamed in (`commitWrite`).
 */
const CORE = fileURLToPath(new URL('../packages/core/dist/', import.meta.url))
const { fastScanPage } = await import(join(CORE, 'html/fast-scan.js'))
const { parse5ScanPage } = await import(join(CORE, 'html/scan.js'))
const { hashSource } = await import(join(CORE, 'html/hash.js'))
// As analysePage hashes: through the thread's memo of repeated texts, in a core that has one.
const memo = await import(join(CORE, 'html/hash-memo.js')).then((m) => m.hashMemo, () => undefined)
const { analysePage, composePage } = await import(join(CORE, 'page.js'))
const { resolveOptions } = await import(join(CORE, 'options.js'))
const { prepareWrite, commitWrite } = await import(join(CORE, 'fs/atomic-write.js'))
const readText = await import(join(CORE, 'fs/read-text.js'))
/** Directory mode's decoding: UTF-8, or windows-1252 where a page declares it (a core that has decodePage). */
const UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true })
const decodePage = readText.decodePage ?? ((bytes) => ({ html: UTF8.decode(bytes), encoding: 'utf-8' }))
// As directory mode encodes an edited start: through the thread's reused buffer, in a core that has one.
const writeBuffer = await import(join(CORE, 'fs/write-buffer.js')).catch(() => undefined)
const encodeWindows1252 = writeBuffer?.encodeWindows1252Shared ?? readText.encodeWindows1252
const encodeUtf8 = writeBuffer?.encodeUtf8Shared ?? ((text) => Buffer.from(text, 'utf8'))

const CHUNK = 64
const HASH_OPTION_OF = { script: 'scripts', style: 'styles', 'event-handler': 'eventHandlers', 'style-attribute': 'styleAttributes', 'javascript-url': 'javascriptUrls' }

const dir = process.argv[2]
const bySite = process.argv.includes('--sites')
const options = resolveOptions({})
const ctx = { options, basePolicy: options.basePolicy, origins: options.presets.origins }
const phases = () => ({ read: 0, decode: 0, scanFast: 0, scanParse5: 0, hash: 0, policy: 0, write: 0 })
const ms = phases()
let pages = 0
let bytes = 0
let written = 0
let sink = 0
const files = htmlFiles(dir)
// The pages by site: with --sites, each folder in <dir> (a real site and its copies); else one.
const groups = new Map()
for (const file of files) {
  const name = bySite ? relative(dir, file).split(sep)[0] : ''
  if (!groups.has(name)) groups.set(name, [])
  groups.get(name).push(file)
}
const sites = []
const prepared = []
for (const [name, siteFiles] of groups) {
  const site = { name, pages: 0, bytes: 0, ms: phases() }
  sites.push(site)
  /** Adds the time since `t` to phase `phase`, of the site and of the whole run. */
  const took = (phase, t) => {
    const d = performance.now() - t
    site.ms[phase] += d
    ms[phase] += d
  }
  for (let c = 0; c < siteFiles.length; c += CHUNK) {
    const chunk = siteFiles.slice(c, c + CHUNK)
    let t = performance.now()
    const raw = chunk.map((file) => ({ file, bytes: readFileSync(file) }))
    took('read', t)

    t = performance.now()
    const read = []
    for (const r of raw) {
      try {
        read.push({ ...r, fileName: relative(dir, r.file), ...decodePage(r.bytes, r.file) })
      } catch {} // neither UTF-8 nor declared windows-1252: directory mode leaves it alone
    }
    took('decode', t)
    site.pages += read.length
    for (const r of read) site.bytes += r.bytes.length

    t = performance.now()
    const scans = read.map((r) => fastScanPage(r.html))
    took('scanFast', t)
    t = performance.now()
    for (let i = 0; i < read.length; i++) scans[i] ??= parse5ScanPage(read[i].html)
    took('scanParse5', t)

    t = performance.now()
    const hashOf = memo ? ((h) => (text) => h.hash(text))(memo(options.algorithm)) : (text) => hashSource(text, options.algorithm)
    for (const scan of scans) for (const item of scan.inline) if (options.hash[HASH_OPTION_OF[item.kind]]) sink += hashOf(item.text).length
    took('hash', t)

    // Not timed: analysePage again (scan and hash, measured above) for the analysis composePage takes.
    const analyses = read.map((r) => analysePage(r, options))
    t = performance.now()
    const results = read.map((r, i) => composePage(r, analyses[i], ctx))
    took('policy', t)

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
      const head = single ? encodeWindows1252(edited) : encodeUtf8(edited)
      prepared.push(prepareWrite(source.file, [head, tail], { cleanStale: false }))
      written++
    }
    took('write', t)
  }
  pages += site.pages
  bytes += site.bytes
}
const t = performance.now()
for (const p of prepared) commitWrite(p)
ms.write += performance.now() - t
// The renames are the whole run's (each site's share of them is not timed apart).
console.log(JSON.stringify({ pages, bytes, written, ms, sink: sink > 0, ...(bySite ? { sites } : {}) }))
