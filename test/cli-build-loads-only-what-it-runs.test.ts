import { execFile } from 'node:child_process'
import { createHash } from 'node:crypto'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

// A few-page `cspkit build` is mostly starting up: what the bin loads and compiles is most of its
// time. This holds the real bin, spawned as users run it, to loading the build command's code only:
// not the other commands (check, lint), the help text, or picomatch (which only unplugin's id
// filters call), nor the core's lazy groups (scripts/bundle-core.mjs). Each module Node loads is
// recorded by a module hook and the CommonJS cache at exit.

const ROOT = resolve(fileURLToPath(new URL('..', import.meta.url)))
const CSPKIT = join(ROOT, 'packages/cli/dist/bin.js')
const CLI_DIST = pathToFileURL(join(ROOT, 'packages/cli/dist/')).href
const CORE_DIST = join(ROOT, 'packages/core/dist/')

let work: string
let record: string

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'cspkit-loads-'))
  record = join(work, 'record.mjs')
  // ESM: every URL the loader loads. CommonJS (createRequire, as lazy.ts and the picomatch stand-in
  // load): the shared require cache, read when the process exits.
  writeFileSync(
    join(work, 'hooks.mjs'),
    "import { appendFileSync } from 'node:fs'\nexport async function load(url, context, next) {\n  appendFileSync(process.env.LOADED_FILE, url + '\\n')\n  return next(url, context)\n}\n",
  )
  writeFileSync(
    record,
    [
      "import { appendFileSync } from 'node:fs'",
      "import { createRequire, register } from 'node:module'",
      "register('./hooks.mjs', import.meta.url)",
      'const cache = createRequire(import.meta.url).cache',
      "process.on('exit', () => appendFileSync(process.env.LOADED_FILE, Object.keys(cache).map((f) => 'cjs:' + f + '\\n').join('')))",
    ].join('\n'),
  )
})
afterAll(() => rmSync(work, { recursive: true, force: true }))

/** Runs the bin with `args`; its output and Node's own modules it loaded (without module hooks: their thread loads net). */
function builtinsLoaded(args: string[], cwd: string): Promise<{ code: number; stdout: string; stderr: string; builtins: string[] }> {
  const file = join(work, `builtins-${Math.random().toString(36).slice(2)}.txt`)
  const recordBuiltins = join(work, 'record-builtins.mjs')
  writeFileSync(recordBuiltins, "import { writeFileSync } from 'node:fs'\nprocess.on('exit', () => writeFileSync(process.env.LOADED_FILE, process.moduleLoadList.join('\\n')))\n")
  return new Promise((done) => {
    execFile(process.execPath, ['--import', pathToFileURL(recordBuiltins).href, CSPKIT, ...args], { cwd, env: { ...process.env, LOADED_FILE: file } }, (error, stdout, stderr) => {
      const list = readFileSync(file, 'utf8').split('\n')
      done({ code: error ? Number(error.code) : 0, stdout, stderr, builtins: list.filter((m) => m.startsWith('NativeModule ')).map((m) => m.slice('NativeModule '.length)) })
    })
  })
}

/** Runs the bin with `args` in `cwd`; its exit code, output and every module it loaded. */
function loaded(args: string[], cwd: string): Promise<{ code: number; stdout: string; stderr: string; modules: string[] }> {
  const file = join(work, `loaded-${Math.random().toString(36).slice(2)}.txt`)
  writeFileSync(file, '')
  return new Promise((done) => {
    execFile(process.execPath, ['--import', pathToFileURL(record).href, CSPKIT, ...args], { cwd, env: { ...process.env, LOADED_FILE: file } }, (error, stdout, stderr) => {
      done({ code: error ? Number(error.code) : 0, stdout, stderr, modules: readFileSync(file, 'utf8').split('\n').filter(Boolean) })
    })
  })
}

/** The files of the core's dist/ that were loaded, by name: its entry, chunks and lazy groups. */
const coreFiles = (modules: string[]) =>
  [...new Set(modules.map((m) => m.replace(/^cjs:/, '')).map((m) => (m.startsWith('file:') ? fileURLToPath(m) : m)).filter((f) => f.startsWith(CORE_DIST)).map((f) => f.slice(CORE_DIST.length)))].sort()

const cliModules = (modules: string[]) =>
  modules
    .filter((m) => m.startsWith(CLI_DIST))
    .map((m) => m.slice(CLI_DIST.length))
    .sort()

