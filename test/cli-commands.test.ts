import { execFile, spawnSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { chmodSync, chownSync, cpSync, linkSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parseAllHeaders } from '@netlify/headers-parser'
import { serveDir } from './support/browser.js'
import { cspkit, type CliRun } from './support/cli.js'
import { ENGINES, loadInEngine, warmUp } from './support/engines/index.js'
import { processSite } from '@cspkit/core'
import { numberedPage } from './support/numbered-page.js'
import { filesUnder } from './support/files-under.js'

// The real `cspkit` bin, spawned as users run it: usage, config files, flags, exit codes, worker threads.

const ROOT = resolve(fileURLToPath(new URL('..', import.meta.url)))
const CSPKIT = join(ROOT, 'packages/cli/dist/bin.js')
const run = promisify(execFile)


function tree(dir: string): Record<string, string> {
  return Object.fromEntries(filesUnder(dir).map((f) => [f, readFileSync(join(dir, f), 'latin1')]))
}

const sha = (algorithm: string, text: string) => `'${algorithm}-${createHash(algorithm).update(text).digest('base64')}'`


// Under test/.out (git-ignored) so a .ts config there resolves @cspkit/core like a user's project does.
let work: string

beforeAll(async () => {
  warmUp() // the engines start while the CLI tests run; the worker-thread pages use them
  mkdirSync(join(ROOT, 'test/.out'), { recursive: true })
  work = mkdtempSync(join(ROOT, 'test/.out/cli-commands-'))
})

afterAll(async () => {
  if (work) rmSync(work, { recursive: true, force: true })
})

const NOBODY = { uid: 65534, gid: 65534 }
/** Why the read-only page test cannot run here, or undefined when it can. */
const NOBODY_CANNOT_RUN_CLI =
  process.getuid?.() !== 0
    ? 'needs root, to run the CLI as an unprivileged user (root may write read-only files)'
    : spawnSync(process.execPath, ['-e', `require('fs').accessSync(${JSON.stringify(CSPKIT)})`], NOBODY).status !== 0
      ? `the unprivileged user cannot read ${CSPKIT} (a folder above the checkout is not readable by others, e.g. a mode-0700 mktemp -d)`
      : undefined

function project(name: string, files: Record<string, string>): string {
  const dir = join(work, name)
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(join(dir, file, '..'), { recursive: true })
    writeFileSync(join(dir, file), text)
  }
  return dir
}

describe('usage', () => {
  it('--help lists the commands and exits 0; no command prints it and exits 2', async () => {
    const help = await cspkit(['--help'], work)
    expect(help.code).toBe(0)
    expect(help.stdout).toMatch(/cspkit build <dir>[\s\S]*cspkit check <dir>[\s\S]*cspkit lint/)
    const bare = await cspkit([], work)
    expect(bare.code).toBe(2)
    const buildHelp = await cspkit(['build', '--help'], work)
    expect(buildHelp.code).toBe(0)
    expect(buildHelp.stdout).toContain('--workers')
  })

  it('a mistyped command, an unknown flag or a missing folder is a [cspkit] CLI_USAGE error with exit 2', async () => {
    const typo = await cspkit(['biuld', 'dist'], work)
    expect(typo.code).toBe(2)
    expect(typo.stderr).toBe('[cspkit] CLI_USAGE: Unknown command "biuld"; did you mean "build"? Commands: build, check, lint. Fix: Run `cspkit --help` for the usage.\n')
    const flag = await cspkit(['build', 'dist', '--wokers', '2'], work)
    expect(flag.code).toBe(2)
    expect(flag.stderr).toContain("[cspkit] CLI_USAGE: Unknown option '--wokers'.")
    const none = await cspkit(['build'], work)
    expect(none.code).toBe(2)
    expect(none.stderr).toMatch(/^\[cspkit\] CLI_USAGE: Which folder\?/)
    const missing = await cspkit(['build', 'no-such-dir'], work)
    expect(missing.code).toBe(2)
    expect(missing.stderr).toMatch(/^\[cspkit\] DIRECTORY_NOT_FOUND \(.*no-such-dir\): This directory does not exist\. Fix: /)
  })
})

describe('cspkit lint', () => {
  it('prints a valid policy back and exits 0', async () => {
    const ok = await cspkit(['lint', "default-src 'self'; img-src 'self' data:"], work)
    expect(ok.code).toBe(0)
    expect(ok.stdout).toContain("default-src 'self'; img-src 'self' data:\n")
    expect(ok.stdout).toContain('[cspkit] lint: no problems found.')
  })

  it('an unquoted keyword is an error with its fix, exit 1', async () => {
    const bad = await cspkit(['lint', 'default-src self'], work)
    expect(bad.code).toBe(1)
    expect(bad.stderr).toMatch(/^\[cspkit\] POLICY_UNQUOTED_KEYWORD .*Fix: Write "'self'"/)
  })
})

