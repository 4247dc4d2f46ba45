/**
 * What browsers make of a page, and cspkit with them, judged in Chromium, Firefox and WebKit.
 *
 * `cspkit check` reads a delivered policy as the browsers do, so a policy text cannot fool it: a ","
 * in a meta (two policies to Chromium and WebKit, one comma-laden policy to Firefox), line breaks
 * (whitespace), upper-case directive names, a repeated directive (the first wins), and a text that is
 * no policy at all (which fails the page). Each hand-written page (not built by cspkit) holds one
 * inline script; the check's verdict is compared with what each engine does with the same page.
 *
 * The build reaches inline content browsers run, and says what it cannot reach:
 * - `<iframe srcdoc>` documents (nested too) inherit the page's policy: their scripts and handlers
 *   are hashed into it and run; `on*` on MathML (and SVG) elements are event handlers, hashed and
 *   run. Negative control: the same built pages with that content changed after the build are
 *   blocked in every engine, and `cspkit check` fails them.
 * - a `style` attribute on `<html>` comes before any meta: the build warns INLINE_BEFORE_META, the
 *   meta indeed does not govern it, the same policy as a header does.
 * - a `<script>` written by `document.write`: the build warns DOCUMENT_WRITE_SCRIPT, and the
 *   written script is blocked (it runs in the same page without a policy: the control).
 */
import { createHash } from 'node:crypto'
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { processSite, type Diagnostic, type Options } from '@cspkit/core'
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

const policyDir = tempDir('check-reads')
let policyServer: StaticServer
let check: CliRun

function policyPage(policy: string | undefined): string {
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
    mkdirSync(join(policyDir, name))
    writeFileSync(join(policyDir, name, 'index.html'), policyPage(policy))
  }
  // A header with two policies, as Netlify and Cloudflare send it from _headers.
  mkdirSync(join(policyDir, 'header'))
  writeFileSync(join(policyDir, 'header', 'index.html'), policyPage(undefined))
  writeFileSync(join(policyDir, '_headers'), `/header/*\n  Content-Security-Policy: ${HEADER_POLICY}\n`)
  // What a srcdoc document loads, under the policy it inherits (no engine load: the build's LOAD_BLOCKED rules).
  mkdirSync(join(policyDir, 'srcdoc-load'))
  writeFileSync(join(policyDir, 'srcdoc-load', 'index.html'), policyPage(`script-src ${sha(RAN)}; img-src 'self'`).replace('</body>', `<iframe srcdoc="&lt;img src=&quot;https://elsewhere.test/x.png&quot;&gt;"></iframe></body>`))
  check = await cspkit(['check', policyDir])
  // Every page in one load per engine: each in its own frame, with its own policy (the parent has none).
  const frames = [...Object.keys(PAGES), 'header'].map((name) => `<iframe id="${name}" src="/${name}/"></iframe>`).join('')
  writeFileSync(join(policyDir, 'frames.html'), `<!DOCTYPE html><html><head><title>frames</title></head><body>${frames}</body></html>`)
  policyServer = await serveDir(policyDir, { headers: (path): Record<string, string> => (path.startsWith('/header/') ? { 'content-security-policy': HEADER_POLICY } : {}) })
})
afterAll(() => policyServer?.close())

