/**
 * Inline content the build reaches and content it cannot, judged in Chromium, Firefox and WebKit:
 * - `<iframe srcdoc>` documents (nested too) inherit the page's policy: their scripts and handlers
 *   are hashed into it and run; `on*` on MathML (and SVG) elements are event handlers, hashed and
 *   run. Negative control: the same built pages with that content changed after the build are
 *   blocked in every engine, and `cspkit check` fails them.
 * - a `style` attribute on `<html>` comes before any meta: the build warns INLINE_BEFORE_META, the
 *   meta indeed does not govern it, the same policy as a header does.
 * - a `<script>` written by `document.write`: the build warns DOCUMENT_WRITE_SCRIPT, and the
 *   written script is blocked (it runs in the same page without a policy: the control).
 */
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { processSite, type Diagnostic, type Options } from '@cspkit/core'
import { serveDir, type StaticServer } from './support/browser.js'
import { tempDir } from './support/builds.js'
import { cspkit, type CliRun } from './support/cli.js'
import { ENGINES, loadInEngine } from './support/engines/index.js'

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
