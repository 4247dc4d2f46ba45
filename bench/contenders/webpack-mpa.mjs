import { mkdirSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join } from 'node:path'

// `webpack` (5, production mode) of a many-page app, with or without @cspkit/webpack: the plugin's
// build overhead. Each page is an html-webpack-plugin output (minified, as by default) with an inline
// script and style of its own, loading one of ten entry chunks.
//
//   node bench/contenders/webpack-mpa.mjs <app dir> <out dir> with|without|strict <pages>
const require = createRequire(import.meta.url)
const webpack = require('webpack')
const HtmlWebpackPlugin = require('html-webpack-plugin')
const [root, outDir, mode, count] = process.argv.slice(2)
const pages = Number(count)

/** The app's sources (written by the runner once, before the runs: `generate` as the mode). */
if (mode === 'generate') {
  mkdirSync(join(root, 'src'), { recursive: true })
  writeFileSync(join(root, 'src', 'shared.js'), 'export const shared = 1\nwindow.__shared = shared\n')
  for (let m = 0; m < 10; m++) writeFileSync(join(root, 'src', `entry-${m}.js`), `import { shared } from './shared.js'\ndocument.body.dataset.entry = '${m}' + shared\n`)
  process.exit(0)
}

const plugins = []
for (let n = 0; n < pages; n++) {
  const paragraphs = Array.from({ length: 40 }, (_, i) => `<p>Paragraph ${i} of page ${n}.</p>`).join('\n')
  plugins.push(
    new HtmlWebpackPlugin({
      filename: `group-${Math.floor(n / 50)}/page-${n}.html`,
      chunks: [`entry-${n % 10}`],
      templateContent: `<!doctype html>
<html>
<head>
<meta charset="utf-8">
<title>Page ${n}</title>
<style>.p${n} { color: rgb(${n % 256}, 0, 0) }</style>
<script>window.__page = ${n}</script>
</head>
<body class="p${n}">
<h1 style="margin: 0">Page ${n}</h1>
${paragraphs}
</body>
</html>
`,
    }),
  )
}
if (mode !== 'without') plugins.push(require('@cspkit/webpack')(mode === 'strict' ? { strict: true } : {}))
const entry = Object.fromEntries(Array.from({ length: 10 }, (_, m) => [`entry-${m}`, join(root, 'src', `entry-${m}.js`)]))
const stats = await new Promise((ok, fail) =>
  webpack({ mode: 'production', context: root, entry, output: { path: outDir, filename: '[name].[contenthash].js', clean: true }, plugins, infrastructureLogging: { level: 'error' } }, (err, s) =>
    err ? fail(err) : ok(s),
  ),
)
if (stats.hasErrors()) {
  console.error(stats.toString('errors-only'))
  process.exit(1)
}
