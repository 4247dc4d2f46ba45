import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statfsSync, statSync } from 'node:fs'
import { availableParallelism, cpus, loadavg, tmpdir, totalmem } from 'node:os'
import { dirname, join, relative, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import * as generator from './generate.mjs'
import { generateMpa } from './generate-mpa.mjs'
import { generateBrowserSite } from './generate-browser.mjs'
import { fmtMiB, fmtS, lastJson, measure as measureIn, median, medianInterval, pad, pct } from './lib/measure.mjs'
import { REAL_SITES, buildRealSites, cachedRealSite } from './real-sites.mjs'

/**
 * `pnpm bench`: every figure of issue #19 in one run. Each measured run is its own child process
 * (wall time measured here, peak RSS reported by the child, threads included). Prints figures;
 * asserts nothing. See bench/README.md for what each step does.
 *
 *   node bench/run.mjs [--pages 2000] [--seed 1] [--rounds 5] [--runs 1] [--no-scale] [--skip step,...]
 *
 * Steps (each can be skipped): profile, phases, floor, workers, strict, peers, scope, js, real,
 * vite, vite-big, webpack, browser; `netlify` runs only when asked with --only or --with.
 */

const HERE = fileURLToPath(new URL('.', import.meta.url))
const ROOT = resolve(HERE, '..')
const { values: args } = parseArgs({
  // `--no-scale` leaves out the 20,000- and 100,000-page sizes (the long part of a run); `--no-build-real-sites`
  // skips real sites missing from the cache. (With negatives allowed, `--no-x` sets option `x`: each is defined by its positive name.)
  allowNegative: true,
  options: {
    pages: { type: 'string', default: '2000' },
    seed: { type: 'string', default: '1' },
    rounds: { type: 'string', default: '5' },
    runs: { type: 'string', default: '1' },
    scale: { type: 'boolean', default: true },
    'scale-pages': { type: 'string', default: '20000,100000' },
    mpa: { type: 'string', default: '500' },
    'mpa-big': { type: 'string', default: '5000' },
    'vite-runs': { type: 'string', default: '11' },
    'vite-big-runs': { type: 'string', default: '3' },
    'webpack-pages': { type: 'string', default: '100' },
    'webpack-runs': { type: 'string', default: '5' },
    'browser-pages': { type: 'string', default: '20' },
    'build-real-sites': { type: 'boolean', default: true },
    skip: { type: 'string', default: '' },
    with: { type: 'string', default: '' },
    only: { type: 'string', default: '' },
  },
})
const PAGES = Number(args.pages)
const SEED = Number(args.seed)
const ROUNDS = Math.max(1, Number(args.rounds))
const RUNS = Math.max(1, Number(args.runs))
const OPT_IN = new Set(['netlify', ...(args.scale ? [] : ['scale'])])
const ONLY = new Set(args.only.split(',').filter(Boolean))
const SKIP = new Set(args.skip.split(',').filter(Boolean))
for (const k of args.with.split(',').filter(Boolean)) OPT_IN.delete(k)
const runs = (step) => (ONLY.size > 0 ? ONLY.has(step) : !SKIP.has(step) && !OPT_IN.has(step))

const CSPKIT = join(ROOT, 'packages/cli/dist/bin.js')
const FLOOR = join(HERE, 'contenders/floor.mjs')
const cspkitBuild = (dir, ...more) => [CSPKIT, 'build', dir, '--quiet', '--no-progress', ...more]

const work = mkdtempSync(join(tmpdir(), 'cspkit-bench-'))
process.on('exit', () => rmSync(work, { recursive: true, force: true }))
process.on('SIGINT', () => process.exit(130))
process.on('SIGTERM', () => process.exit(143))
const measure = (argv, options = {}) => measureIn(argv, { cwd: ROOT, scratch: work, ...options })
const load = () => loadavg().map((x) => x.toFixed(1)).join(' ')
const section = (title) => console.log(`\n## ${title}  (load average ${load()})`)
const mb = (x) => `${x.toFixed(0)} MB`
/** The figures the summary at the end holds against the issue's targets. */
const targets = []

console.log(`cspkit bench: ${cpus()[0]?.model ?? 'unknown CPU'}, ${availableParallelism()} cores, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, ${process.platform}`)
console.log(`started ${new Date().toISOString()}, load average ${load()} (1, 5, 15 min; on ${availableParallelism()} cores: above that, other work shared the cores)`)

/** A copy of `dir` for one run (not timed): runs rewrite their folder. */
function fresh(dir, name) {
  const copy = join(work, `run-${name}-${process.hrtime.bigint()}`)
  cpSync(dir, copy, { recursive: true })
  return copy
}

/** Generates the bench's site: the realistic generator's `{ pages, seed }` form, or the older `(dir, pages)` one. */
function generate(dir, pages) {
  const made = typeof generator.constructs === 'function' ? generator.generateSite(dir, { pages, seed: SEED }) : generator.generateSite(dir, pages)
  return typeof made === 'number' ? { pages, bytes: made, counts: undefined } : made
}

/** A folder's description and fast-path coverage (bench/site-profile.mjs, in a child: it loads the built core). */
async function profile(dir) {
  const m = await measure([join(HERE, 'site-profile.mjs'), dir])
  if (m.code !== 0) throw new Error(`site-profile failed on ${dir}: ${m.stderr}`)
  return lastJson(m.stdout)
}

function printCoverage(name, p) {
  const c = p.coverage
  const line = `  ${pad(name, 28)} fast scanner: ${pad(`${c.fastPages} of ${c.scanned} pages (${pct(c.fastPages / Math.max(1, c.scanned))})`, 28)} ${fmtMiB(c.fastBytes)} of ${fmtMiB(c.scannedBytes)} (${pct(c.fastBytes / Math.max(1, c.scannedBytes))})`
  console.log(line + (c.notUtf8 ? `; ${c.notUtf8} neither UTF-8 nor declared windows-1252 (left alone)` : ''))
  const reasons = Object.entries(c.refusals ?? {}).sort((a, b) => b[1] - a[1])
  if (reasons.length > 0) console.log(`    parse5 because: ${reasons.slice(0, 6).map(([r, n]) => `${r} (${n})`).join('; ')}`)
  else if (c.fastPages < c.scanned) console.log(`    parse5 pages, e.g.: ${c.slowPages.join(', ')}`)
}

function printDescription(p, counts) {
  const s = p.size
  console.log(`  ${p.pages} pages, ${fmtMiB(p.bytes)} of HTML; page size min ${(s.min / 1024).toFixed(1)} KB, p10 ${(s.p10 / 1024).toFixed(0)}, median ${(s.median / 1024).toFixed(0)}, p90 ${(s.p90 / 1024).toFixed(0)}, max ${(s.max / 1024).toFixed(0)} KB`)
  const kinds = Object.entries(p.kinds).map(([k, n]) => `${k} ${n}`).join(', ')
  console.log(`  inline items found by cspkit's scan: ${(p.inlineItems / Math.max(1, p.pages)).toFixed(1)} a page (${kinds})`)
  console.log(`  pages with each construct: ${Object.entries(p.constructs).filter(([, n]) => n > 0).map(([k, n]) => `${k} ${pct(n / p.pages)}`).join(', ')}`)
  if (counts && typeof generator.constructs === 'function') {
    console.log('  the generator\'s constructs (share it aims at; how many it wrote):')
    for (const c of generator.constructs()) console.log(`    ${pad(c.construct, 62)} ${pad(`${pct(c.share, 1)} of ${c.of}`, 20)} ${counts.get?.(c.construct) ?? counts[c.construct] ?? ''}`)
  }
}

/**
 * Floor and cspkit in alternation, each on a fresh copy, `rounds` times (the order flips every round so
 * neither always runs first): the median of the per-round ratios and its spread.
 */
async function pairedWithFloor(dir, rounds, name, cwd = ROOT) {
  const pairs = []
  for (let r = 0; r < rounds; r++) {
    const order = r % 2 === 0 ? ['floor', 'cspkit'] : ['cspkit', 'floor']
    const pair = {}
    for (const who of order) {
      const copy = fresh(dir, `${name}-${who}`)
      pair[who] = await measure(who === 'floor' ? [FLOOR, copy] : cspkitBuild(copy), { cwd })
      const done = completed(pair[who], copy)
      rmSync(copy, { recursive: true, force: true })
      if (!done) throw new Error(`${who} failed on ${name} (${pair[who].code}): ${pair[who].stderr}`)
    }
    pairs.push(pair)
  }
  const ratios = pairs.map((p) => p.cspkit.ms / p.floor.ms)
  const [low, high] = medianInterval(ratios)
  return {
    floorMs: median(pairs.map((p) => p.floor.ms)),
    cspkitMs: median(pairs.map((p) => p.cspkit.ms)),
    floorPeak: Math.max(...pairs.map((p) => p.floor.peakMb)),
    cspkitPeak: Math.max(...pairs.map((p) => p.cspkit.peakMb)),
    ratio: median(ratios),
    min: Math.min(...ratios),
    max: Math.max(...ratios),
    low,
    high,
  }
}

function printPaired(name, p, rounds) {
  console.log(
    `  ${pad(name, 30)} floor ${pad(fmtS(p.floorMs), 8)} (peak ${pad(mb(p.floorPeak), 7)})  cspkit ${pad(fmtS(p.cspkitMs), 8)} (peak ${pad(mb(p.cspkitPeak), 7)})  ratio ${p.ratio.toFixed(2)}× (${rounds} rounds: ${p.min.toFixed(2)}–${p.max.toFixed(2)}, 95% interval of the median ${p.low.toFixed(2)}–${p.high.toFixed(2)})`,
  )
}

/**
 * Whether a run did its work: exit 0, or 1 from `cspkit build` reporting errors it is meant to
 * report (the real sites' configs leave some loads blocked on purpose, as their tests say) with the
 * pages written all the same.
 */
function completed(m, copy) {
  if (m.code === 0) return true
  if (m.code !== 1 || !m.stderr.includes('[cspkit]')) return false
  const page = readdirSync(copy, { recursive: true }).find((f) => /\.html?$/i.test(f))
  return page !== undefined && /http-equiv=["']?content-security-policy/i.test(readFileSync(join(copy, page), 'latin1'))
}

/** Runs a contender `RUNS` times on fresh copies: median time, highest peak. */
async function contender(dir, name, argv, prepare, cwd = ROOT) {
  const results = []
  for (let r = 0; r < RUNS; r++) {
    const copy = fresh(dir, name)
    prepare?.(copy)
    const m = await measure(argv(copy), { cwd })
    m.ok = completed(m, copy)
    results.push(m)
    rmSync(copy, { recursive: true, force: true })
  }
  const failed = results.find((x) => !x.ok)
  return { ms: median(results.map((x) => x.ms)), peakMb: Math.max(...results.map((x) => x.peakMb)), failed }
}

function printContender(name, r, note = '') {
  console.log(`  ${pad(name, 40)} ${r.failed ? `failed (${r.failed.code}): ${r.failed.stderr}` : `${pad(fmtS(r.ms), 9)} peak ${mb(r.peakMb)}`}${note}`)
}

/** A CLI flag or plugin option this build does not know yet (another branch brings it): the row is skipped. */
const rejectsOption = (m, name) => m.code !== 0 && new RegExp(`unknown option[^\\n]*${name}|${name}[^\\n]*not a cspkit option`, 'i').test(m.stderrFull)

// ---- the generated site -----------------------------------------------------------------------
const master = join(work, 'site')
const made = generate(master, PAGES)
section(`Generated site (bench/generate.mjs, seed ${SEED})`)
let generatedProfile
if (runs('profile')) {
  generatedProfile = await profile(master)
  printDescription(generatedProfile, made.counts)
} else console.log(`  ${made.pages} pages, ${fmtMiB(made.bytes)}`)

// ---- the real sites ---------------------------------------------------------------------------
const real = []
if (runs('real')) {
  section('Real sites (test/real-sites/, built by their own generators; the tests\' cache)')
  const missing = REAL_SITES.filter((s) => !cachedRealSite(s.name)).map((s) => s.name)
  const built = missing.length > 0 && args['build-real-sites'] ? (console.log(`  building ${missing.join(', ')} with their generators (once; cached for the tests too)…`), await buildRealSites(missing)) : {}
  for (const site of REAL_SITES) {
    const found = cachedRealSite(site.name) ?? built[site.name]
    if (!found?.dir) {
      console.log(`  ${pad(site.name, 28)} skipped: ${built[site.name]?.error ?? 'not in the cache'} (run its test, e.g. \`npx vitest run test/real-site-*.test.ts\`, or this bench without --no-build-real-sites)`)
      continue
    }
    const p = await profile(found.dir)
    real.push({ ...site, dir: found.dir, profile: p })
    console.log(`  ${pad(site.name, 28)} ${pad(site.generator, 32)} ${pad(`${p.pages} pages`, 10)} ${pad(fmtMiB(p.bytes), 9)} ${(p.inlineItems / Math.max(1, p.pages)).toFixed(0)} inline items a page   (${relative(tmpdir(), found.dir)}, built ${new Date(found.at).toISOString().slice(0, 16)})`)
  }
}

/**
 * Each real site's pages copied until it has a fifth of the generated site's page count, beside one
 * copy of its other files (a site has its bundles once, whatever its page count): real page shapes
 * at a size where starting a process no longer dominates. Built with each site's own cspkit config.
 */
let replicated
if (real.length > 0 && (runs('phases') || runs('floor'))) {
  replicated = join(work, 'real-replicated')
  for (const site of real) {
    const target = join(replicated, site.name)
    cpSync(site.dir, target, { recursive: true, filter: (src) => !src.endsWith('.cspkit-build-complete') })
    const pages = readdirSync(site.dir, { recursive: true }).filter((f) => /\.html?$/i.test(f))
    const copies = Math.max(1, Math.ceil(PAGES / real.length / pages.length))
    for (let k = 1; k < copies; k++) for (const page of pages) cpSync(join(site.dir, page), join(target, `copy-${k}`, page))
    site.replicated = { dir: target, pages: pages.length * copies }
  }
}
/** Where `cspkit build` runs for a real site: its test folder, whose cspkit.config.mjs the tests use too. */
const configDir = (site) => join(ROOT, 'test/real-sites', site.name)

if (runs('profile')) {
  section('Fast-path coverage (pages and bytes the exact scanner takes; the rest go to parse5)')
  if (generatedProfile) printCoverage('generated site', generatedProfile)
  for (const site of real) printCoverage(site.name, site.profile)
  if (real.length > 0) {
    const sum = (f) => real.reduce((n, s) => n + f(s.profile.coverage), 0)
    const refusals = {}
    for (const s of real) for (const [r, n] of Object.entries(s.profile.coverage.refusals ?? {})) refusals[r] = (refusals[r] ?? 0) + n
    const slowPages = real.flatMap((s) => s.profile.coverage.slowPages.slice(0, 1).map((f) => `${s.name}/${f}`))
    printCoverage(`all ${real.length} real sites`, { coverage: { fastPages: sum((c) => c.fastPages), scanned: sum((c) => c.scanned), fastBytes: sum((c) => c.fastBytes), scannedBytes: sum((c) => c.scannedBytes), notUtf8: sum((c) => c.notUtf8), slowPages, refusals } })
  }
}

// ---- time per phase ---------------------------------------------------------------------------
if (runs('phases')) {
  section('Time per phase (the core\'s own functions, one thread, bench/phases.mjs), and end to end')
  const folders = [['generated site', master], ...(replicated ? [['real sites, replicated', replicated]] : [])]
  for (const [name, dir] of folders) {
    const copy = fresh(dir, 'phases')
    const m = await measure([join(HERE, 'phases.mjs'), copy, ...(dir === replicated ? ['--sites'] : [])])
    rmSync(copy, { recursive: true, force: true })
    if (m.code !== 0) {
      console.log(`  ${name}: failed (${m.code}): ${m.stderr}`)
      continue
    }
    const r = lastJson(m.stdout)
    const total = Object.values(r.ms).reduce((a, b) => a + b, 0)
    const row = (label, ms) => `${label} ${fmtS(ms)} (${pct(ms / total)})`
    console.log(`  ${name}: ${r.pages} pages, ${fmtMiB(r.bytes)}, ${r.written} written; phases sum ${fmtS(total)}, ${(r.bytes / 2 ** 20 / (total / 1000)).toFixed(0)} MiB/s`)
    console.log(`    ${row('read', r.ms.read)}, ${row('decode', r.ms.decode)}, ${row('scan', r.ms.scanFast + r.ms.scanParse5)} [fast scanner ${fmtS(r.ms.scanFast)}, parse5 ${fmtS(r.ms.scanParse5)}], ${row('hash', r.ms.hash)}, ${row('policy', r.ms.policy)}, ${row('write', r.ms.write)}`)
    // Each real site's own phases: where its time goes (the renames at the end are in no site's).
    for (const s of r.sites ?? []) {
      const sum = Object.values(s.ms).reduce((a, b) => a + b, 0)
      const of = (ms) => `${fmtS(ms)} (${pct(ms / sum)})`
      console.log(`    ${pad(s.name, 26)} ${pad(`${s.pages} pages`, 10)} ${pad(fmtMiB(s.bytes), 9)} read ${of(s.ms.read)}, decode ${of(s.ms.decode)}, scan ${of(s.ms.scanFast + s.ms.scanParse5)}, hash ${of(s.ms.hash)}, policy ${of(s.ms.policy)}, write ${of(s.ms.write)}`)
    }
    // The real sites together have no one config: the default one (their deliberately blocked loads are reported).
    const e2e = await contender(dir, 'e2e', (d) => cspkitBuild(d, '--workers', '0'))
    printContender('    end to end: cspkit build --workers 0', e2e, ' (the CLI: also listing, scope detection, script analysis, the report)')
  }
}

// ---- time against the floor, paired by round ----------------------------------------------------
let generatedPaired
if (runs('floor')) {
  section(`Time against the read+hash+write floor (contenders/floor.mjs), paired by round, default cspkit build (${availableParallelism()} workers)`)
  generatedPaired = await pairedWithFloor(master, ROUNDS, 'generated')
  printPaired('generated site', generatedPaired, ROUNDS)
  targets.push(['cspkit / floor, generated site', `${generatedPaired.ratio.toFixed(2)}×`, '≤ 2×', generatedPaired.ratio <= 2])
  targets.push(['peak RSS, generated site', mb(generatedPaired.cspkitPeak), '≤ 150 MB', generatedPaired.cspkitPeak <= 150])
  for (const site of real) {
    const p = await pairedWithFloor(site.dir, ROUNDS, site.name, configDir(site))
    printPaired(`${site.name} (${site.profile.pages} pages)`, p, ROUNDS)
    const r = await pairedWithFloor(site.replicated.dir, ROUNDS, `${site.name}-replicated`, configDir(site))
    printPaired(`  replicated, ${site.replicated.pages} pages`, r, ROUNDS)
    targets.push([`cspkit / floor, ${site.name}, ${site.profile.pages} / ${site.replicated.pages} pages`, `${p.ratio.toFixed(2)}× / ${r.ratio.toFixed(2)}×`, '≤ 2×', r.ratio <= 2 && p.ratio <= 2])
    targets.push([`peak RSS, ${site.name} replicated`, mb(r.cspkitPeak), '≤ 150 MB', r.cspkitPeak <= 150])
  }
  console.log('  (a few-page site is mostly starting Node: the floor starts one small script, cspkit its CLI)')
}

// ---- linearity ----------------------------------------------------------------------------------
const linear = []
if (generatedPaired) linear.push({ pages: PAGES, bytes: made.bytes, ms: generatedPaired.cspkitMs, peakMb: generatedPaired.cspkitPeak, floorMs: generatedPaired.floorMs })
if (runs('scale')) {
  for (const pages of args['scale-pages'].split(',').map(Number).filter((n) => n > 0)) {
    // Generated once in the system tmpdir (no copy: up to ~10 GiB), cspkit run on it in place, then the
    // floor on what cspkit wrote (the same pages with a meta more each: the floor's time is its bytes'), deleted after.
    const dir = join(work, `scale-${pages}`)
    // The site, and cspkit's prepared pages beside it before they are renamed in: about twice its bytes.
    const needed = 2.2 * pages * (made.bytes / PAGES)
    const { bavail, bsize } = statfsSync(work)
    if (bavail * bsize < needed) {
      console.log(`  scale: ${pages.toLocaleString('en')} pages skipped: they need ~${fmtMiB(needed)} in ${work}, ${fmtMiB(bavail * bsize)} are free (set TMPDIR to a bigger disk)`)
      targets.push([`peak RSS, ${pages.toLocaleString('en')} pages`, 'not measured (disk)', '≤ 150 MB', false])
      continue
    }
    const started = performance.now()
    const site = generate(dir, pages)
    const genMs = performance.now() - started
    const cs = await measure(cspkitBuild(dir))
    const floor = await measure([FLOOR, dir])
    rmSync(dir, { recursive: true, force: true })
    if (cs.code !== 0) console.log(`  ${pages} pages: cspkit exited ${cs.code} (${cs.stderr.slice(0, 300)})`)
    linear.push({ pages, bytes: site.bytes, ms: cs.ms, peakMb: cs.peakMb, floorMs: floor.ms, genMs })
    // Said as each size finishes (100,000 pages take long): the full rows follow at the end.
    console.log(`  scale: ${pages.toLocaleString('en')} pages, ${fmtMiB(site.bytes)}: cspkit ${fmtS(cs.ms)}, peak RSS ${mb(cs.peakMb)} (${cs.peakMb <= 150 ? 'met' : 'MISSED'} against 150 MB); floor ${fmtS(floor.ms)}  (load average ${load()})`)
  }
}
/** What bounds directory mode's peak memory (directory.ts's header says it in full). */
const MEMORY_BOUND =
  "what bounds it: one page in flight per thread (read into one reused buffer, its edited start and its chunk's record lines encoded into another, let go before the next), each worker's V8 heap capped (6 MB young, 64 MB old generation), every page's record written by its worker to that worker's temporary file, a folded diagnostic's count and first 3 pages, the listing its paths' bytes in 256 KB blocks (a filtered listing the kept paths' indices), the survey's marks one byte a page; the peak is Node's binary (~42 MB of file-backed pages), the main thread (heap 8–10 MB, ~5 MB of buffers at 100,000 pages), the two workers' heaps at their highest together (bounded by their 6 MB young generations; below their old-generation caps; more for a moment on a large page or a compaction), and ~15 MB of thread stacks, code and malloc arenas (100,000 pages: 134–135 MiB with the workers' young generation at 6 MB, 144–155 with 12 MB, 170–172 before the reused write buffer and the listing in blocks; see bench/README.md, Memory)"
if (linear.length > 0) {
  section('Linearity: time per MiB and peak RSS by site size (default cspkit build; --no-scale leaves out the large sizes)')
  for (const l of linear)
    console.log(`  ${pad(`${l.pages.toLocaleString('en')} pages`, 16)} ${pad(fmtMiB(l.bytes), 12)} cspkit ${pad(fmtS(l.ms), 9)} ${pad(`${((l.ms / l.bytes) * 2 ** 20).toFixed(1)} ms/MiB`, 14)} peak ${pad(mb(l.peakMb), 8)} floor ${pad(fmtS(l.floorMs), 9)} ratio of the medians ${(l.ms / l.floorMs).toFixed(2)}×`)
  for (const l of linear) console.log(`  ${pad(`${l.pages.toLocaleString('en')} pages`, 16)} peak RSS ${mb(l.peakMb)} against the 150 MB target: ${l.peakMb <= 150 ? 'met' : 'MISSED'}`)
  console.log(`  (${MEMORY_BOUND})`)
  for (const l of linear) if (l.pages !== PAGES) targets.push([`peak RSS, ${l.pages.toLocaleString('en')} pages`, mb(l.peakMb), '≤ 150 MB', l.peakMb <= 150])
  if (linear.length > 1) {
    const fit = linearity(linear)
    for (const step of fit.steps)
      console.log(`  ${pad(`${step.from.toLocaleString('en')} → ${step.to.toLocaleString('en')} pages`, 28)} each further MiB ${step.msPerMiB.toFixed(1)} ms (floor ${step.floorMsPerMiB.toFixed(1)} ms)`)
    console.log(`  (time = start + cost × bytes: a fixed start-up of ~${fmtS(fit.startMs)} is why time per MiB falls with size; linear means each further MiB costs the same, so the steps' costs are held against each other)`)
    // One step cannot be held against another: two sizes say nothing about linearity.
    if (fit.steps.length < 2) console.log('  (linearity needs three sizes: --scale-pages 20000,100000)')
    else targets.push([`linear in bytes, ${linear.map((l) => l.pages.toLocaleString('en')).join(' → ')} pages`, `each further MiB ${fit.steps.map((s) => `${s.msPerMiB.toFixed(1)}`).join(' / ')} ms: within ${pct(fit.spread - 1)}`, 'linear (the steps within 25%)', fit.spread <= 1.25])
  } else console.log('  (run without --no-scale for 20,000 and 100,000 pages: minutes, and up to ~22 GiB in the temp folder)')
}

// ---- workers, strict, peers, scope, script analysis ---------------------------------------------
if (runs('workers')) {
  section('Worker scaling (generated site)')
  const rows = {}
  for (const w of ['0', '1', '2']) {
    rows[w] = await contender(master, `workers-${w}`, (d) => cspkitBuild(d, '--workers', w))
    printContender(`cspkit build --workers ${w}`, rows[w], w === '0' ? ' (main thread only)' : '')
  }
  for (const w of ['0', '1', '2']) if (!rows[w].failed) console.log(`  --workers ${w}: peak RSS ${mb(rows[w].peakMb)} against the 150 MB target: ${rows[w].peakMb <= 150 ? 'met' : 'MISSED'}`)
  console.log(`  (${MEMORY_BOUND}; --workers 0 has one heap, uncapped: the main thread's)`)
  if (!rows['1'].failed && !rows['2'].failed) console.log(`  speed-up, 2 workers over 1: ${(rows['1'].ms / rows['2'].ms).toFixed(2)}×; over the main thread alone: ${(rows['0'].ms / rows['2'].ms).toFixed(2)}×`)
  for (const w of ['0', '1', '2']) if (!rows[w].failed) targets.push([`peak RSS, --workers ${w}`, mb(rows[w].peakMb), '≤ 150 MB', rows[w].peakMb <= 150])
}

if (runs('strict')) {
  section('Strict mode\'s extra cost (generated site)')
  const plain = await contender(master, 'strict-base', (d) => cspkitBuild(d))
  const strict = await contender(master, 'strict', (d) => cspkitBuild(d, '--strict'))
  if (strict.failed && rejectsOption(strict.failed, 'strict')) console.log('  skipped: this cspkit build has no --strict (it lands with the strict branch)')
  else {
    printContender('cspkit build', plain)
    printContender('cspkit build --strict', strict, strict.failed ? '' : ` (+${fmtS(strict.ms - plain.ms)}, ${pct(strict.ms / plain.ms - 1)})`)
  }
}

if (runs('peers')) {
  section('Peers (generated site)')
  printContender('cheerio pipeline (contenders/cheerio.mjs)', await contender(master, 'cheerio', (d) => [join(HERE, 'contenders/cheerio.mjs'), d]))
}
if (runs('netlify')) {
  // jsdom for every page at once needs more than Node's default heap on large sites.
  printContender('netlify-plugin-csp-generator', await contender(master, 'netlify', (d) => ['--max-old-space-size=16384', join(HERE, 'contenders/netlify-plugin-csp-generator.mjs'), d]))
}

if (runs('scope')) {
  section('Site scope (generated site: no router, so `auto` picks page scope)')
  const page = await contender(master, 'scope-page', (d) => cspkitBuild(d, '--scope', 'page'))
  const site = await contender(master, 'scope-site', (d) => cspkitBuild(d, '--scope', 'site'))
  printContender('cspkit build --scope page', page, ' (no router detection pass)')
  printContender('cspkit build --scope site', site, ' (one policy with every page\'s hashes)')
}

/** Real libraries' browser bundles (this repo's dev dependencies), three copies each: a docs site's few MiB of JS. */
const REAL_SCRIPTS = ['mapbox-gl/dist/mapbox-gl.js', 'posthog-js/dist/array.full.js', 'react-dom/cjs/react-dom-client.production.js', 'vitepress/dist/client/app/index.js']
  .map((p) => join(ROOT, 'node_modules', p))
  .filter((p) => existsSync(p))
if (runs('js')) {
  section('Script analysis (generated site + real JS bundles)')
  const bytes = REAL_SCRIPTS.reduce((n, p) => n + statSync(p).size, 0) * 3
  const add = (dir) => {
    mkdirSync(join(dir, 'assets/vendor'), { recursive: true })
    for (const [i, p] of REAL_SCRIPTS.entries()) for (let k = 0; k < 3; k++) cpSync(p, join(dir, `assets/vendor/chunk-${i}-${k}.js`))
  }
  const plain = await contender(master, 'js-base', (d) => cspkitBuild(d))
  const js = await contender(master, 'js', (d) => cspkitBuild(d), add)
  printContender('cspkit build', plain)
  printContender(`cspkit build, + ${fmtMiB(bytes)} of JS bundles`, js, ` (+${fmtS(js.ms - plain.ms)}: ${(bytes / 2 ** 20 / Math.max(0.001, (js.ms - plain.ms) / 1000)).toFixed(0)} MiB/s of script analysis)`)
}

// ---- bundler builds -----------------------------------------------------------------------------
/**
 * Whole bundler builds with and without the plugin, alternating (one warm-up of each first); with
 * `strict`, a third build with the plugin's strict option (skipped when the option is unknown).
 * Reports the median of the paired differences and its 95% interval.
 */
async function pairedBuilds(label, runsCount, argvOf, modes, ownFile, limit) {
  const times = Object.fromEntries(modes.map((m) => [m, []]))
  const peaks = Object.fromEntries(modes.map((m) => [m, 0]))
  // What the plugin takes inside each build with it (`with`, `strict`), as the contender records it.
  const own = Object.fromEntries(modes.slice(1).map((m) => [m, { loadMs: [], hookMs: [], hook: 'generateBundle' }]))
  const active = new Set(modes)
  for (let r = 0; r < runsCount + 1; r++) {
    for (const mode of modes) {
      if (!active.has(mode)) continue
      const m = await measure(argvOf(mode), ownFile ? { env: { BENCH_VITE_FILE: ownFile } } : {})
      if (m.code !== 0) {
        active.delete(mode)
        if (mode === 'strict' && rejectsOption(m, 'strict')) console.log('  strict: skipped, this build\'s plugin has no `strict` option (it lands with the strict branch)')
        else console.log(`  ${mode} failed (${m.code}): ${m.stderr}`)
        continue
      }
      if (r === 0) continue
      times[mode].push(m.ms)
      peaks[mode] = Math.max(peaks[mode], m.peakMb)
      if (mode !== 'without' && ownFile) {
        const o = JSON.parse(readFileSync(ownFile, 'utf8'))
        own[mode].loadMs.push(o.loadMs)
        own[mode].hookMs.push(o.hookMs)
        own[mode].hook = o.hook ?? own[mode].hook
      }
    }
  }
  if (!active.has('without') || !active.has('with')) return
  const without = median(times.without)
  console.log(`  without the plugin   ${pad(fmtS(without), 9)} peak ${mb(peaks.without)}`)
  for (const mode of modes.slice(1)) {
    if (!active.has(mode)) continue
    const differences = times[mode].map((ms, i) => ms - times.without[i])
    const paired = median(differences)
    const [low, high] = medianInterval(differences).map((ms) => ((ms / without) * 100).toFixed(1))
    console.log(`  ${pad(mode === 'with' ? 'with the plugin' : 'with strict: true', 20)} ${pad(fmtS(median(times[mode])), 9)} peak ${pad(mb(peaks[mode]), 8)} overhead ${((paired / without) * 100).toFixed(1)}% (median of ${differences.length} paired differences, 95% interval ${low}–${high}%; difference of medians ${(((median(times[mode]) - without) / without) * 100).toFixed(1)}%)`)
    if (mode === 'with') targets.push([`${label} overhead`, `${((paired / without) * 100).toFixed(1)}% (${low}–${high}%)`, limit ? `≤ ${pct(limit)}` : 'reported', limit ? paired / without <= limit : undefined])
  }
  for (const [mode, o] of Object.entries(own)) {
    if (o.loadMs.length === 0) continue
    const l = median(o.loadMs)
    const h = median(o.hookMs)
    console.log(`  measured inside the build${mode === 'strict' ? ' with strict: true' : ''}: loading the plugin ${l.toFixed(0)} ms + its ${o.hook} hook ${h.toFixed(0)} ms = ${(l + h).toFixed(0)} ms, ${(((l + h) / without) * 100).toFixed(1)}% of the build without it`)
  }
}

// The apps and their output live in memory where the OS offers it (/dev/shm): the plugin costs CPU,
// and a virtual disk's jitter (±150 ms a build here) would bury a difference of a few percent.
const shm = existsSync('/dev/shm') ? mkdtempSync(join('/dev/shm', 'cspkit-bench-')) : work
if (shm !== work) process.on('exit', () => rmSync(shm, { recursive: true, force: true }))
for (const [step, pages, runsCount] of [
  ['vite', Number(args.mpa), Number(args['vite-runs'])],
  ['vite-big', Number(args['mpa-big']), Number(args['vite-big-runs'])],
]) {
  if (!runs(step)) continue
  const app = join(shm, `mpa-${pages}`)
  generateMpa(app, pages)
  section(`vite build (Vite 8) of a ${pages}-page multi-page app (inline script and style each), ${runsCount} alternating run${runsCount === 1 ? '' : 's'} each, in ${shm === work ? 'the temp dir' : '/dev/shm'}`)
  await pairedBuilds(`vite build, ${pages} pages`, Math.max(1, runsCount), (mode) => [join(HERE, 'contenders/vite-mpa.mjs'), app, join(shm, `mpa-out-${pages}-${mode}`), mode, join(app, 'inputs.json')], ['without', 'with', 'strict'], join(work, 'vite-own.json'), step === 'vite' ? 0.05 : undefined)
  rmSync(app, { recursive: true, force: true })
}
if (runs('webpack')) {
  const pages = Number(args['webpack-pages'])
  const app = join(shm, 'webpack-app')
  await measure([join(HERE, 'contenders/webpack-mpa.mjs'), app, '', 'generate', '0'])
  section(`webpack 5 production build of a ${pages}-page app (html-webpack-plugin), ${args['webpack-runs']} alternating run${args['webpack-runs'] === '1' ? '' : 's'} each, in ${shm === work ? 'the temp dir' : '/dev/shm'}`)
  await pairedBuilds(`webpack build, ${pages} pages`, Math.max(1, Number(args['webpack-runs'])), (mode) => [join(HERE, 'contenders/webpack-mpa.mjs'), app, join(shm, `webpack-out-${mode}`), mode, String(pages)], ['without', 'with', 'strict'], join(work, 'webpack-own.json'))
}

// ---- check --browser ----------------------------------------------------------------------------
if (runs('browser')) {
  const chromium = process.env.CSPKIT_CHROMIUM || '/usr/bin/chromium'
  const pages = Math.max(2, Number(args['browser-pages']))
  section(`cspkit check --browser, a ${pages}-page linked site (each page: load, theme switch, search, link clicks)`)
  if (!existsSync(chromium)) console.log(`  skipped, no Chromium at ${chromium} (set CSPKIT_CHROMIUM)`)
  else {
    const site = join(work, 'browser-site')
    generateBrowserSite(site, pages)
    const built = await measure(cspkitBuild(site))
    if (built.code !== 0) console.log(`  the build failed (${built.code}): ${built.stderr}`)
    else {
      // One page, then all: the difference is what each further page costs; the rest is starting Chromium.
      const one = []
      const all = []
      for (let r = 0; r < RUNS; r++) {
        one.push(await measure([CSPKIT, 'check', site, '--browser', '--max-pages', '1']))
        all.push(await measure([CSPKIT, 'check', site, '--browser', '--max-pages', String(pages)]))
      }
      const failed = [...one, ...all].find((m) => m.code !== 0)
      if (failed) console.log(`  failed (${failed.code}): ${failed.stderr}`)
      const t1 = median(one.map((m) => m.ms))
      const tn = median(all.map((m) => m.ms))
      console.log(`  1 page                ${fmtS(t1)}  (mostly starting Chromium)`)
      console.log(`  ${pad(`${pages} pages`, 21)} ${fmtS(tn)}, peak ${mb(Math.max(...all.map((m) => m.peakMb)))} (the CLI's own process)`)
      console.log(`  per further page      ${((tn - t1) / (pages - 1) / 1000).toFixed(2)} s`)
    }
  }
}

// ---- against the issue's targets ----------------------------------------------------------------
if (generatedProfile) {
  const c = generatedProfile.coverage
  targets.unshift(['fast-path coverage, generated site (pages / bytes)', `${pct(c.fastPages / Math.max(1, c.scanned))} / ${pct(c.fastBytes / Math.max(1, c.scannedBytes))}`, 'the great majority', undefined])
  if (real.length > 0) {
    const sum = (f) => real.reduce((n, s) => n + f(s.profile.coverage), 0)
    targets.splice(1, 0, ['fast-path coverage, real sites (pages / bytes)', `${pct(sum((x) => x.fastPages) / Math.max(1, sum((x) => x.scanned)))} / ${pct(sum((x) => x.fastBytes) / Math.max(1, sum((x) => x.scannedBytes)))}`, 'the great majority', undefined])
  }
}
if (targets.length > 0) {
  section('Against the targets of issue #19')
  for (const [what, measured, target, met] of targets) console.log(`  ${pad(what, 58)} ${pad(measured, 26)} target ${pad(target, 30)} ${met === undefined ? '' : met ? 'met' : 'MISSED'}`)
  console.log(`  what bounds peak RSS: ${MEMORY_BOUND.replace(/^what bounds it: /, '')}`)
}
console.log(`\nfinished ${new Date().toISOString()}, load average ${load()}`)

/**
 * Linearity as a user meets it: time = a fixed start-up + a cost per byte. Time per MiB falls with size
 * while start-up is amortised, so the test is the marginal cost: what each further MiB costs between
 * successive sizes (cspkit's and the floor's), the steps held against each other, and the start-up the
 * first step implies.
 */
function linearity(rows) {
  const sorted = [...rows].sort((a, b) => a.bytes - b.bytes)
  const steps = []
  for (let i = 1; i < sorted.length; i++) {
    const [a, b] = [sorted[i - 1], sorted[i]]
    const mib = (b.bytes - a.bytes) / 2 ** 20
    steps.push({ from: a.pages, to: b.pages, msPerMiB: (b.ms - a.ms) / mib, floorMsPerMiB: (b.floorMs - a.floorMs) / mib })
  }
  const costs = steps.map((s) => s.msPerMiB)
  const spread = Math.min(...costs) > 0 ? Math.max(...costs) / Math.min(...costs) : Infinity
  const startMs = sorted[0].ms - steps[0].msPerMiB * (sorted[0].bytes / 2 ** 20)
  return { steps, spread, startMs }
}
