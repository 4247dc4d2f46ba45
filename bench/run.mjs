import { spawn } from 'node:child_process'
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { availableParallelism, cpus, tmpdir, totalmem } from 'node:os'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { generateSite } from './generate.mjs'
import { generateMpa } from './generate-mpa.mjs'
import { generateBrowserSite } from './generate-browser.mjs'

/**
 * `pnpm bench`: times cspkit's directory mode against its peers and a floor on a generated 2,000-page
 * site, and the Vite plugin's overhead on a 500-page multi-page app. Every measured run is its own
 * child process (wall time measured here, peak memory reported by the child). Prints figures; asserts
 * nothing.
 *
 *   node bench/run.mjs [--pages 2000] [--mpa 500] [--runs 1] [--vite-runs 11] [--browser-pages 20] [--skip netlify,vite,browser]
 */

const HERE = fileURLToPath(new URL('.', import.meta.url))
const ROOT = resolve(HERE, '..')
const { values: args } = parseArgs({
  options: {
    pages: { type: 'string', default: '2000' },
    mpa: { type: 'string', default: '500' },
    runs: { type: 'string', default: '1' },
    'vite-runs': { type: 'string', default: '11' },
    'browser-pages': { type: 'string', default: '20' },
    skip: { type: 'string', default: '' },
  },
})
const PAGES = Number(args.pages)
const MPA_PAGES = Number(args.mpa)
const RUNS = Math.max(1, Number(args.runs))
const VITE_RUNS = Math.max(1, Number(args['vite-runs']))
const SKIP = new Set(args.skip.split(',').filter(Boolean))
const BROWSER_PAGES = Math.max(2, Number(args['browser-pages']))
/** A run that takes longer than this is stopped (its own child only) and reported as such. */
const LIMIT_MS = 20 * 60_000

const CSPKIT = join(ROOT, 'packages/cli/dist/bin.js')
const CONTENDERS = [
  { name: 'floor (read, hash, write)', key: 'floor', argv: (dir) => [join(HERE, 'contenders/floor.mjs'), dir] },
  { name: 'cspkit build', key: 'cspkit', argv: (dir) => [CSPKIT, 'build', dir, '--quiet', '--no-progress'] },
  { name: 'cspkit build --workers 0', key: 'cspkit-1', argv: (dir) => [CSPKIT, 'build', dir, '--quiet', '--no-progress', '--workers', '0'] },
  // Site scope's cost: 'page' skips router detection, 'site' adds the pass that collects the union.
  { name: 'cspkit build --scope page', key: 'cspkit-page', argv: (dir) => [CSPKIT, 'build', dir, '--quiet', '--no-progress', '--scope', 'page'] },
  { name: 'cspkit build --scope site', key: 'cspkit-site', argv: (dir) => [CSPKIT, 'build', dir, '--quiet', '--no-progress', '--scope', 'site'] },
  // The JavaScript analysis' cost: the same site with real libraries' bundles beside the pages.
  { name: 'cspkit build, + real JS bundles', key: 'cspkit-js', prepare: addRealScripts, argv: (dir) => [CSPKIT, 'build', dir, '--quiet', '--no-progress'] },
  { name: 'cheerio pipeline', key: 'cheerio', argv: (dir) => [join(HERE, 'contenders/cheerio.mjs'), dir] },
  // jsdom for every page at once needs more than Node's default heap on large sites.
  { name: 'netlify-plugin-csp-generator', key: 'netlify', argv: (dir) => ['--max-old-space-size=16384', join(HERE, 'contenders/netlify-plugin-csp-generator.mjs'), dir] },
]

