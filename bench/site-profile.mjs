import { readdirSync, readFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'

/**
 * What a folder of pages holds, and how much of it cspkit's exact fast scanner takes: a child process
 * of bench/run.mjs (it loads the built core), printing one JSON line.
 *
 *   node bench/site-profile.mjs <dir>
 *
 * Description: page count, bytes, page sizes, and for each construct the share of pages that have it
 * (regexes over the bytes, not cspkit's scan, so the description does not depend on the scanner it
 * measures). Coverage: pages and bytes for which the fast scanner answers (the rest go to parse5),
 * with the first construct it does not model on each of the others (`fastScanWithReason`), and the
 * inline items cspkit's scan finds, by kind.
 */
const CORE = fileURLToPath(new URL('../packages/core/dist/', import.meta.url))
const fastScan = await import(join(CORE, 'html/fast-scan.js'))
const { scanPage } = await import(join(CORE, 'html/scan.js'))
/** The fast scanner's answer for a page: its scan, or (as a string) the first construct it does not model. */
const fastScanWithReason = fastScan.fastScanWithReason ?? ((html) => fastScan.fastScanPage(html) ?? 'unknown (this core does not say why)')

/** Constructs real pages have, as the generator's description names them; each a test over a page's Latin-1 text. */
export const CONSTRUCTS = {
  'inline <script>': /<script(?![^>]*\ssrc\s*=)[^>]*>(?!<\/script>)/i,
  'JSON-LD': /<script[^>]*type\s*=\s*["']?application\/ld\+json/i,
  'inline <style>': /<style[\s>]/i,
  'style=""': /\sstyle\s*=/i,
  'event handler': /\son[a-z]+\s*=/i,
  'javascript: URL': /\s(?:href|src|action|formaction)\s*=\s*["']?\s*javascript:/i,
  '<template>': /<template[\s>]/i,
  'custom element': /<[a-z][a-z0-9]*-[a-z0-9-]*[\s>]/i,
  '<table>': /<table[\s>]/i,
  '<form>': /<form[\s>]/i,
  '<iframe>': /<iframe[\s>]/i,
  'inline <svg>': /<svg[\s>]/i,
  '<svg> with <style> or style=""': /<svg[\s>](?:(?!<\/svg>)[\s\S])*?(?:<style|\sstyle\s*=)/i,
  'MathML': /<math[\s>]/i,
  '<noscript>': /<noscript[\s>]/i,
  'comment': /<!--(?!\[if)/,
  'conditional comment': /<!--\[if/i,
  'CSP meta of its own': /<meta[^>]*http-equiv\s*=\s*["']?content-security-policy/i,
  'CRLF line ends': /\r\n/,
  'BOM': /^\xef\xbb\xbf/,
  'non-UTF-8 charset declared': /<meta[^>]*charset\s*=\s*["']?(?!utf-8)[a-z]/i,
}

export function htmlFiles(dir) {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && /\.html?$/i.test(e.name))
    .map((e) => join(e.parentPath, e.name))
    .sort()
}

const UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true })
const readText = await import(join(CORE, 'fs/read-text.js'))
/** Directory mode's decoding: UTF-8, or windows-1252 where a page declares it (a core that has decodePage). */
const decodePage = readText.decodePage ?? ((bytes) => ({ html: UTF8.decode(bytes) }))

function profile(dir) {
  const files = htmlFiles(dir)
  const sizes = []
  const constructs = Object.fromEntries(Object.keys(CONSTRUCTS).map((k) => [k, 0]))
  const kinds = {}
  const refusals = {}
  let bytes = 0
  let fastPages = 0
  let fastBytes = 0
  let notUtf8 = 0
  let notUtf8Bytes = 0
  let inlineItems = 0
  const slowPages = []
  for (const file of files) {
    const buf = readFileSync(file)
    sizes.push(buf.length)
    bytes += buf.length
    const latin1 = buf.toString('latin1')
    for (const [name, re] of Object.entries(CONSTRUCTS)) if (re.test(latin1)) constructs[name]++
    let html
    try {
      html = decodePage(buf, file).html
    } catch {
      // Directory mode reports such a page and leaves it alone: neither path scans it.
      notUtf8++
      notUtf8Bytes += buf.length
      continue
    }
    const fast = fastScanWithReason(html)
    if (typeof fast !== 'string') {
      fastPages++
      fastBytes += buf.length
    } else {
      if (slowPages.length < 5) slowPages.push(relative(dir, file))
      refusals[fast] = (refusals[fast] ?? 0) + 1
    }
    for (const item of scanPage(html).inline) {
      kinds[item.kind] = (kinds[item.kind] ?? 0) + 1
      inlineItems++
    }
  }
  sizes.sort((a, b) => a - b)
  const at = (q) => sizes[Math.min(sizes.length - 1, Math.floor(q * sizes.length))] ?? 0
  const scanned = files.length - notUtf8
  return {
    pages: files.length,
    bytes,
    size: { min: sizes[0] ?? 0, p10: at(0.1), median: at(0.5), p90: at(0.9), max: sizes[sizes.length - 1] ?? 0 },
    constructs,
    inlineItems,
    kinds,
    coverage: { scanned, scannedBytes: bytes - notUtf8Bytes, fastPages, fastBytes, notUtf8, slowPages, refusals },
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) console.log(JSON.stringify(profile(process.argv[2])))
