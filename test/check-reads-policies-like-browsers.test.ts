/**
 * `cspkit check` reads a delivered policy as the browsers do, so a policy text cannot fool it: a ","
 * in a meta (two policies to Chromium and WebKit, one comma-laden policy to Firefox), line breaks
 * (whitespace), upper-case directive names, a repeated directive (the first wins), and a text that is
 * no policy at all (which fails the page). Each hand-written page (not built by cspkit) holds one
 * inline script; the check's verdict is compared with what each engine does with the same page.
 */
import { mkdirSync, writeFileSync } from 'node:fs'
import { createHash } from 'node:crypto'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { serveDir, type StaticServer } from './support/browser.js'
import { tempDir } from './support/builds.js'
import { cspkit, type CliRun } from './support/cli.js'
import { ENGINES, loadInEngine, type EngineName } from './support/engines/index.js'

const RAN = 'window.ran = true'
const sha = (text: string) => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`

/** Each page's meta content, and whether its script runs in each engine (asserted below, so an engine's change fails here). */
const PAGES: Record<string, { policy: string; runs: Record<EngineName, boolean> }> = {
  // The positive control: the script's hash, so it runs everywhere and check passes.
  hashed: { policy: `script-src ${sha(RAN)}`, runs: { chromium: true, firefox: true, webkit: true } },
  // The negative control: no source allows it.
  none: { policy: "script-src 'none'", runs: { chromium: false, firefox: false, webkit: false } },
  comma: { policy: "style-src 'none' , script-src 'none'", runs: { chromium: false, firefox: true, webkit: false } },
  // Firefox's single reading loses the hash to the comma: blocked there only.
  'comma-firefox': { policy: `script-src 'self' ${sha(RAN)}, img-src 'self'`, runs: { chromium: true, firefox: false, webkit: true } },
  'line-breaks': { policy: "style-src 'none';\nscript-src\n\t'none'", runs: { chromium: false, firefox: false, webkit: false } },
  'upper-case': { policy: "SCRIPT-SRC 'NONE'", runs: { chromium: false, firefox: false, webkit: false } },
  'duplicate-first-wins': { policy: `script-src ${sha(RAN)}; script-src 'none'`, runs: { chromium: true, firefox: true, webkit: true } },
  // No directive at all: nothing is restricted, in any engine; check must not call it protected.
  unreadable: { policy: ' ; , ', runs: { chromium: true, firefox: true, webkit: true } },
  // Only a directive no browser knows: ignored, so nothing is restricted either.
  'unknown-directive': { policy: "scirpt-src 'none'", runs: { chromium: true, firefox: true, webkit: true } },
}

const HEADER_POLICY = "style-src 'none', script-src 'none'"

const dir = tempDir('check-reads')
let server: StaticServer
let check: CliRun

function page(policy: string | undefined): string {
  const meta = policy === undefined ? '' : `<meta http-equiv="Content-Security-Policy" content="${policy.replace(/"/g, '&quot;')}">`
  return `<!DOCTYPE html><html><head><meta charset="utf-8">${meta}<title>t</title></head><body><script>${RAN}</script></body></html>`
}

/** The check's problems for one page, by code. */
function problemsOf(file: string): string[] {
  return check.stderr
    .split('\n')
    .filter((l) => l.includes(`(${file}`))
    .map((l) => /^\[cspkit\] ([A-Z_]+)/.exec(l)?.[1] ?? l)
}

beforeAll(async () => {
  for (const [name, { policy }] of Object.entries(PAGES)) {
    mkdirSync(join(dir, name))
    writeFileSync(join(dir, name, 'index.html'), page(policy))
  }
  // A header with two policies, as Netlify and Cloudflare send it from _headers.
  mkdirSync(join(dir, 'header'))
  writeFileSync(join(dir, 'header', 'index.html'), page(undefined))
  writeFileSync(join(dir, '_headers'), `/header/*\n  Content-Security-Policy: ${HEADER_POLICY}\n`)
  check = await cspkit(['check', dir])
  // Every page in one load per engine: each in its own frame, with its own policy (the parent has none).
  const frames = [...Object.keys(PAGES), 'header'].map((name) => `<iframe id="${name}" src="/${name}/"></iframe>`).join('')
  writeFileSync(join(dir, 'frames.html'), `<!DOCTYPE html><html><head><title>frames</title></head><body>${frames}</body></html>`)
  server = await serveDir(dir, { headers: (path): Record<string, string> => (path.startsWith('/header/') ? { 'content-security-policy': HEADER_POLICY } : {}) })
})
afterAll(() => server?.close())

describe('cspkit check reads each policy text as browsers do', () => {
  it('fails exactly the pages some engine blocks or leaves unprotected', () => {
    expect(check.code).toBe(1)
    expect(problemsOf('hashed/index.html')).toEqual([])
    expect(problemsOf('duplicate-first-wins/index.html')).toEqual([])
    for (const name of ['none', 'comma', 'comma-firefox', 'line-breaks', 'upper-case'])
      expect(problemsOf(`${name}/index.html`), name).toEqual(['CHECK_INLINE_BLOCKED'])
    expect(problemsOf('unreadable/index.html')).toEqual(['CHECK_POLICY_UNREADABLE'])
    expect(problemsOf('unknown-directive/index.html')).toEqual(['CHECK_POLICY_UNREADABLE'])
    // Both hosts that read _headers send the two policies.
    expect(problemsOf('header/index.html')).toEqual(['CHECK_INLINE_BLOCKED', 'CHECK_INLINE_BLOCKED'])
  })

  it('names the reading that blocks and the fix', () => {
    const line = (file: string) => check.stderr.split('\n').find((l) => l.includes(`(${file}`))!
    expect(line('comma/index.html')).toContain('policy 2 of 2 (Chromium and WebKit split the text at ",")')
    expect(line('comma-firefox/index.html')).toContain('as Firefox reads a meta: one policy')
    expect(line('comma-firefox/index.html')).toContain(sha(RAN))
    expect(line('unreadable/index.html')).toMatch(/^\[cspkit\] CHECK_POLICY_UNREADABLE \(unreadable\/index\.html:1\): The <meta> CSP is " ; , ", which all engines read as no policy at all \(no directive a browser knows\).* Fix: /)
  })
})

describe.each(ENGINES)('%s runs what the check passes', (engine) => {
  it('each page, in a frame of its own', async () => {
    const { page } = await loadInEngine(engine, `${server.url}/frames.html`, 100)
    const ran: Record<string, boolean> = await page.evaluate(() =>
      Object.fromEntries([...document.querySelectorAll('iframe')].map((f) => [f.id, (f.contentWindow as unknown as { ran?: boolean }).ran === true])),
    )
    await page.close()
    const expected = Object.fromEntries(Object.entries(PAGES).map(([name, p]) => [name, p.runs[engine]]))
    // A header with "," is two policies in every engine: the second blocks.
    expect(ran).toEqual({ ...expected, header: false })
    // The check never passes a page whose script an engine blocks.
    for (const [name, didRun] of Object.entries(ran)) if (!didRun) expect(problemsOf(`${name}/index.html`), name).toContain('CHECK_INLINE_BLOCKED')
  })
})
