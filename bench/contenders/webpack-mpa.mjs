import { mkdirSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import { mpaPage, mpaPagePath } from '../generate-mpa.mjs'

// `webpack` (5, production mode) of a many-page app, with or without @cspkit/webpack: the plugin's
// build overhead. Each page is an html-webpack-plugin output (minified, as by default) of the Vite
// app's page template (generate-mpa.mjs), loading one of ten entry chunks.
// With the plugin it also records, from inside the build, what the plugin itself costs: loading it
// (require and factory) and its processAssets hook, to BENCH_VITE_FILE as JSON.
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
for (let n = 0; n < pages; n++) plugins.push(new HtmlWebpackPlugin({ filename: mpaPagePath(n), chunks: [`entry-${n % 10}`], templateContent: mpaPage(n) }))
const own = { loadMs: 0, hookMs: 0, hook: 'processAssets' }
if (mode !== 'without') {
  const started = performance.now()
  const cspkit = require('@cspkit/webpack')(mode === 'strict' ? { strict: true } : {})
  own.loadMs = performance.now() - started
  // Times cspkit's own processAssets tap: tapable's register interceptor sees each tap as it is made.
  plugins.push({
    apply(compiler) {
      compiler.hooks.thisCompilation.tap('bench', (compilation) =>
        compilation.hooks.processAssets.intercept({
          register(tap) {
            if (tap.name !== 'cspkit') return tap
            const fn = tap.fn
            return { ...tap, fn: (...args) => {
              const hookStarted = performance.now()
              try {
                return fn(...args)
              } finally {
                own.hookMs += performance.now() - hookStarted
              }
            } }
          },
        }),
      )
    },
  }, cspkit)
}
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
if (process.env.BENCH_VITE_FILE) writeFileSync(process.env.BENCH_VITE_FILE, JSON.stringify(own))
