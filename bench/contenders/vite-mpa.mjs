import { readFileSync, writeFileSync } from 'node:fs'
import { build } from 'vite'

// `vite build` of a many-page app, with or without @cspkit/vite (mode `with`, or `strict` for its
// strict option): the plugin's build overhead.
// With the plugin it also records, from inside the build, what the plugin itself costs: loading it
// (import and factory) and its generateBundle hook, to BENCH_VITE_FILE as JSON.
//
//   node bench/contenders/vite-mpa.mjs <app dir> <out dir> with|without|strict <inputs.json>
// (the input map is a file: 5,000 pages' map is longer than one command-line argument may be).
const [root, outDir, mode, inputsFile] = process.argv.slice(2)
const plugins = []
const own = { loadMs: 0, hookMs: 0 }
if (mode === 'with' || mode === 'strict') {
  const started = performance.now()
  const { default: csp } = await import('@cspkit/vite')
  const plugin = csp(mode === 'strict' ? { strict: true } : {})
  own.loadMs = performance.now() - started
  const hook = plugin[0].generateBundle
  const handler = hook.handler
  hook.handler = function (...args) {
    const hookStarted = performance.now()
    try {
      return handler.apply(this, args)
    } finally {
      own.hookMs = performance.now() - hookStarted
    }
  }
  plugins.push(plugin)
}
await build({
  root,
  configFile: false,
  logLevel: 'silent',
  plugins,
  build: { outDir, emptyOutDir: true, rollupOptions: { input: JSON.parse(readFileSync(inputsFile, 'utf8')) } },
})
if (process.env.BENCH_VITE_FILE) writeFileSync(process.env.BENCH_VITE_FILE, JSON.stringify(own))
