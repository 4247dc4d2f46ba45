import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

/**
 * A small linked site for `check --browser`: `pages` pages, each with an inline script and style, a
 * style="" attribute, a theme button (an inline handler), a search field and links to the next three
 * pages, so the visit loads, clicks, switches and searches as it would on a documentation site.
 */
export function generateBrowserSite(dir, pages) {
  mkdirSync(dir, { recursive: true })
  const name = (i) => (i === 0 ? 'index.html' : `page-${i}.html`)
  for (let i = 0; i < pages; i++) {
    const links = [1, 2, 3].map((d) => (i + d) % pages).filter((j) => j !== i).map((j) => `<a href="/${name(j)}">Page ${j}</a>`)
    writeFileSync(
      join(dir, name(i)),
      `<!doctype html>
<html>
<head>
<meta charset="utf-8">
<title>Page ${i}</title>
<style>.p${i} { color: rgb(0, ${i % 256}, 0) }</style>
</head>
<body>
<button class="theme-toggle" aria-label="Toggle dark theme" onclick="document.documentElement.classList.toggle('dark')">Theme</button>
<input type="search" aria-label="Search">
<nav>${links.join(' ')}</nav>
<p class="p${i}" style="margin: ${i % 7}px">Page ${i}</p>
<script>window.page = ${i}</script>
</body>
</html>
`,
    )
  }
}
