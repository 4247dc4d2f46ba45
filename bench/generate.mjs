import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

/**
 * A deterministic static site like a docs or blog generator writes: pages of 20–200 KB, each with
 * inline scripts (some shared by every page, some unique), inline styles, style="" attributes and
 * event handlers, in nested folders.
 */

/** Small seeded PRNG (mulberry32) so every run measures the same site. */
export function random(seed) {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const WORDS = 'csp policy hash inline script style header meta browser static site page build output folder strict source directive nonce chunk'.split(' ')

function paragraph(rand, i) {
  const words = Array.from({ length: 60 + Math.floor(rand() * 60) }, () => WORDS[Math.floor(rand() * WORDS.length)])
  const styled = i % 7 === 0 ? ` style="margin-top: ${i % 13}px"` : ''
  return `<p${styled}>${words.join(' ')} <a href="/p/${i}">link ${i}</a></p>`
}

export function generatePage(n, rand) {
  const target = 20_000 + Math.floor(rand() * 180_000)
  const head = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1">
<title>Page ${n}</title>
<link rel="stylesheet" href="/assets/site.css">
<script>document.documentElement.classList.toggle('dark', localStorage.theme === 'dark')</script>
<script type="module" src="/assets/app.js"></script>
<style>.page-${n} main { max-width: ${40 + (n % 30)}rem }</style>
<script type="application/ld+json">{"@type":"Article","name":"Page ${n}"}</script>
</head>
<body class="page-${n}">
<nav><button onclick="toggleMenu()">Menu</button></nav>
<main>
`
  const parts = [head]
  let size = head.length
  let i = 0
  while (size < target) {
    const chunk =
      i % 40 === 39
        ? `<script>window.__section${i} = { page: ${n}, section: ${i}, at: ${Math.floor(rand() * 1e6)} }</script>`
        : i % 55 === 54
          ? `<style>.s${i} { color: #${Math.floor(rand() * 0xffffff).toString(16).padStart(6, '0')} }</style>`
          : paragraph(rand, i)
    parts.push(chunk, '\n')
    size += chunk.length + 1
    i++
  }
  parts.push(`</main>
<script>window.__PAGE_DATA__ = JSON.parse(${JSON.stringify(JSON.stringify({ page: n, title: `Page ${n}` }))})</script>
</body>
</html>
`)
  return parts.join('')
}

/** Writes `count` pages below `dir`; returns the total bytes. */
export function generateSite(dir, count, seed = 1) {
  const rand = random(seed)
  let bytes = 0
  for (let n = 0; n < count; n++) {
    const folder = join(dir, `section-${n % 20}`, `group-${Math.floor(n / 100)}`)
    mkdirSync(folder, { recursive: true })
    const html = generatePage(n, rand)
    writeFileSync(join(folder, n % 10 === 0 ? 'index.html' : `page-${n}.html`), html)
    bytes += Buffer.byteLength(html)
  }
  mkdirSync(join(dir, 'assets'), { recursive: true })
  writeFileSync(join(dir, 'assets/site.css'), 'body { font-family: sans-serif }\n')
  writeFileSync(join(dir, 'assets/app.js'), 'window.toggleMenu = () => {}\n')
  return bytes
}