describe('config files and flags', () => {
  it('loads cspkit.config.ts (bundled with esbuild) and a flag overrides it', async () => {
    const dir = project('ts-config', {
      'cspkit.config.ts': `import { defineConfig } from '@cspkit/core'
const algorithm: 'sha384' = 'sha384'
export default defineConfig({ algorithm, policy: { 'default-src': ["'self'"] } })
`,
      'dist/index.html': numberedPage(1),
      'dist/flag/index.html': numberedPage(2),
    })
    const built = await cspkit(['build', 'dist', '--include', '^index\\.html$'], dir)
    expect(built.code, built.stderr).toBe(0)
    expect(built.stdout).toMatch(/1 page in dist, 1 updated.*\(config cspkit\.config\.ts\)/)
    expect(readFileSync(join(dir, 'dist/index.html'), 'utf8')).toContain(sha('sha384', 'window.ran = 1'))
    expect(readFileSync(join(dir, 'dist/flag/index.html'), 'utf8')).toBe(numberedPage(2))

    const flagged = await cspkit(['build', 'dist', '--algorithm', 'sha512'], dir)
    expect(flagged.code, flagged.stderr).toBe(0)
    expect(readFileSync(join(dir, 'dist/flag/index.html'), 'utf8')).toContain(sha('sha512', 'window.ran = 2'))
    expect(readdirSync(dir).sort()).toEqual(['cspkit.config.ts', 'dist'])
  })

  it('an unknown option in cspkit.config.json is OPTION_UNKNOWN with a did-you-mean, exit 2', async () => {
    const dir = project('json-config', { 'cspkit.config.json': '{ "polcy": "default-src \'self\'" }', 'dist/index.html': numberedPage(1) })
    const built = await cspkit(['build', 'dist'], dir)
    expect(built.code).toBe(2)
    expect(built.stderr).toContain("[cspkit] OPTION_UNKNOWN (option polcy): 'polcy' is not a cspkit option. Fix: Did you mean 'policy'?")
    expect(readFileSync(join(dir, 'dist/index.html'), 'utf8')).toBe(numberedPage(1))
  })

  it('a config that does not load is CONFIG_UNREADABLE naming the file, exit 2; --config to a missing file is CONFIG_NOT_FOUND', async () => {
    const dir = project('broken-config', { 'cspkit.config.mjs': 'export default {\n', 'dist/index.html': numberedPage(1) })
    const built = await cspkit(['build', 'dist'], dir)
    expect(built.code).toBe(2)
    expect(built.stderr).toMatch(/^\[cspkit\] CONFIG_UNREADABLE \(.*cspkit\.config\.mjs\): The config file could not be loaded: .+ Fix: /)
    const missing = await cspkit(['build', 'dist', '--config', 'nope.config.mjs'], dir)
    expect(missing.code).toBe(2)
    expect(missing.stderr).toMatch(/^\[cspkit\] CONFIG_NOT_FOUND \(.*nope\.config\.mjs\)/)
  })
})

