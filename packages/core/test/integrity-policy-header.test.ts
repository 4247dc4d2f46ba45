/**
 * headers.integrityPolicy through the public doors (resolveOptions, processSite + planHostFiles):
 * the header goes out only for pages whose every script has integrity, through every host writer,
 * and needs strict mode.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { processDirectory } from '../src/directory.js'
import { processSite } from '../src/site.js'
import { resolveOptions, type Options } from '../src/options.js'
import { CspkitError } from '../src/diagnostics.js'
import { planHostFiles } from '../src/headers/plan.js'
import { HOST_NAMES, HEADERLESS_HOSTS } from '../src/headers/host-options.js'

const scripts = [{ fileName: 'assets/entry-1a.js', code: 'document.body.dataset.ran = "1"\n' }]
const built = '<!doctype html><html><head><meta charset="utf-8"><script src="/assets/entry-1a.js"></script></head><body></body></html>'
const moduleEntry = '<!doctype html><html><head><meta charset="utf-8"><script type="module" crossorigin src="/assets/entry-1a.js"></script></head><body></body></html>'
// A CDN script strict mode cannot hash (not in the build, no published integrity on it).
const cdn = '<!doctype html><html><head><meta charset="utf-8"><script src="https://cdn.example.com/lib.js"></script></head><body></body></html>'

// Firebase edits a firebase.json that is there (it never invents the hosting entry).
const EXISTING: Record<string, string> = { 'firebase.json': '{ "hosting": { "public": "dist" } }\n' }

function plan(pages: { fileName: string; html: string }[], options: Options) {
  // failOn 'never': the CDN page's STRICT_SCRIPT_UNHASHED error is the strict engineer's; here the header plan is under test.
  const resolved = resolveOptions({ strict: true, meta: false, failOn: 'never', ...options })
  const site = processSite(pages, resolved, { scripts })
  return planHostFiles(site.pages, resolved, (_location, fileName) => EXISTING[fileName])
}

const problems = (options: Options) => {
  try {
    resolveOptions(options)
  } catch (error) {
    return (error as CspkitError).diagnostics.map((d) => [d.code, d.option, d.message, d.fix])
  }
  return []
}

describe('headers.integrityPolicy', () => {
  it('is off by default; true and report-only resolve to the header to send; other values are OPTION_INVALID', () => {
    expect(resolveOptions({}).headers.integrityPolicy).toBe(false)
    expect(resolveOptions({ strict: true, headers: { integrityPolicy: true } }).headers.integrityPolicy).toBe('enforce')
    expect(resolveOptions({ strict: true, headers: { integrityPolicy: 'report-only' } }).headers.integrityPolicy).toBe('report-only')
    const bad = problems({ strict: true, headers: { integrityPolicy: 'yes' as never } })
    expect(bad.map((p) => p.slice(0, 2))).toEqual([['OPTION_INVALID', 'headers.integrityPolicy']])
  })

  it('without strict is an OPTION_INVALID error that says to turn strict on', () => {
    const [p, ...rest] = problems({ headers: { integrityPolicy: true } })
    expect(rest).toEqual([])
    expect(p!.slice(0, 2)).toEqual(['OPTION_INVALID', 'headers.integrityPolicy'])
    expect(p![3]).toMatch(/strict: true/)
    expect(problems({ headers: { integrityPolicy: false } })).toEqual([])
  })

  it('goes site-wide when every page has integrity on every script, and not at all without the option', () => {
    const pages = [{ fileName: 'index.html', html: built }, { fileName: 'about.html', html: built }]
    const on = plan(pages, { hosts: ['netlify'], headers: { integrityPolicy: true } })
    const site = on.files[0]!.rules.find((r) => r.scope === 'site')!
    expect(site.headers).toContainEqual(['Integrity-Policy', 'blocked-destinations=(script)'])
    expect(on.files[0]!.text).toMatch(/^\/\*\n(?:  .*\n)*  Integrity-Policy: blocked-destinations=\(script\)$/m)
    expect(on.diagnostics.filter((d) => d.code === 'HEADERS_INTEGRITY_POLICY_WITHHELD')).toEqual([])
    // Scripts inserted at run time are not in the HTML: the build says the header blocks those without integrity.
    expect(on.diagnostics.find((d) => d.code === 'HEADERS_INTEGRITY_POLICY_ENFORCED')).toMatchObject({ severity: 'info', option: 'headers.integrityPolicy' })
    const off = plan(pages, { hosts: ['netlify'] })
    expect(off.files[0]!.text).not.toMatch(/Integrity-Policy/)
    const reportOnly = plan(pages, { hosts: ['netlify'], headers: { integrityPolicy: 'report-only' } })
    expect(reportOnly.files[0]!.text).toMatch(/^  Integrity-Policy-Report-Only: blocked-destinations=\(script\)$/m)
    expect(reportOnly.files[0]!.text).not.toMatch(/^  Integrity-Policy:/m)
    expect(reportOnly.diagnostics.map((d) => d.code)).not.toContain('HEADERS_INTEGRITY_POLICY_ENFORCED')
  })

  it('is withheld from a page with a script lacking integrity, with a warning naming the page and script, and kept for the others', () => {
    const pages = [{ fileName: 'index.html', html: built }, { fileName: 'cdn.html', html: cdn }]
    const result = plan(pages, { hosts: ['netlify'], headers: { integrityPolicy: true } })
    const warning = result.diagnostics.find((d) => d.code === 'HEADERS_INTEGRITY_POLICY_WITHHELD')!
    expect(warning).toMatchObject({ severity: 'warning', file: 'cdn.html', option: 'headers.integrityPolicy' })
    expect(warning.message).toContain("'https://cdn.example.com/lib.js'")
    expect(warning.fix).toMatch(/integrity=/)
    const rules = result.files[0]!.rules
    const has = (r: (typeof rules)[number]) => r.headers.some(([n]) => n === 'Integrity-Policy')
    expect(rules.filter(has).map((r) => [r.scope, r.fileName])).toEqual([['page', 'index.html']])
    // The page without it gets its CSP and nothing else from cspkit for that header.
    expect(rules.filter((r) => r.fileName === 'cdn.html').flatMap((r) => r.headers.map(([n]) => n))).not.toContain('Integrity-Policy')
  })

  it("is withheld in enforce mode from a page running module scripts (their imports have no integrity), and sent for it in report-only mode", () => {
    const pages = [{ fileName: 'index.html', html: built }, { fileName: 'app.html', html: moduleEntry }]
    const enforced = plan(pages, { hosts: ['netlify'], headers: { integrityPolicy: true } })
    const warning = enforced.diagnostics.find((d) => d.code === 'HEADERS_INTEGRITY_POLICY_WITHHELD')!
    expect(warning).toMatchObject({ file: 'app.html', severity: 'warning' })
    expect(warning.message).toMatch(/module scripts.*WebKit/)
    expect(warning.fix).toMatch(/'report-only'/)
    const sentTo = (r: typeof enforced) => r.files[0]!.rules.filter((x) => x.headers.some(([n]) => n.startsWith('Integrity-Policy'))).map((x) => x.scope === 'site' ? '*' : x.fileName)
    expect(sentTo(enforced)).toEqual(['index.html'])
    const reportOnly = plan(pages, { hosts: ['netlify'], headers: { integrityPolicy: 'report-only' } })
    expect(reportOnly.diagnostics.filter((d) => d.code === 'HEADERS_INTEGRITY_POLICY_WITHHELD')).toEqual([])
    expect(sentTo(reportOnly)).toEqual(['*'])
  })

  it('in directory mode (cspkit build: no page HTML kept) tells module pages from classic ones by what strict mode recorded', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cspkit-integrity-policy-dir-'))
    try {
      mkdirSync(join(dir, 'assets'))
      writeFileSync(join(dir, 'assets/entry-1a.js'), scripts[0]!.code)
      writeFileSync(join(dir, 'index.html'), built)
      writeFileSync(join(dir, 'app.html'), moduleEntry)
      // An inline module (its imports are fetched without integrity) beside a classic script with it.
      writeFileSync(join(dir, 'inline.html'), built.replace('</head>', '<script type="module">import "/assets/entry-1a.js"</script></head>'))
      const result = await processDirectory(dir, { strict: true, meta: false, hosts: ['netlify'], headers: { integrityPolicy: true }, failOn: 'never' }, { workers: 0 })
      expect(result.pages.find((p) => p.fileName === 'app.html')!.strict).toMatchObject({ modules: true, scripts: [{ src: '/assets/entry-1a.js', module: true }] })
      expect(result.pages.find((p) => p.fileName === 'index.html')!.strict).toMatchObject({ modules: false, scripts: [{ module: false }] })
      const withheld = result.diagnostics.filter((d) => d.code === 'HEADERS_INTEGRITY_POLICY_WITHHELD')
      // The same finding on two pages is one diagnostic naming both.
      expect(withheld.map((d) => d.file)).toEqual(['2 pages: app.html, inline.html'])
      expect(withheld[0]!.message).toMatch(/it runs module scripts/)
      const headers = readFileSync(join(dir, '_headers'), 'utf8')
      // Sent for the classic page only: its rule carries the header, the module pages' rules do not.
      const rules = headers.split(/\n(?=\/)/).filter((r) => r.includes('Integrity-Policy'))
      expect(rules.map((r) => r.split('\n')[0]!.trim())).toEqual(expect.arrayContaining(['/']))
      expect(rules.join('\n')).not.toMatch(/^\/app/m)
      expect(rules.join('\n')).not.toMatch(/^\/inline/m)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })

  it('is written by every host writer that sends headers, from the one plan', () => {
    const hosts = HOST_NAMES.filter((h) => !HEADERLESS_HOSTS.includes(h))
    for (const host of hosts) {
      // One host per build: Netlify and Cloudflare both read _headers (options reject them together).
      const result = plan([{ fileName: 'index.html', html: built }], { hosts: [host], headers: { integrityPolicy: true } })
      const text = result.files.map((f) => f.text).join('\n')
      expect(result.diagnostics.filter((d) => d.severity === 'error'), host).toEqual([])
      expect(text, host).toContain('Integrity-Policy')
      expect(text, host).toContain('blocked-destinations=(script)')
    }
  })

  it("is reported as having no effect on GitHub Pages (no custom headers)", () => {
    const result = plan([{ fileName: 'index.html', html: built }], { hosts: ['github-pages'], meta: true, headers: { integrityPolicy: true } })
    expect(result.diagnostics.find((d) => d.code === 'HEADERS_HOST_HEADERLESS')?.message).toContain('headers.integrityPolicy')
  })
})