/** Runs `node argv` in a child with the peak-memory hook; resolves wall time (ms), peak RSS (MB) and exit code. */
function measure(argv, cwd = ROOT, env = {}) {
  const peakFile = join(work, `peak-${process.hrtime.bigint()}`)
  return new Promise((ok) => {
    const started = performance.now()
    const child = spawn(process.execPath, ['--import', join(HERE, 'peak-memory.mjs'), ...argv], {
      cwd,
      env: { ...process.env, ...env, BENCH_PEAK_FILE: peakFile },
      stdio: ['ignore', 'ignore', 'pipe'],
    })
    let stderr = ''
    child.stderr.on('data', (d) => (stderr += d))
    const timer = setTimeout(() => child.kill('SIGKILL'), LIMIT_MS)
    child.on('exit', (code, signal) => {
      clearTimeout(timer)
      const ms = performance.now() - started
      let peakMb
      try {
        peakMb = Number(readFileSync(peakFile, 'utf8')) / 1024
      } catch {
        peakMb = NaN
      }
      ok({ ms, peakMb, code: code ?? signal, stderr: stderr.trim().split('\n').slice(-3).join(' | ') })
    })
  })
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]

/**
 * A 95% interval for the median of `xs` by the percentile bootstrap (2,000 resamples, a fixed seed so
 * the same runs print the same interval): how far the machine's noise leaves the figure uncertain.
 */
function medianInterval(xs) {
  let seed = 1
  const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31)
  const medians = Array.from({ length: 2000 }, () => median(Array.from(xs, () => xs[Math.floor(rand() * xs.length)])))
  medians.sort((a, b) => a - b)
  return [medians[Math.floor(medians.length * 0.025)], medians[Math.floor(medians.length * 0.975)]]
}
const fmtS = (ms) => `${(ms / 1000).toFixed(2)} s`
const pad = (s, n) => String(s).padEnd(n)

/** Real libraries' browser bundles (from this repo's dev dependencies), for the script-analysis figure. */
const REAL_SCRIPTS = ['mapbox-gl/dist/mapbox-gl.js', 'posthog-js/dist/array.full.js', 'react-dom/cjs/react-dom-client.production.js', 'vitepress/dist/client/app/index.js']
  .map((p) => join(ROOT, 'node_modules', p))
  .filter((p) => existsSync(p))
const REAL_SCRIPTS_BYTES = REAL_SCRIPTS.reduce((n, p) => n + readFileSync(p).length, 0) * 3
function addRealScripts(dir) {
  mkdirSync(join(dir, 'assets/vendor'), { recursive: true })
  // Three copies each, as chunks: a docs site's few megabytes of JavaScript.
  for (const [i, p] of REAL_SCRIPTS.entries()) for (let k = 0; k < 3; k++) cpSync(p, join(dir, `assets/vendor/chunk-${i}-${k}.js`))
}

const work = mkdtempSync(join(tmpdir(), 'cspkit-bench-'))
process.on('exit', () => rmSync(work, { recursive: true, force: true }))
process.on('SIGINT', () => process.exit(130))

console.log(`cspkit bench: ${cpus()[0]?.model ?? 'unknown CPU'}, ${availableParallelism()} cores, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`)

// ---- directory mode ---------------------------------------------------------------------------
const master = join(work, 'site')
const bytes = generateSite(master, PAGES)
console.log(`\nSite: ${PAGES} pages, ${(bytes / 2 ** 20).toFixed(0)} MiB of HTML (20–200 KB a page, inline scripts, styles, attributes)\n`)

const results = new Map()
for (const c of CONTENDERS) {
  if (SKIP.has(c.key)) continue
  const runs = []
  for (let r = 0; r < RUNS; r++) {
    const dir = join(work, `run-${c.key}-${r}`)
    cpSync(master, dir, { recursive: true })
    c.prepare?.(dir)
    runs.push(await measure(c.argv(dir)))
    rmSync(dir, { recursive: true, force: true })
  }
  const failed = runs.find((x) => x.code !== 0)
  const result = { name: c.name, ms: median(runs.map((x) => x.ms)), peakMb: Math.max(...runs.map((x) => x.peakMb)), failed }
  results.set(c.key, result)
  console.log(
    `${pad(c.name, 34)} ${pad(failed ? `failed (${failed.code}): ${failed.stderr}` : fmtS(result.ms), 12)} peak ${result.peakMb.toFixed(0)} MB`,
  )
}