describe('cspkit build', () => {
  it('leaves a page that is not UTF-8 byte for byte as it was, reports HTML_UNREADABLE and exits 1', async () => {
    const dir = project('latin1', { 'dist/ok.html': numberedPage(1) })
    const latin1 = Buffer.from('<!doctype html><title>caf\xe9</title><script>window.x = "\xe9"</script>', 'latin1')
    writeFileSync(join(dir, 'dist/legacy.html'), latin1)
    const built = await cspkit(['build', 'dist'], dir)
    expect(built.code).toBe(1)
    expect(built.stderr).toMatch(/^\[cspkit\] HTML_UNREADABLE \(legacy\.html\): The page is not valid UTF-8/m)
    expect(readFileSync(join(dir, 'dist/legacy.html')).equals(latin1)).toBe(true)
    expect(readFileSync(join(dir, 'dist/ok.html'), 'utf8')).toContain(sha('sha256', 'window.ran = 1'))
  })

  it('with hosts: [\'netlify\'] writes _headers after every page, read back by Netlify\'s own parser with each page\'s policy', async () => {
    const dir = project('hosts', {
      'cspkit.config.json': '{ "hosts": ["netlify"] }',
      'dist/index.html': numberedPage(1),
      'dist/docs/index.html': numberedPage(2),
      'dist/_headers': '/assets/*\n  Cache-Control: max-age=31536000\n',
    })
    const built = await cspkit(['build', 'dist'], dir)
    expect(built.code, built.stderr).toBe(0)
    const parsed = await parseAllHeaders({ headersFiles: [join(dir, 'dist/_headers')], configHeaders: [], minimal: false })
    expect(parsed.errors).toEqual([])
    const headers = parsed.headers as { for: string; forRegExp: RegExp; values: Record<string, string> }[]
    const csp = (path: string) => headers.filter((h) => h.forRegExp.test(path)).map((h) => h.values['Content-Security-Policy']).filter(Boolean)
    expect(csp('/')).toHaveLength(1)
    expect(csp('/')[0]).toContain(sha('sha256', 'window.ran = 1'))
    expect(csp('/docs/')[0]).toContain(sha('sha256', 'window.ran = 2'))
    expect(headers.find((h) => h.for === '/assets/*')?.values).toEqual({ 'Cache-Control': 'max-age=31536000' })
    const again = await cspkit(['build', 'dist'], dir)
    expect(again.stdout).toMatch(/0 updated/)
  })

  it('--dry-run writes nothing', async () => {
    const dir = project('dry', { 'dist/index.html': numberedPage(3) })
    const dry = await cspkit(['build', 'dist', '--dry-run'], dir)
    expect(dry.code).toBe(0)
    expect(dry.stdout).toMatch(/1 page in dist, 1 would change/)
    expect(readFileSync(join(dir, 'dist/index.html'), 'utf8')).toBe(numberedPage(3))
  })

  it('writes exactly processSite\'s pages as UTF-8 (BOM, CRLF, multi-byte text, moved and second metas) and keeps each page\'s file mode and other hard links\' content', async () => {
    const pages: Record<string, string> = {
      'bom.html': '\uFEFF<!doctype html><html><head><title>Ça</title><style>p::after{content:"→"}</style></head><body><p>日本語 🎉</p><script>ok="✓"</script></body></html>',
      'crlf.html': '<!doctype html>\r\n<html>\r\n<head>\r\n<meta charset="utf-8">\r\n<script>\r\nvar a = "é";\r\n</script>\r\n</head>\r\n<body>ü</body>\r\n</html>\r\n',
      'late-meta.html': '<html><head>\n  <script>early("ß")</script>\n  <meta http-equiv="Content-Security-Policy" content="connect-src https://api.example">\n</head><body>Ω</body></html>',
      'two-metas.html': '<html><head><meta http-equiv="Content-Security-Policy" content="img-src \'self\'"><meta http-equiv="Content-Security-Policy" content="style-src \'self\'"><style>é{}</style></head><body>😀</body></html>',
    }
    const dir = project('bytes', Object.fromEntries(Object.entries(pages).map(([f, html]) => [`dist/${f}`, html])))
    chmodSync(join(dir, 'dist/bom.html'), 0o640)
    chmodSync(join(dir, 'dist/crlf.html'), 0o755)
    // A page hard-linked from elsewhere (a build cache): the other link must keep its content.
    mkdirSync(join(dir, 'cache'))
    linkSync(join(dir, 'dist/two-metas.html'), join(dir, 'cache/two-metas.html'))
    const expected = processSite(Object.entries(pages).map(([fileName, html]) => ({ fileName, html })), {}).pages
    const built = await cspkit(['build', 'dist', '--workers', '0'], dir)
    expect(built.code, built.stderr).toBe(0)
    expect(built.stderr).toContain('META_MOVED (late-meta.html:3)')
    for (const p of expected) {
      expect(p.changed).toBe(true)
      expect(readFileSync(join(dir, 'dist', p.fileName)).equals(Buffer.from(p.html, 'utf8')), p.fileName).toBe(true)
    }
    expect(statSync(join(dir, 'dist/bom.html')).mode & 0o777).toBe(0o640)
    expect(statSync(join(dir, 'dist/crlf.html')).mode & 0o777).toBe(0o755)
    expect(readFileSync(join(dir, 'cache/two-metas.html'), 'utf8')).toBe(pages['two-metas.html'])
    expect(readdirSync(join(dir, 'dist')).sort()).toEqual(Object.keys(pages).sort())
  })

  // Root may write any file, so the read-only case runs the CLI as an unprivileged user: possible
  // when the tests run as root (as CI does) from a checkout that user can read.
  it('replaces a read-only page in a writable folder, keeping its mode (run as an unprivileged user)', async (ctx) => {
    if (NOBODY_CANNOT_RUN_CLI) ctx.skip(NOBODY_CANNOT_RUN_CLI)
    const dir = mkdtempSync(join(tmpdir(), 'cspkit-readonly-'))
    try {
      const html = numberedPage(7)
      writeFileSync(join(dir, 'index.html'), html)
      chmodSync(join(dir, 'index.html'), 0o444)
      chownSync(join(dir, 'index.html'), NOBODY.uid, NOBODY.gid)
      chownSync(dir, NOBODY.uid, NOBODY.gid)
      const built = await cspkit(['build', '.', '--workers', '0'], dir, NOBODY)
      expect(built.code, built.stderr).toBe(0)
      const expected = processSite([{ fileName: 'index.html', html }], {}).pages[0]!
      expect(readFileSync(join(dir, 'index.html'), 'utf8')).toBe(expected.html)
      expect(statSync(join(dir, 'index.html')).mode & 0o777).toBe(0o444)
      expect(readdirSync(dir)).toEqual(['index.html'])
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })

  /** 240 pages built on two worker threads and a copy on one (built once, for the tests below). */
  let workersBuild: Promise<{ dir: string; threaded: CliRun; single: CliRun }> | undefined
  const workers = () =>
    (workersBuild ??= (async () => {
      const files: Record<string, string> = {}
      for (let i = 0; i < 240; i++) files[`dist/section-${i % 6}/page-${i}.html`] = numberedPage(i)
      files['dist/assets/app.css'] = 'body { color: black }'
      const dir = project('workers', files)
      cpSync(join(dir, 'dist'), join(dir, 'single'), { recursive: true })
      const threaded = await cspkit(['build', 'dist', '--workers', '2'], dir)
      const single = await cspkit(['build', 'single', '--workers', '0'], dir)
      return { dir, threaded, single }
    })())

  it('worker threads give the same bytes as one thread, and the result passes check', async () => {
    const { dir, threaded, single } = await workers()
    expect(threaded.code, threaded.stderr).toBe(0)
    expect(single.code, single.stderr).toBe(0)
    expect(threaded.stdout).toMatch(/240 pages in dist, 240 updated, 960 hashes, .* on 2 worker threads/)
    expect(single.stdout).not.toContain('worker threads')
    const a = tree(join(dir, 'dist'))
    expect(a).toEqual(tree(join(dir, 'single')))
    expect(a['assets/app.css']).toBe('body { color: black }')
    // Atomic writes leave no temporary files behind.
    expect(Object.keys(a).filter((f) => f.endsWith('.tmp'))).toEqual([])

    const checked = await cspkit(['check', 'dist'], dir)
    expect(checked.code, checked.stderr).toBe(0)
  })

  it.each(ENGINES)('a page the worker threads built runs in %s with zero violations: inline script, style, style attribute and onclick (clicked); negative control: without its script hash the script is blocked', async (engine) => {
    const { dir, threaded } = await workers()
    expect(threaded.code, threaded.stderr).toBe(0)
    const server = await serveDir(join(dir, 'dist'))
    // The control: the same page with its inline script's hash taken out of the policy, beside it.
    const built = readFileSync(join(dir, 'dist/section-5/page-239.html'), 'utf8')
    const scriptHash = sha('sha256', 'window.ran = 239')
    expect(built).toContain(scriptHash)
    writeFileSync(join(dir, 'dist/section-5/control-239.html'), built.replace(` ${scriptHash}`, ''))
    const control = await loadInEngine(engine, `${server.url}/section-5/control-239.html`)
    const blocked = { violations: control.violations.map((v) => [v.effectiveDirective, v.blockedURI, v.target]), ran: await control.page.evaluate(() => (window as { ran?: number }).ran ?? null) }
    await control.page.close()
    expect(blocked).toEqual({ violations: [[expect.stringMatching(/^script-src(-elem)?$/), 'inline', 'SCRIPT']], ran: null })
    const { page, violations } = await loadInEngine(engine, `${server.url}/section-5/page-239.html`)
    try {
      await page.click('button')
      expect(violations).toEqual([])
      expect(await page.violations(), 'after the click').toEqual([])
      expect(
        await page.evaluate(() => {
          const p = document.querySelector('p')!
          const w = window as unknown as { ran: number; clicked: number }
          return { ran: w.ran, clicked: w.clicked, color: getComputedStyle(p).color, margin: getComputedStyle(p).marginTop }
        }),
      ).toEqual({ ran: 239, clicked: 239, color: 'rgb(0, 39, 0)', margin: '239px' })
    } finally {
      await page.close()
      await server.close()
    }
  })
})

describe('cspkit check', () => {
  it('counts only the content after a meta that comes late in <head>, as browsers do', async () => {
    const html = `<!doctype html><html><head><script>window.early = 1</script><meta http-equiv="Content-Security-Policy" content="script-src 'none'"></head><body><script>window.late = 1</script></body></html>`
    const dir = project('late-meta', { 'dist/index.html': html })
    const checked = await cspkit(['check', 'dist'], dir)
    expect(checked.code).toBe(1)
    const messages = checked.stderr.trim().split('\n')
    expect(messages).toHaveLength(1)
    expect(messages[0]).toContain(`(index.html:1:${html.indexOf('<script>window.late') + 1})`)
    expect(messages[0]).toContain(`lacks ${sha('sha256', 'window.late = 1')}`)
  })
})
