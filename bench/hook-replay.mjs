import { execFileSync } from 'node:child_process'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { generateMpa } from './generate-mpa.mjs'
import { median } from './lib/measure.mjs'

// The Vite plugin's own cost, apart from the build around it: on a machine whose cores other work
// shares, whole builds vary by more than the plugin takes. The bundle Vite 8 hands the plugin's
// generateBundle hook (HTML assets, chunks, module ids) is captured from a real build once; each run
// is then a fresh process that loads a core bundle, makes the plugin and gives it that bundle, once,
// cold as in a build, timed by CPU time with V8's compiler and GC on the same thread
// (`--single-threaded`), which other processes' load moves far less than wall time.
//
//   node bench/hook-replay.mjs capture <pages> <bundle.json>          build the generate-mpa app, keep its bundle
//   node bench/hook-replay.mjs run <core bundle.js> <bundle.json>     one cold run: {"load": ms, "hook": ms}
//   node bench/hook-replay.mjs ab <core A.js> <core B.js> <bundle.json> [pairs=10]
//                                                                     A and B alternating: medians, minimums, paired difference
// A core bundle is packages/core/dist/bundle.js, or a copy of it (kept inside packages/core, where it
// finds its dependencies) from another commit's build.
const HERE = fileURLToPath(new URL('.', import.meta.url))
const [command, ...rest] = process.argv.slice(2)
const cpuMs = () => {
  const c = process.cpuUsage()
  return (c.user + c.system) / 1000
}

if (command === 'capture') {
  const [pages, out] = rest
  const { build } = await import('vite')
  const root = resolve(`${out}.app`)
  const input = existsSync(join(root, 'inputs.json')) ? JSON.parse(readFileSync(join(root, 'inputs.json'), 'utf8')) : generateMpa(root, Number(pages))
  const capture = {
    name: 'capture',
    enforce: 'post',
    generateBundle: {
      order: 'post',
      handler(_options, bundle) {
        const items = Object.values(bundle).map((o) => ({
          type: o.type,
          fileName: o.fileName,
          ...(o.type === 'asset' ? { source: typeof o.source === 'string' ? o.source : Buffer.from(o.source).toString() } : { code: o.code, moduleIds: o.moduleIds }),
        }))
        writeFileSync(out, JSON.stringify(items))
      },
    },
  }
  await build({ root, configFile: false, logLevel: 'silent', plugins: [capture], build: { write: false, rollupOptions: { input } } })
} else if (command === 'run') {
  const [core, dump] = rest
  const bundle = Object.fromEntries(JSON.parse(readFileSync(dump, 'utf8')).map((o) => [o.fileName, o]))
  const started = cpuMs()
  const { vitePlugin } = await import(resolve(core))
  const plugin = vitePlugin({})[0]
  const loaded = cpuMs()
  plugin.configResolved({ logger: { info() {}, warn() {} }, root: resolve(`${dump}.app`), publicDir: resolve(`${dump}.app`, 'public') })
  const context = { warn() {}, error: (m) => { throw new Error(m) }, emitFile() {} }
  const hookStarted = cpuMs()
  plugin.generateBundle.handler.call(context, {}, bundle)
  console.log(JSON.stringify({ load: loaded - started, hook: cpuMs() - hookStarted }))
} else if (command === 'ab') {
  const [a, b, dump, pairs = '10'] = rest
  const runs = { A: [], B: [] }
  for (let i = 0; i < Number(pairs); i++) {
    for (const key of i % 2 ? ['A', 'B'] : ['B', 'A']) {
      const out = execFileSync(process.execPath, ['--single-threaded', join(HERE, 'hook-replay.mjs'), 'run', key === 'A' ? a : b, dump], { encoding: 'utf8' })
      runs[key].push(JSON.parse(out))
    }
  }
  for (const field of ['load', 'hook']) {
    const A = runs.A.map((r) => r[field])
    const B = runs.B.map((r) => r[field])
    console.log(`${field}: A median ${median(A).toFixed(1)} ms (min ${Math.min(...A).toFixed(1)}), B median ${median(B).toFixed(1)} ms (min ${Math.min(...B).toFixed(1)}), B − A paired median ${median(B.map((x, i) => x - A[i])).toFixed(1)} ms`)
  }
} else {
  console.error('[cspkit bench] usage: node bench/hook-replay.mjs capture <pages> <bundle.json> | run <core bundle.js> <bundle.json> | ab <core A.js> <core B.js> <bundle.json> [pairs]')
  process.exit(2)
}