describe('cspkit build loads only what building needs', () => {
  it('builds a small site without loading check, lint, the help text or picomatch', async () => {
    const site = join(work, 'site')
    mkdirSync(join(site, 'guide'), { recursive: true })
    writeFileSync(join(site, 'index.html'), '<!doctype html><html><head><title>Home</title><script>console.log(1)</script></head><body><a href="guide/">Guide</a></body></html>')
    writeFileSync(join(site, 'guide/index.html'), '<!doctype html><html><head><title>Guide</title><style>p{color:red}</style></head><body><p>Hi</p></body></html>')

    const run = await loaded(['build', site], work)
    expect(run.code).toBe(0)
    expect(run.stdout).toContain('[cspkit] build: 2 pages in')
    expect(readFileSync(join(site, 'index.html'), 'utf8')).toContain('http-equiv="Content-Security-Policy"')

    expect(cliModules(run.modules)).toEqual(['bin.js', 'build.js', 'codes.js', 'config.js', 'flags.js', 'io.js', 'main.js', 'progress.js', 'wording.js'])
    expect(run.modules.filter((m) => /[\\/]picomatch[\\/]/.test(m))).toEqual([])
    // The core's entry and its shared modules: none of its lazy groups (host files, strict mode, dev server, doors).
    expect(coreFiles(run.modules)).toEqual(['bundle-shared.js', 'bundle.js'])
  })

  it("loads none of the core's lazy groups for a page with a blocked load, and the host-file group only with --hosts", async () => {
    // A blocked iframe runs the build's advice (source matching, the preset lookup), every build's code.
    const site = join(work, 'blocked-site')
    mkdirSync(site, { recursive: true })
    writeFileSync(join(site, 'index.html'), '<!doctype html><html><head><title>Embed</title></head><body><iframe src="https://stackblitz.com/edit/x"></iframe></body></html>')
    const run = await loaded(['build', site], work)
    expect(run.stdout + run.stderr).toContain('LOAD_BLOCKED')
    expect(coreFiles(run.modules)).toEqual(['bundle-shared.js', 'bundle.js'])

    // Control: host files are the headers group's work, and the record sees it loaded when asked for.
    const hosted = join(work, 'hosted-site')
    mkdirSync(hosted, { recursive: true })
    writeFileSync(join(hosted, 'index.html'), '<!doctype html><html><head><title>Hosted</title><script>1</script></head><body></body></html>')
    const withHosts = await loaded(['build', hosted, '--hosts', 'netlify'], work)
    expect(withHosts.code).toBe(0)
    expect(readFileSync(join(hosted, '_headers'), 'utf8')).toContain('Content-Security-Policy')
    expect(coreFiles(withHosts.modules)).toEqual(['bundle-lazy-headers.js', 'bundle-shared.js', 'bundle.js'])
  })

  it('makes neither output stream in a quiet build with nothing to say; one that prints makes them', async () => {
    // process.stdout and stderr are made on first use: for a pipe, that loads net and its streams.
    const page = '<!doctype html><html><head><title>Quiet</title><script>1</script></head><body></body></html>'
    const site = join(work, 'quiet-site')
    mkdirSync(site, { recursive: true })
    writeFileSync(join(site, 'index.html'), page)
    const quiet = await builtinsLoaded(['build', site, '--quiet', '--no-progress'], work)
    expect(quiet.code).toBe(0)
    expect(quiet.stdout + quiet.stderr).toBe('')
    expect(readFileSync(join(site, 'index.html'), 'utf8')).toContain('http-equiv="Content-Security-Policy"')
    expect(quiet.builtins).toContain('fs')
    expect(quiet.builtins).not.toContain('net')

    // Control: the same build, not quiet, prints its summary through a pipe, and the record sees net loaded.
    writeFileSync(join(site, 'index.html'), page)
    const told = await builtinsLoaded(['build', site], work)
    expect(told.stdout).toContain('[cspkit] build: 1 page in')
    expect(told.builtins).toContain('net')
  })

  it("reads a React-rendered page's escaped attributes (&quot;, &#x27;) without loading parse5; another reference loads it", async () => {
    const site = join(work, 'react-site')
    mkdirSync(site, { recursive: true })
    const style = 'font-family:system-ui,&quot;Segoe UI&quot;,Roboto;content:&#x27;x&#x27;'
    writeFileSync(join(site, 'index.html'), `<!doctype html><html><head><title>404</title></head><body><div style="${style}">Not found</div></body></html>`)
    const run = await loaded(['build', site], work)
    expect(run.code).toBe(0)
    // The hash is the value as the browser decodes it.
    const decoded = "font-family:system-ui,\"Segoe UI\",Roboto;content:'x'"
    expect(readFileSync(join(site, 'index.html'), 'utf8')).toContain(`'sha256-${createHash('sha256').update(decoded).digest('base64')}'`)
    expect(run.modules.filter((m) => /[\\/]parse5[\\/]/.test(m))).toEqual([])

    // Control: a named reference other than those is parse5's tokenizer's to decode, and the record sees it loaded.
    const other = join(work, 'copy-site')
    mkdirSync(other, { recursive: true })
    writeFileSync(join(other, 'index.html'), '<!doctype html><html><head><title>c</title></head><body><p style="content:&copy;">c</p></body></html>')
    const control = await loaded(['build', other], work)
    expect(control.code).toBe(0)
    expect(readFileSync(join(other, 'index.html'), 'utf8')).toContain(`'sha256-${createHash('sha256').update('content:\u00a9').digest('base64')}'`)
    expect(control.modules.filter((m) => /[\\/]parse5[\\/]/.test(m)).length).toBeGreaterThan(0)
  })

  it('loads a command and its help text when that command asks for them', async () => {
    // The same record for another command: the modules build leaves out are there when used.
    const lint = await loaded(['lint', '--help'], work)
    expect(lint.code).toBe(0)
    expect(lint.stdout).toContain('cspkit lint')
    expect(cliModules(lint.modules)).toEqual(expect.arrayContaining(['lint.js', 'help.js']))
    expect(cliModules(lint.modules)).not.toContain('check.js')
    expect(cliModules(lint.modules)).not.toContain('build.js')
  })
})