// Memory flat in the number of pages: the same run on a quarter of the site.
if (!SKIP.has('cspkit') && PAGES >= 400) {
  const quarter = join(work, 'quarter')
  generateSite(quarter, Math.floor(PAGES / 4))
  const q = await measure([CSPKIT, 'build', quarter, '--quiet', '--no-progress'])
  console.log(`${pad(`cspkit build, ${Math.floor(PAGES / 4)} pages`, 34)} ${pad(fmtS(q.ms), 12)} peak ${q.peakMb.toFixed(0)} MB`)
  results.set('cspkit-quarter', { ms: q.ms, peakMb: q.peakMb })
}

const cs = results.get('cspkit')
const floor = results.get('floor')
const peers = ['cheerio', 'netlify'].map((k) => results.get(k)).filter((r) => r && !r.failed)
console.log('\nRatios')
if (cs && peers.length > 0) {
  const fastest = peers.reduce((a, b) => (a.ms <= b.ms ? a : b))
  console.log(`  fastest peer / cspkit   ${(fastest.ms / cs.ms).toFixed(1)}×  (${fastest.name}; target ≥ 10×)`)
  for (const p of peers) console.log(`  ${pad(p.name, 28)} / cspkit  ${(p.ms / cs.ms).toFixed(1)}×`)
}
if (cs && floor) console.log(`  cspkit / floor          ${(cs.ms / floor.ms).toFixed(2)}×  (target ≤ 3×)`)
const page = results.get('cspkit-page')
const site = results.get('cspkit-site')
const js = results.get('cspkit-js')
if (page && site) console.log(`  site scope / page scope  ${(site.ms / page.ms).toFixed(2)}×  (${fmtS(site.ms - page.ms)} for the union pass)`)
if (page && cs) console.log(`  auto / page scope        ${(cs.ms / page.ms).toFixed(2)}×  (router detection)`)
if (js && cs) console.log(`  + ${(REAL_SCRIPTS_BYTES / 2 ** 20).toFixed(1)} MiB of JS: ${fmtS(js.ms - cs.ms)} more (${((REAL_SCRIPTS_BYTES / 2 ** 20) / Math.max(0.001, (js.ms - cs.ms) / 1000)).toFixed(0)} MiB/s of script analysis, end to end)`)
const q = results.get('cspkit-quarter')
if (cs && q) console.log(`  cspkit peak memory, ${PAGES} vs ${Math.floor(PAGES / 4)} pages: ${cs.peakMb.toFixed(0)} MB vs ${q.peakMb.toFixed(0)} MB`)

