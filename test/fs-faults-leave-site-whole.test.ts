import { spawn, spawnSync } from 'node:child_process'
import { chmodSync, chownSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, statfsSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, relative } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CSPKIT_BIN, cspkit, plainEnv } from './support/cli.js'
import { numberedPage } from './support/numbered-page.js'

// Fault injection through the real `cspkit build`: a full disk (a small tmpfs), permission denied
// (the CLI run as an unprivileged user), and kill -9 during the writes. In each case every file is
// the old one or the new one, never part of one, the message is a [cspkit] one naming the file, and a
// rerun completes the site.

const NOBODY = { uid: 65534, gid: 65534 }
const TEMP = /\.cspkit-\d+-[0-9a-f]+\.tmp$/


/** A project: dist/ with `pages` pages and a user's vercel.json with a rule of their own. */
function writeProject(dir: string, pages: number, pad = 0): void {
  mkdirSync(join(dir, 'dist/docs'), { recursive: true })
  for (let i = 0; i < pages; i++) writeFileSync(join(dir, i % 3 === 0 ? `dist/docs/p${i}.html` : `dist/p${i}.html`), numberedPage(i, pad))
  writeFileSync(join(dir, 'vercel.json'), '{\n  "cleanUrls": true,\n  "headers": [\n    { "source": "/assets/(.*)", "headers": [{ "key": "Cache-Control", "value": "immutable" }] }\n  ]\n}\n')
}

/** Every file below `dir` (relative path → bytes as latin1), skipping `skip`. */
function tree(dir: string, skip: (rel: string) => boolean = () => false): Map<string, string> {
  const out = new Map<string, string>()
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const p = join(d, name)
      const rel = relative(dir, p)
      if (skip(rel)) continue
      if (statSync(p).isDirectory()) walk(p)
      else out.set(rel, readFileSync(p, 'latin1'))
    }
  }
  walk(dir)
  return out
}

const temps = (t: Map<string, string>) => [...t.keys()].filter((k) => TEMP.test(k))

/**
 * How a tree compares with the site before and after a complete build: each file must be one of the
 * two (or absent, for files only the build creates); anything else is listed as broken.
 */
function classify(now: Map<string, string>, before: Map<string, string>, after: Map<string, string>) {
  const broken: string[] = []
  let old = 0
  let fresh = 0
  for (const name of new Set([...before.keys(), ...after.keys()])) {
    const text = now.get(name)
    if (text === undefined ? before.has(name) : text !== before.get(name) && text !== after.get(name)) broken.push(name)
    else if (text !== undefined && text === after.get(name) && text !== before.get(name)) fresh++
    else if (before.get(name) !== after.get(name)) old++
  }
  for (const name of now.keys()) if (!before.has(name) && !after.has(name) && !TEMP.test(name)) broken.push(name)
  return { broken, old, fresh }
}

/** No Node stack trace in what the CLI printed: every failure is a [cspkit] message. */
function expectNoStack(output: string): void {
  expect(output).not.toMatch(/^\s+at .+:\d+:\d+\)?$/m)
  expect(output).not.toMatch(/Error: E[A-Z]+:/)
}

let work: string
beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'cspkit-faults-'))
  chmodSync(work, 0o755) // the unprivileged user's runs must reach their folders
})
afterAll(() => rmSync(work, { recursive: true, force: true }))

describe('a full disk', () => {
  it('fails with FS_NO_SPACE naming the page, leaves every page and vercel.json as it was and no temporary file; once there is room the rerun completes the site', async (ctx) => {
    const mnt = join(work, 'tmpfs')
    mkdirSync(mnt)
    const mounted = process.getuid?.() === 0 ? spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=2m', 'tmpfs', mnt], { encoding: 'utf8' }) : undefined
    if (mounted?.status !== 0) {
      const why = mounted ? `mount -t tmpfs failed: ${mounted.stderr.trim() || mounted.error}` : 'not root, cannot mount a tmpfs'
      console.log(`[fs-faults] full-disk test skipped: ${why}`)
      ctx.skip(why)
    }
    try {
      // The reference: the same project built where there is room.
      const roomy = join(work, 'roomy')
      writeProject(roomy, 30, 8000)
      const reference = await cspkit(['build', 'dist', '--hosts', 'vercel'], roomy)
      expect(reference.code, reference.stderr).toBe(0)
      const after = tree(roomy)

      const project = join(mnt, 'site')
      writeProject(project, 30, 8000)
      const before = tree(project)
      // Leave room for a few new pages, not all 30 (each needs a new copy until it is swapped in).
      const fs = statfsSync(mnt)
      writeFileSync(join(mnt, 'filler'), Buffer.alloc(Math.max(0, fs.bavail * fs.bsize - 40_000)))
      const full = await cspkit(['build', 'dist', '--hosts', 'vercel'], project)
      expect(full.code).not.toBe(0)
      expect(full.stderr).toMatch(/^\[cspkit\] FS_NO_SPACE \((docs\/)?p\d+\.html\): .*disk .* is full .*Nothing was changed/m)
      expectNoStack(full.stderr + full.stdout)
      const now = tree(project)
      expect(temps(now)).toEqual([])
      expect(now).toEqual(before)

      rmSync(join(mnt, 'filler'))
      const rerun = await cspkit(['build', 'dist', '--hosts', 'vercel'], project)
      expect(rerun.code, rerun.stderr).toBe(0)
      const done = tree(project)
      expect(done).not.toEqual(before) // the comparison can fail: the same check sees the rerun's changes
      expect(done).toEqual(after)
    } finally {
      spawnSync('umount', [mnt])
    }
  })
})

