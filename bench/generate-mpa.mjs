import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

/**
 * Page `n` of the many-page apps (Vite and webpack): an inline script and style of its own, a
 * `style=""`, 40 paragraphs. `head` is what the bundler does not add itself (Vite: the page's entry
 * module; html-webpack-plugin injects its chunk).
 */
export function mpaPage(n, head = '') {
  const paragraphs = Array.from({ length: 40 }, (_, i) => `<p>Paragraph ${i} of page ${n}.</p>`).join('\n')
  return `<!doctype html>
<html>
<head>
<meta charset="utf-8">
<title>Page ${n}</title>
<style>.p${n} { color: rgb(${n % 256}, 0, 0) }</style>
<script>window.__page = ${n}</script>
${head}</head>
<body class="p${n}">
<h1 style="margin: 0">Page ${n}</h1>
${paragraphs}
</body>
</html>
`
}

/** Where page `n` goes, in groups of 50 (the output file name too, without the `pages/` folder). */
export function mpaPagePath(n) {
  return `group-${Math.floor(n / 50)}/page-${n}.html`
}

/**
 * A Vite multi-page app of `count` pages: each page has an inline script and style of its own and
 * loads one of ten shared entry modules. Returns Rollup's input map, also written to
 * `<root>/inputs.json` (5,000 pages' map is longer than one command-line argument may be).
 */
export function generateMpa(root, count) {
  const input = {}
  mkdirSync(join(root, 'src'), { recursive: true })
  for (let m = 0; m < 10; m++) {
    writeFileSync(join(root, 'src', `entry-${m}.js`), `import './shared.js'\nimport './entry-${m}.css'\ndocument.body.dataset.entry = '${m}'\n`)
    writeFileSync(join(root, 'src', `entry-${m}.css`), `body { --entry: ${m} }\n`)
  }
  writeFileSync(join(root, 'src', 'shared.js'), 'export const shared = 1\nwindow.__shared = shared\n')
  for (let n = 0; n < count; n++) {
    const file = join(root, 'pages', mpaPagePath(n))
    if (n % 50 === 0) mkdirSync(join(file, '..'), { recursive: true })
    writeFileSync(file, mpaPage(n, `<script type="module" src="/src/entry-${n % 10}.js"></script>\n`))
    input[`page-${n}`] = file
  }
  writeFileSync(join(root, 'inputs.json'), JSON.stringify(input))
  return input
}