// ---- vite build overhead ----------------------------------------------------------------------
if (!SKIP.has('vite')) {
  // The app and its output live in memory where the OS offers it (/dev/shm): the plugin costs CPU,
  // and a virtual disk's jitter (±150 ms a build here) would bury a difference of a few percent.
  const base = existsSync('/dev/shm') ? mkdtempSync(join('/dev/shm', 'cspkit-bench-')) : work
  if (base !== work) process.on('exit', () => rmSync(base, { recursive: true, force: true }))
  const app = join(base, 'mpa')
  const input = JSON.stringify(generateMpa(app, MPA_PAGES))
  console.log(`\nvite build, ${MPA_PAGES}-page multi-page app (each with an inline script and style), in ${base === work ? 'the temp dir' : '/dev/shm'}, ${VITE_RUNS} runs each`)
  const times = { without: [], with: [] }
  const own = { loadMs: [], hookMs: [] }
  const ownFile = join(work, 'vite-own.json')
  // Alternate the two so drift (caches, thermal, neighbours) hits both alike; one warm-up of each first.
  for (let r = 0; r < VITE_RUNS + 1; r++) {
    for (const mode of ['without', 'with']) {
      const m = await measure([join(HERE, 'contenders/vite-mpa.mjs'), app, join(base, `mpa-out-${mode}`), mode, input], ROOT, { BENCH_VITE_FILE: ownFile })
      if (m.code !== 0) console.log(`  ${mode} plugin failed (${m.code}): ${m.stderr}`)
      if (r === 0) continue
      times[mode].push(m.ms)
      if (mode === 'with') {
        const o = JSON.parse(readFileSync(ownFile, 'utf8'))
        own.loadMs.push(o.loadMs)
        own.hookMs.push(o.hookMs)
      }
    }
  }
  const without = median(times.without)
  const withPlugin = median(times.with)
  const load = median(own.loadMs)
  const hook = median(own.hookMs)
  console.log(`  without @cspkit/vite  ${fmtS(without)}`)
  console.log(`  with @cspkit/vite     ${fmtS(withPlugin)}`)
  // Each run with the plugin follows one without it: the pair shares the machine's drift of the moment.
  const differences = times.with.map((ms, i) => ms - times.without[i])
  const paired = median(differences)
  const [low, high] = medianInterval(differences).map((ms) => ((ms / without) * 100).toFixed(1))
  console.log(`  overhead              ${((paired / without) * 100).toFixed(1)}%  (target ≤ 5%; median of the ${VITE_RUNS} paired differences of whole \`vite build\` processes, 95% interval ${low}–${high}%)`)
  console.log(`  difference of medians ${(((withPlugin - without) / without) * 100).toFixed(1)}%`)
  console.log(`  measured inside the build: loading the plugin ${load.toFixed(0)} ms + its generateBundle hook ${hook.toFixed(0)} ms = ${(load + hook).toFixed(0)} ms, ${(((load + hook) / without) * 100).toFixed(1)}% of the build without it`)
}

// ---- check --browser ----------------------------------------------------------------------------
if (!SKIP.has('browser')) {
  const chromium = process.env.CSPKIT_CHROMIUM || '/usr/bin/chromium'
  if (!existsSync(chromium)) console.log(`\ncheck --browser: skipped, no Chromium at ${chromium} (set CSPKIT_CHROMIUM)`)
  else {
    const site = join(work, 'browser-site')
    generateBrowserSite(site, BROWSER_PAGES)
    const built = await measure([CSPKIT, 'build', site, '--quiet', '--no-progress'])
    if (built.code !== 0) console.log(`\ncheck --browser: the build failed (${built.code}): ${built.stderr}`)
    else {
      console.log(`\ncheck --browser, a ${BROWSER_PAGES}-page linked site (each page: load, theme switch, search, link clicks), ${RUNS} run${RUNS === 1 ? '' : 's'}`)
      // One page, then all: the difference is what each further page costs; the rest is starting Chromium.
      const one = []
      const all = []
      for (let r = 0; r < RUNS; r++) {
        one.push(await measure([CSPKIT, 'check', site, '--browser', '--max-pages', '1']))
        all.push(await measure([CSPKIT, 'check', site, '--browser', '--max-pages', String(BROWSER_PAGES)]))
      }
      const failed = [...one, ...all].find((m) => m.code !== 0)
      if (failed) console.log(`  failed (${failed.code}): ${failed.stderr}`)
      const t1 = median(one.map((m) => m.ms))
      const tn = median(all.map((m) => m.ms))
      console.log(`  1 page                ${fmtS(t1)}  (mostly starting Chromium)`)
      console.log(`  ${pad(`${BROWSER_PAGES} pages`, 21)} ${fmtS(tn)}, peak ${Math.max(...all.map((m) => m.peakMb)).toFixed(0)} MB (the CLI's own process)`)
      console.log(`  per further page      ${((tn - t1) / (BROWSER_PAGES - 1) / 1000).toFixed(2)} s`)
    }
  }
}