describe('a read-only file system', () => {
  it('fails with FS_READ_ONLY naming the page and changes nothing', async (ctx) => {
    const mnt = join(work, 'ro')
    mkdirSync(mnt)
    const mounted = process.getuid?.() === 0 ? spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', mnt], { encoding: 'utf8' }) : undefined
    if (mounted?.status !== 0) {
      const why = mounted ? `mount -t tmpfs failed: ${mounted.stderr.trim() || mounted.error}` : 'not root, cannot mount a tmpfs'
      console.log(`[fs-faults] read-only test skipped: ${why}`)
      ctx.skip(why)
    }
    try {
      writeProject(mnt, 4)
      const before = tree(mnt)
      expect(spawnSync('mount', ['-o', 'remount,ro', mnt]).status).toBe(0)
      const run = await cspkit(['build', 'dist', '--workers', '0'], mnt)
      expect(run.code).toBe(1)
      expect(run.stderr).toMatch(/^\[cspkit\] FS_READ_ONLY \((docs\/)?p\d+\.html\): cspkit could not write .*read-only \(EROFS\)\. Nothing was changed.* Fix: Copy the site to a writable folder/m)
      expectNoStack(run.stderr + run.stdout)
      expect(tree(mnt)).toEqual(before)
    } finally {
      spawnSync('umount', [mnt])
    }
  })
})

/** Why the CLI cannot run as the unprivileged user here, or undefined when it can. */
const NOBODY_CANNOT_RUN_CLI =
  process.getuid?.() !== 0
    ? 'needs root, to run the CLI as an unprivileged user (root may write any file)'
    : spawnSync(process.execPath, ['-e', `require('fs').accessSync(${JSON.stringify(CSPKIT_BIN)})`], NOBODY).status !== 0
      ? `the unprivileged user cannot read ${CSPKIT_BIN} (a folder above the checkout is not readable by others, e.g. a mode-0700 mktemp -d)`
      : undefined

function chownTree(dir: string): void {
  chownSync(dir, NOBODY.uid, NOBODY.gid)
  for (const name of readdirSync(dir)) {
    const p = join(dir, name)
    if (statSync(p).isDirectory()) chownTree(p)
    else chownSync(p, NOBODY.uid, NOBODY.gid)
  }
}

describe('permission denied (the CLI run as an unprivileged user)', () => {
  it('a site folder it may not write: FS_PERMISSION_DENIED naming the page, nothing changed; the same site it owns is processed (control)', async (ctx) => {
    if (NOBODY_CANNOT_RUN_CLI) ctx.skip(NOBODY_CANNOT_RUN_CLI)
    const denied = join(work, 'denied')
    writeProject(denied, 6)
    const before = tree(denied)
    const run = await cspkit(['build', 'dist', '--workers', '0'], denied, NOBODY)
    expect(run.code).toBe(1)
    expect(run.stderr).toMatch(/^\[cspkit\] FS_PERMISSION_DENIED \((docs\/)?p\d+\.html\): .*permission denied \(EACCES\)\. Nothing was changed.* Fix: Run the build as a user who may write/m)
    expectNoStack(run.stderr + run.stdout)
    expect(tree(denied)).toEqual(before)

    const owned = join(work, 'owned')
    writeProject(owned, 6)
    chownTree(owned)
    const control = await cspkit(['build', 'dist', '--workers', '0'], owned, NOBODY)
    expect(control.code, control.stderr).toBe(0)
    expect(tree(owned)).not.toEqual(before)
  })

  it('a vercel.json it may not write: FS_PERMISSION_DENIED naming it, and the pages it could write are not written either', async (ctx) => {
    if (NOBODY_CANNOT_RUN_CLI) ctx.skip(NOBODY_CANNOT_RUN_CLI)
    const project = join(work, 'vercel-denied')
    writeProject(project, 6)
    chownTree(join(project, 'dist')) // pages: writable; the project folder and vercel.json: root's
    const before = tree(project)
    const run = await cspkit(['build', 'dist', '--workers', '0', '--hosts', 'vercel'], project, NOBODY)
    expect(run.code).toBe(1)
    expect(run.stderr).toMatch(/\[cspkit\] FS_PERMISSION_DENIED \(.*vercel\.json\): .*permission denied/)
    expectNoStack(run.stderr + run.stdout)
    const now = tree(project)
    expect(temps(now)).toEqual([])
    expect(now).toEqual(before)
  })
})

