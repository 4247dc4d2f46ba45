/**
 * Report-only delivery: pages built with meta off and headers.reportOnly, their `_headers` read by
 * Netlify's parser and served the way netlify dev applies it (every matching rule, later wins), then
 * loaded in Chromium, Firefox and WebKit: nothing is blocked, violations are reported, and the
 * reporting headers arrive.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { planHostFiles, processSite, resolveOptions } from '@cspkit/core'
import { serveDir, type StaticServer } from './support/browser.js'
import { ENGINES, loadInEngine } from './support/engines/index.js'
import { parseNetlify, type NetlifyRules } from './fixtures/hosts-support/host-matchers.js'

const page = (body: string) => `<!doctype html><html><head><meta charset="utf-8"><title>t</title><script>window.__ran = true</script></head><body>${body}</body></html>`

let server: StaticServer
let rules: NetlifyRules
const options = resolveOptions({
  meta: false,
  hosts: ['netlify'],
  policy: { 'default-src': ["'self'"], 'report-to': ['csp'], 'frame-ancestors': ["'none'"] },
  headers: { reportOnly: true, reportingEndpoints: { csp: 'https://reports.example.test/csp' }, security: { frameOptions: 'auto' } },
})

beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'cspkit-report-only-'))
  const site = processSite([{ fileName: 'index.html', html: page('<h1>home</h1>') }, { fileName: 'docs/index.html', html: page('<h1>docs</h1>') }], options)
  for (const p of site.pages) {
    mkdirSync(dirname(join(dir, p.fileName)), { recursive: true })
    writeFileSync(join(dir, p.fileName), p.html)
  }
  const plan = planHostFiles(site.pages, options, () => undefined)
  expect(plan.diagnostics.filter((d) => d.severity !== 'info')).toEqual([])
  writeFileSync(join(dir, '_headers'), plan.files[0]!.text)
  rules = await parseNetlify(dir)
  // netlify dev: Object.assign over every matching rule's values.
  server = await serveDir(dir, { headers: (path) => Object.assign({}, ...rules.rules.filter((r) => r.forRegExp.test(path)).map((r) => r.values)) })
})

afterAll(async () => {
  await server?.close()
})

describe('report-only header policy', () => {
  it('sends Content-Security-Policy-Report-Only (no enforced CSP), Reporting-Endpoints and X-Frame-Options from frame-ancestors', async () => {
    const res = await fetch(`${server.url}/docs/`)
    expect(res.headers.get('content-security-policy')).toBeNull()
    expect(res.headers.get('content-security-policy-report-only')).toContain("report-to csp")
    expect(res.headers.get('reporting-endpoints')).toBe('csp="https://reports.example.test/csp"')
    expect(res.headers.get('x-frame-options')).toBe('DENY')
  })

  // In every engine: the injected script runs (report-only blocks nothing) and is reported, as a
  // report-disposition violation; the hashed script ran with none. That one report is each load's
  // negative control (a header that did not arrive would report nothing).
  it.each(ENGINES)('lets hashed inline code run silently in %s and reports, without blocking, what the policy would refuse', async (engine) => {
    const { page, violations } = await loadInEngine(engine, `${server.url}/`)
    try {
      expect(violations).toEqual([])
      expect(await page.evaluate(() => (window as unknown as { __ran?: boolean }).__ran)).toBe(true)
      await page.evaluate(() => {
        const s = document.createElement('script')
        s.textContent = 'window.__injected = true'
        document.head.append(s)
      })
      await new Promise((ok) => setTimeout(ok, 200))
      expect(await page.evaluate(() => (window as unknown as { __injected?: boolean }).__injected)).toBe(true)
      const after = await page.violations()
      expect(after.map((v) => [v.effectiveDirective, v.disposition])).toEqual([['script-src-elem', 'report']])
    } finally {
      await page.close()
    }
  })
})
