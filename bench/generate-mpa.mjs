import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

/**
 * A Vite multi-page app of `count` pages: each page has an inline script and style of its own and
 * loads one of ten shared entry modules. Returns Rollup's input map.
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
    const dir = join(root, 'pages', `group-${Math.floor(n / 50)}`)
    mkdirSync(dir, { recursive: true })
    const file = join(dir, `page-${n}.html`)
    const paragraphs = Array.from({ length: 40 }, (_, i) => `<p>Paragraph ${i} of page ${n}.</p>`).join('\n')
    writeFileSync(
      file,
      `<!doctype html>
<html>
<head>
<meta charset="utf-8">
<title>Page ${n}</title>
<style>.p${n} { color: rgb(${n % 256}, 0, 0) }</style>
<script>window.__page = ${n}</script>
<script type="module" src="/src/entry-${n % 10}.js"></script>
</head>
<body class="p${n}">
<h1 style="margin: 0">Page ${n}</h1>
${paragraphs}
</body>
</html>
`,
    )
    input[`page-${n}`] = file
  }
  return input
}