/**
 * Builds of a fresh copy of `original`, each killed with SIGKILL (at least `min`, until two kills
 * landed in the writes, at most `max`): every file must be as in `original` or as in `reference` (a
 * complete build), never anything else; every 6th run and the last are followed by a rerun that
 * must give exactly `reference` and leave no temporary file. The kill
 * moment homes in on the write phase (the machine's speed varies): a run killed before it wrote
 * anything moves the next kill later, one that finished moves it earlier.
 */
async function killLoop(name: string, original: string, args: string[], { min = 8, max = 30, killOn }: { min?: number; max?: number; killOn?: { dir: string; temp: RegExp } } = {}) {
  const reference = join(work, `${name}-reference`)
  cpSync(original, reference, { recursive: true })
  const started = performance.now()
  const ref = await cspkit(args, reference)
  const full = performance.now() - started
  expect(ref.code, ref.stderr).toBe(0)
  const before = tree(original)
  const after = tree(reference)
  const changed = [...after.keys()].filter((k) => after.get(k) !== before.get(k))
  const project = join(work, `${name}-run`)
  const seen = { temps: 0, mixed: 0, complete: 0, untouched: 0, hostFilePhase: 0 }
  const hostFiles = ['vercel.json', 'dist/_headers', '.vercel.json.cspkit']
  let lo = 0
  let hi = full * 1.5
  let delay = full * 0.6
  const hits = () => seen.temps + seen.mixed
  let runs = 0
  const rerun = async () => {
    const again = await cspkit(args, project)
    expect(again.code, again.stderr).toBe(0)
    const done = tree(project)
    expect(temps(done)).toEqual([])
    expect(done).toEqual(after)
  }
  for (let i = 0; i < max && (i < min || hits() < 2); i++, runs++) {
    rmSync(project, { recursive: true, force: true })
    cpSync(original, project, { recursive: true })
    const child = spawn(process.execPath, [CSPKIT_BIN, ...args], { cwd: project, env: plainEnv(), stdio: 'ignore' })
    const exited = new Promise((done) => child.on('exit', done))
    // Every other run is killed the moment its first temporary file of `killOn` appears (the write
    // phase for certain, however loaded the machine); the others at a time homing in on the window.
    const watching = killOn !== undefined && i % 2 === 1
    const timer = setTimeout(() => child.kill('SIGKILL'), watching ? hi * 4 : delay)
    if (watching) void killAtTemp(child, join(project, killOn.dir), killOn.temp, exited)
    await exited
    clearTimeout(timer)
    const now = tree(project)
    const state = classify(now, before, after)
    expect(state.broken, `${name} run ${i} killed after ${delay.toFixed(0)} ms`).toEqual([])
    const leftTemps = temps(now).length > 0
    // Killed around the header files: their temporary files there, or every page new and a header file not yet.
    const pagesDone = changed.filter((k) => k.endsWith('.html')).every((k) => now.get(k) === after.get(k))
    if (temps(now).some((t) => /vercel|_headers/.test(t)) || (pagesDone && hostFiles.some((f) => now.get(f) !== after.get(f)) && hostFiles.some((f) => now.get(f) === after.get(f) && before.get(f) !== after.get(f)))) seen.hostFilePhase++
    if (leftTemps) seen.temps++
    if (state.fresh > 0 && state.old > 0) seen.mixed++
    else if (state.fresh > 0) seen.complete++
    else if (!leftTemps) seen.untouched++
    if (watching) {
      // no timing to learn from a run killed by the watcher
    } else if (leftTemps || (state.fresh > 0 && state.old > 0)) delay *= 0.95 + ((i * 7) % 10) / 100 // in the window: stay near it
    else {
      if (state.fresh > 0) hi = delay
      else lo = delay
      if (hi - lo < 1) [lo, hi] = [Math.max(0, lo - full * 0.1), hi + full * 0.1] // the window moved (load changed): widen again
      delay = (lo + hi) / 2
    }
    if (i % 6 === 5) await rerun()
  }
  await rerun()
  console.log(`[fs-faults] ${name}: kill -9 x${runs} (a whole run: ${full.toFixed(0)} ms): ${JSON.stringify(seen)}`)
  return { seen, before, after }
}

