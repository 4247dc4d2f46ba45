import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { cspkit } from './support/cli.js'

// `cspkit check` without a browser runs the build's static analysis on what a folder delivers: every
// URL a page loads against each policy the browser enforces there (an error, as in the build), and
// what the folder's scripts do (warnings: read from the text, not run).

const work = mkdtempSync(join(tmpdir(), 'cspkit-check-loads-'))
afterAll(() => rmSync(work, { recursive: true, force: true }))

function site(name: string, head: string, files: Record<string, string> = {}): string {
  const dir = join(work, name)
  mkdirSync(join(dir, 'dist'), { recursive: true })
  writeFileSync(join(dir, 'dist/index.html'), `<!doctype html><html><head><title>t</title>${head}<script src="/app.js"></script></head><body><p>hi</p></body></html>`)
  writeFileSync(join(dir, 'dist/app.js'), files['app.js'] ?? 'document.body.dataset.ok = "1"')
  return dir
}

describe('cspkit check: what pages load and what their scripts do', () => {
  it('fails on a URL the delivered policy blocks, naming the page, the directive and the fix', async () => {
    const dir = site('blocked', '<script src="https://cdn.example.net/widget.js"></script>')
    expect((await cspkit(['build', 'dist', '--fail-on', 'never'], dir)).code).toBe(0)
    const run = await cspkit(['check', 'dist'], dir)
    expect(run.code).toBe(1)
    expect(run.stderr).toMatch(/^\[cspkit\] LOAD_BLOCKED \(index\.html:1:\d+, option policy\.script-src\): <script src="https:\/\/cdn\.example\.net\/widget\.js"> loads from 'https:\/\/cdn\.example\.net'.* Fix: .*'https:\/\/cdn\.example\.net'/m)
    expect(run.stdout).toContain('1 of 1 page in dist fails (1 blocked load)')
  })

  it('passes once the policy allows it, and says what it checked', async () => {
    const dir = site('allowed', '<script src="https://cdn.example.net/widget.js"></script>')
    writeFileSync(join(dir, 'cspkit.config.json'), JSON.stringify({ policy: { 'default-src': ["'self'"], 'script-src': ["'self'", 'https://cdn.example.net'] } }))
    expect((await cspkit(['build', 'dist'], dir)).code).toBe(0)
    const run = await cspkit(['check', 'dist'], dir)
    expect(run.code, run.stderr).toBe(0)
    expect(run.stdout).toContain('every inline script and style and every URL the HTML loads is allowed by its policy')
  })

  it("warns on the folder's scripts (new Function under a policy without 'unsafe-eval') without failing", async () => {
    const dir = site('eval', '', { 'app.js': 'const f = new Function("a", window.code); f(1)' })
    expect((await cspkit(['build', 'dist'], dir)).code).toBe(0)
    const run = await cspkit(['check', 'dist'], dir)
    expect(run.code, run.stderr).toBe(0)
    expect(run.stderr).toMatch(/^\[cspkit\] EVAL_BLOCKED \(app\.js:1:11, option policy\.script-src\): new Function\(\) compiles code from a string/m)
  })

  it('same-origin loads only: nothing reported (the control)', async () => {
    const dir = site('control', '<link rel="stylesheet" href="/site.css">')
    expect((await cspkit(['build', 'dist'], dir)).code).toBe(0)
    const run = await cspkit(['check', 'dist'], dir)
    expect(run.code, run.stderr).toBe(0)
    expect(run.stderr).toBe('')
  })
})