describe('cspkit check reads each policy text as browsers do', () => {
  it('fails exactly the pages some engine blocks or leaves unprotected', () => {
    expect(check.code).toBe(1)
    expect(problemsOf('hashed/index.html')).toEqual([])
    expect(problemsOf('duplicate-first-wins/index.html')).toEqual([])
    for (const name of ['none', 'comma', 'comma-firefox', 'line-breaks', 'upper-case'])
      expect(problemsOf(`${name}/index.html`), name).toEqual(['CHECK_INLINE_BLOCKED'])
    expect(problemsOf('unreadable/index.html')).toEqual(['CHECK_POLICY_UNREADABLE'])
    expect(problemsOf('unknown-directive/index.html')).toEqual(['CHECK_POLICY_UNREADABLE'])
    expect(problemsOf('srcdoc-load/index.html')).toEqual(['LOAD_BLOCKED'])
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
    const { page } = await loadInEngine(engine, `${policyServer.url}/frames.html`, 100)
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

const attr = (html: string) => html.replace(/&/g, '&amp;').replace(/"/g, '&quot;')
const push = (marker: string, target = 'window') => `${target}.r.push('${marker}')`

const NESTED = `<iframe srcdoc="${attr(`<script>${push('nested', 'parent.parent')}</script>`)}"></iframe>`
const HASHED_BODY = [
  `<iframe srcdoc="${attr(`<script>${push('srcdoc', 'parent')}</script><img src="data:," onerror="${attr(push('srcdoc-handler', 'parent'))}">`)}"></iframe>`,
  `<iframe srcdoc="${attr(NESTED)}"></iframe>`,
  `<math><mi id="mi" onclick="${push('mathml')}">x</mi></math>`,
  `<svg width="9" height="9"><rect id="rect" width="9" height="9" onclick="${push('svg')}"/></svg>`,
  '<script src="/fire.js"></script>',
].join('\n')
const EVERY_MARKER = ['mathml', 'nested', 'srcdoc', 'srcdoc-handler', 'svg']

const PRE_HEAD = '<!DOCTYPE html><html style="color: rgb(1, 2, 3)"><head><meta charset="utf-8"><title>t</title></head><body><p id="p" style="margin-left: 7px">p</p></body></html>'
const WRITER = `<script>${push('writer')}; document.write('<scr' + 'ipt>window.r.push("written")</scr' + 'ipt>')</script>`

const page = (body: string) => `<!DOCTYPE html><html><head><meta charset="utf-8"><title>t</title><script>window.r = []</script></head><body>\n${body}\n</body></html>`

const dir = tempDir('inline-reach')
let server: StaticServer
const built: Record<string, { html: string; headerPolicy: string; diagnostics: readonly Diagnostic[] }> = {}
let checkHashed: CliRun
let checkTampered: CliRun

function build(name: string, html: string, options: Options = {}) {
  const site = processSite([{ fileName: 'index.html', html }], { failOn: 'never', ...options })
  const result = { html: site.pages[0]!.html, headerPolicy: site.pages[0]!.headerPolicy, diagnostics: site.diagnostics }
  write(name, result.html)
  built[name] = result
  return result
}

function write(name: string, html: string): void {
  mkdirSync(join(dir, name), { recursive: true })
  writeFileSync(join(dir, name, 'index.html'), html)
}

beforeAll(async () => {
  // Two folders, so each can be checked by the CLI on its own.
  const hashed = build('hashed/page', page(HASHED_BODY))
  write('tampered/page', hashed.html.replace("'srcdoc'", "'srcdoX'").replace("'nested'", "'nesteX'").replace("'mathml'", "'mathmX'"))
  writeFileSync(join(dir, 'fire.js'), "for (const id of ['mi', 'rect']) document.getElementById(id).dispatchEvent(new MouseEvent('click', { bubbles: true }))")
  // No hash for style="", so that only the meta's reach decides whether <html style> applies.
  build('pre-head', PRE_HEAD, { hash: { styleAttributes: false } })
  build('pre-head-header', PRE_HEAD, { hash: { styleAttributes: false }, meta: false })
  build('document-write', page(WRITER))
  write('document-write-source', page(WRITER))
  const names = ['hashed/page', 'tampered/page', 'pre-head', 'pre-head-header', 'document-write', 'document-write-source']
  writeFileSync(join(dir, 'frames.html'), `<!DOCTYPE html><html><head><title>frames</title></head><body>${names.map((n) => `<iframe id="${n}" src="/${n}/"></iframe>`).join('')}</body></html>`)
  ;[checkHashed, checkTampered] = await Promise.all([cspkit(['check', join(dir, 'hashed')]), cspkit(['check', join(dir, 'tampered')])])
  const header = built['pre-head-header']!.headerPolicy
  server = await serveDir(dir, { headers: (path): Record<string, string> => (path.startsWith('/pre-head-header/') ? { 'content-security-policy': header } : {}) })
})
afterAll(() => server?.close())

const codes = (name: string) => built[name]!.diagnostics.map((d) => d.code)

describe('the build reaches srcdoc and MathML content, and says what it cannot reach', () => {
  it('srcdoc scripts and handlers, nested srcdocs and MathML handlers are hashed: the build is quiet, check passes', () => {
    expect(codes('hashed/page').filter((c) => c.includes('BLOCKED') || c.includes('BEFORE'))).toEqual([])
    expect(checkHashed.code, checkHashed.stderr).toBe(0)
  })

  it('the same pages changed after the build fail cspkit check, located at each srcdoc attribute and at the handler', () => {
    expect(checkTampered.code).toBe(1)
    const lines = checkTampered.stderr.split('\n').filter((l) => l.startsWith('[cspkit] CHECK_INLINE_BLOCKED'))
    expect(lines).toHaveLength(3)
    expect(lines.filter((l) => l.includes('in the <iframe srcdoc> document'))).toHaveLength(2)
    expect(lines.filter((l) => l.includes('event handler onclick="" on <mi>'))).toHaveLength(1)
  })

  it('<html style> before the meta: INLINE_BEFORE_META at the attribute, with the header as the fix', () => {
    const d = built['pre-head']!.diagnostics.find((x) => x.code === 'INLINE_BEFORE_META')!
    expect(d.file).toBe(`index.html:1:${PRE_HEAD.indexOf('style=') + 1}`)
    expect(d.fix).toContain('header')
    // A header covers the whole page: nothing to warn about.
    expect(codes('pre-head-header')).not.toContain('INLINE_BEFORE_META')
  })

  it('document.write of a <script>: DOCUMENT_WRITE_SCRIPT at the writing script', () => {
    const d = built['document-write']!.diagnostics.find((x) => x.code === 'DOCUMENT_WRITE_SCRIPT')!
    expect(d.file).toBe('index.html:2:1')
    expect(codes('hashed/page')).not.toContain('DOCUMENT_WRITE_SCRIPT')
  })
})

describe.each(ENGINES)('%s', (engine) => {
  it('runs the hashed srcdoc and MathML content, blocks it changed, and bears out both warnings', async () => {
    const { page } = await loadInEngine(engine, `${server.url}/frames.html`, 300)
    const seen = await page.evaluate(() => {
      const frame = (id: string) => (document.getElementById(id) as HTMLIFrameElement).contentWindow as Window & { r?: string[] }
      const color = (id: string, pick: (d: Document) => Element) => frame(id).getComputedStyle(pick(frame(id).document)).color
      return {
        hashed: [...(frame('hashed/page').r ?? [])].sort(),
        tampered: [...(frame('tampered/page').r ?? [])].sort(),
        preHead: [color('pre-head', (d) => d.documentElement), frame('pre-head').getComputedStyle(frame('pre-head').document.getElementById('p')!).marginLeft],
        preHeadHeader: color('pre-head-header', (d) => d.documentElement),
        written: frame('document-write').r,
        writtenSource: frame('document-write-source').r,
      }
    })
    await page.close()
    expect(seen.hashed).toEqual(EVERY_MARKER)
    // Changed after the build: each changed item is blocked, the rest still runs.
    expect(seen.tampered).toEqual(['srcdoc-handler', 'svg'])
    // The meta does not govern <html style> (it applies), but does the <p style> after it; a header governs both.
    expect(seen.preHead).toEqual(['rgb(1, 2, 3)', '0px'])
    expect(seen.preHeadHeader).toBe('rgb(0, 0, 0)')
    expect(seen.written).toEqual(['writer'])
    expect(seen.writtenSource).toEqual(['writer', 'written'])
  })
})
