import { execFile } from 'node:child_process'
import { createHash } from 'node:crypto'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

// The core's lazy groups (strict mode, host files: scripts/bundle-core.mjs) load on their first
// call, in whichever thread calls them. A worker thread of directory mode resolves its options as
// soon as it starts: a lazy group loaded there while the core's own module was still being
// evaluated was refused (ERR_REQUIRE_CYCLE_MODULE) and `cspkit build --strict` crashed on every site
// large enough for workers. The real bin, spawned as users run it, on worker threads and without.

const ROOT = resolve(fileURLToPath(new URL('..', import.meta.url)))
const CSPKIT = join(ROOT, 'packages/cli/dist/bin.js')
const SCRIPT = 'console.log("app")\n'
const PAGES = 6

let work: string
beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'cspkit-lazy-workers-'))
})
afterAll(() => rmSync(work, { recursive: true, force: true }))

/** A small site: pages that load one script file and carry an inline style. */
function site(name: string): string {
  const dir = join(work, name)
  mkdirSync(join(dir, 'assets'), { recursive: true })
  writeFileSync(join(dir, 'assets/app.js'), SCRIPT)
  for (let i = 0; i < PAGES; i++)
    writeFileSync(join(dir, `page-${i}.html`), `<!doctype html><html><head><meta charset="utf-8"><title>${i}</title><script src="/assets/app.js"></script></head><body><p style="color:red">${i}</p></body></html>\n`)
  return dir
}

function build(args: string[]): Promise<{ code: number; stderr: string }> {
  return new Promise((done) => {
    execFile(process.execPath, [CSPKIT, 'build', ...args, '--no-progress'], { cwd: work }, (error, _stdout, stderr) => done({ code: error ? Number(error.code) : 0, stderr }))
  })
}

const integrity = `sha384-${createHash('sha384').update(SCRIPT).digest('base64')}`

describe('the core\'s lazy groups load on worker threads', () => {
  it.each([['2'], ['0']])('--strict with --workers %s: every page gets its script\'s integrity and a strict policy', async (workers) => {
    const dir = site(`strict-${workers}`)
    const run = await build([dir, '--strict', '--workers', workers])
    expect(run.stderr).not.toMatch(/ERR_REQUIRE|Error:|\n\s+at /)
    expect(run.code).toBe(0)
    for (let i = 0; i < PAGES; i++) {
      const html = readFileSync(join(dir, `page-${i}.html`), 'utf8')
      expect(html).toContain(`integrity="${integrity}"`)
      expect(html).toMatch(/<meta http-equiv="Content-Security-Policy" content="[^"]*'strict-dynamic'/)
    }
  })

  it('--hosts netlify with --workers 2: the host file is written', async () => {
    const dir = site('hosts')
    const run = await build([dir, '--hosts', 'netlify', '--workers', '2'])
    expect(run.stderr).not.toMatch(/ERR_REQUIRE|Error:|\n\s+at /)
    expect(run.code).toBe(0)
    expect(readFileSync(join(dir, '_headers'), 'utf8')).toContain('Content-Security-Policy:')
  })
})