/** Polls `dir` until a file matching `temp` appears, then kills the child (or stops when it exits). */
async function killAtTemp(child: ReturnType<typeof spawn>, dir: string, temp: RegExp, exited: Promise<unknown>): Promise<void> {
  let done = false
  void exited.then(() => (done = true))
  while (!done) {
    let names: string[] = []
    try {
      names = readdirSync(dir)
    } catch {}
    if (names.some((n) => temp.test(n))) {
      child.kill('SIGKILL')
      return
    }
    await new Promise((ok) => setImmediate(ok))
  }
}

describe('kill -9 during the writes', () => {
  it('runs killed during the page writes (8 to 30): each page and header file is old or new, never partial; a rerun completes the site and removes what the killed run left', async () => {
    const original = join(work, 'kill-pages')
    writeProject(original, 60, 4000)
    // The checker itself: half a page is caught (the negative control of every iteration's check).
    const { seen, before, after } = await killLoop('pages', original, ['build', 'dist', '--hosts', 'vercel,netlify', '--no-progress', '--workers', '0'], { killOn: { dir: 'dist', temp: /^\.p\d+\.html\.cspkit-\d+-[0-9a-f]+\.tmp$/ } })
    const half = new Map(before)
    half.set('dist/p1.html', after.get('dist/p1.html')!.slice(0, 300))
    expect(classify(half, before, after).broken).toEqual(['dist/p1.html'])
    // Some kills landed while new files were being written (temporary files left for the rerun to remove).
    expect(seen.temps + seen.mixed).toBeGreaterThan(0)
  })

  it('runs killed during the header-file writes (8 to 30) (pages already done, a large vercel.json): vercel.json, its record and _headers are each old or new', async () => {
    const original = join(work, 'kill-hosts')
    writeProject(original, 4)
    expect((await cspkit(['build', 'dist', '--no-progress'], original)).code).toBe(0) // the pages are done: only header files change below
    // A vercel.json of ~4 MB of the user's own rules makes its write (and fsync) a window a kill can hit.
    const rules = Array.from({ length: 128 }, (_, i) => `    { "source": "/big/${i}", "headers": [{ "key": "X-Note", "value": "${'n'.repeat(30_000)}" }] }`)
    writeFileSync(join(original, 'vercel.json'), `{\n  "headers": [\n${rules.join(',\n')}\n  ]\n}\n`)
    const { seen, before, after } = await killLoop('hosts', original, ['build', 'dist', '--hosts', 'vercel,netlify', '--no-progress', '--workers', '0'], { killOn: { dir: '.', temp: /^\.vercel\.json\.cspkit-\d+-[0-9a-f]+\.tmp$/ } })
    expect([...after.keys()].filter((k) => k.endsWith('.html')).every((k) => after.get(k) === before.get(k))).toBe(true)
    const cut = new Map(before)
    cut.set('vercel.json', after.get('vercel.json')!.slice(0, 100_000))
    expect(classify(cut, before, after).broken).toEqual(['vercel.json'])
    expect(seen.hostFilePhase).toBeGreaterThan(0)
  })
})

describe('a folder without pages', () => {
  it('cspkit build fails with BUILD_NO_PAGES naming the folder and writes nothing; --allow-empty accepts it', async () => {
    const project = join(work, 'empty')
    mkdirSync(join(project, 'out/assets'), { recursive: true })
    writeFileSync(join(project, 'out/assets/app.js'), 'console.log(1)\n')
    const run = await cspkit(['build', 'out', '--hosts', 'netlify'], project)
    expect(run.code).toBe(2)
    expect(run.stderr).toMatch(/^\[cspkit\] BUILD_NO_PAGES \(.*out\): No pages here \(1 file, none of them a page.*--allow-empty/m)
    expect(existsSync(join(project, 'out/_headers'))).toBe(false)
    const allowed = await cspkit(['build', 'out', '--allow-empty'], project)
    expect(allowed.code, allowed.stderr).toBe(0)
    expect(allowed.stdout).toContain('0 pages in out')
  })
})
