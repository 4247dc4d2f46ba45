import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { parse as parseToml } from 'smol-toml'
import { processSite } from '../src/site.js'
import { resolveOptions, type Options } from '../src/options.js'
import { CspkitError } from '../src/diagnostics.js'
import { planHostFiles, type HostFile } from '../src/headers/plan.js'
import { netlifyValues, parseNetlify, routeVercel, vercelResponse } from '../../../test/fixtures/hosts-support/host-matchers.js'

const page = (body: string) => `<!doctype html><html><head><title>t</title></head><body>${body}</body></html>`
const SITE = [
  { fileName: 'index.html', html: page("<script>console.log('home')</script>") },
  { fileName: 'about.html', html: page("<script>console.log('about')</script>") },
  { fileName: 'docs/index.html', html: page('<p>docs</p>') },
  { fileName: '404.html', html: page('<style>body{color:red}</style>') },
]

function build(options: Options, existing: Record<string, string> = {}, pages = SITE) {
  const resolved = resolveOptions({ meta: false, ...options })
  const site = processSite(pages, resolved)
  const policyOf = (fileName: string) => site.pages.find((p) => p.fileName === fileName)!.headerPolicy
  const plan = planHostFiles(site.pages, resolved, (_location, fileName) => existing[fileName])
  return { site, plan, policyOf }
}

function tempWrite(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'cspkit-headers-'))
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text)
  return dir
}

const fileOf = (files: readonly HostFile[], host: string) => files.find((f) => f.host === host)!

describe('Netlify _headers, read by @netlify/headers-parser', () => {
  it('gives every URL a page is served at exactly one CSP, equal to that page\'s policy', async () => {
    const { plan, policyOf } = build({ hosts: ['netlify'], headers: { security: true } })
    expect(plan.diagnostics.filter((d) => d.severity === 'error')).toEqual([])
    const dir = tempWrite({ _headers: fileOf(plan.files, 'netlify').text })
    const parsed = await parseNetlify(dir)
    expect(parsed.errors).toEqual([])
    const expected: Record<string, string> = {
      '/': 'index.html',
      '/index.html': 'index.html',
      '/about': 'about.html',
      '/about/': 'about.html',
      '/About': 'about.html',
      '/about.html': 'about.html',
      '/docs': 'docs/index.html',
      '/docs/': 'docs/index.html',
      '/docs/index.html': 'docs/index.html',
      '/404': '404.html',
    }
    for (const [url, file] of Object.entries(expected)) expect(netlifyValues(parsed, url), url).toEqual([policyOf(file)])
    // Security headers once per URL, assets included.
    for (const url of ['/', '/about', '/assets/app.js'])
      expect(netlifyValues(parsed, url, 'x-content-type-options'), url).toEqual(['nosniff'])
  })

  it('sends one site-wide policy when every page shares it, so SPA deep links get the entry page\'s policy', async () => {
    const spa = [{ fileName: 'index.html', html: page("<script>boot()</script>") }]
    const { plan, policyOf } = build({ hosts: ['netlify'], headers: { spaFallback: 'index.html' } }, {}, spa)
    const parsed = await parseNetlify(tempWrite({ _headers: fileOf(plan.files, 'netlify').text }))
    for (const url of ['/', '/app/settings/42', '/index.html'])
      expect(netlifyValues(parsed, url), url).toEqual([policyOf('index.html')])
  })

  it('keeps every line of the user\'s _headers and replaces only its own block on rebuild', async () => {
    const user = '# my rules\n/assets/*\n  Cache-Control: public, max-age=31536000, immutable\n\n/admin/*\n  X-Robots-Tag: noindex\n'
    const first = build({ hosts: ['netlify'] }, { _headers: user })
    const text = fileOf(first.plan.files, 'netlify').text
    expect(text.startsWith(user)).toBe(true)
    const second = build({ hosts: ['netlify'] }, { _headers: text })
    expect(fileOf(second.plan.files, 'netlify').text).toBe(text)
    const parsed = await parseNetlify(tempWrite({ _headers: text }))
    expect(netlifyValues(parsed, '/assets/x.js', 'cache-control')).toEqual(['public, max-age=31536000, immutable'])
    expect(netlifyValues(parsed, '/about')).toEqual([first.policyOf('about.html')])
  })

  it('refuses a _headers with a broken cspkit block or a header outside any rule, naming the line', () => {
    const broken = build({ hosts: ['netlify'] }, { _headers: '/x\n  A: b\n# >>> cspkit\n/*\n  C: d\n' })
    expect(broken.plan.files).toEqual([])
    expect(broken.plan.diagnostics.map((d) => [d.code, d.file])).toContainEqual(['HEADERS_FILE_UNREADABLE', '_headers:3'])
    const orphan = build({ hosts: ['netlify'] }, { _headers: '# top\nX-Frame-Options: DENY\n' })
    expect(orphan.plan.files).toEqual([])
    expect(orphan.plan.diagnostics.map((d) => [d.code, d.file])).toContainEqual(['HEADERS_FILE_UNREADABLE', '_headers:2'])
  })

  it('warns when a user rule sets the CSP too', () => {
    const { plan } = build({ hosts: ['netlify'] }, { _headers: '/*\n  Content-Security-Policy: default-src *\n' })
    expect(plan.diagnostics.map((d) => [d.code, d.file])).toContainEqual(['HEADERS_USER_RULE_CONFLICT', '_headers:2'])
  })
})

describe('netlify.toml, edited in place', () => {
  const USER_TOML = `# Deploy settings
[build]
  command = "npm run build"   # build it
  publish = "dist"

[[redirects]]
  from = "/old"
  to = "/new"
  status = 301

# caching for assets
[[headers]]
  for = "/assets/*"
  [headers.values]
    Cache-Control = "public, max-age=31536000"
`

  it('appends [[headers]] tables that Netlify\'s parser matches to exactly one CSP per URL, keeping the rest byte for byte', async () => {
    const { plan, policyOf } = build({ hosts: ['netlify-toml'] }, { 'netlify.toml': USER_TOML })
    const text = fileOf(plan.files, 'netlify-toml').text
    expect(text.startsWith(USER_TOML)).toBe(true)
    const parsed = parseToml(text) as Record<string, unknown>
    expect(parsed.build).toEqual({ command: 'npm run build', publish: 'dist' })
    expect(parsed.redirects).toEqual([{ from: '/old', to: '/new', status: 301 }])
    const dir = tempWrite({ 'netlify.toml': text })
    const rules = await parseNetlify(undefined, join(dir, 'netlify.toml'))
    expect(rules.errors).toEqual([])
    for (const [url, file] of [['/', 'index.html'], ['/about', 'about.html'], ['/docs/', 'docs/index.html'], ['/about.html', 'about.html']] as const)
      expect(netlifyValues(rules, url), url).toEqual([policyOf(file)])
    expect(netlifyValues(rules, '/assets/a.js', 'cache-control')).toEqual(['public, max-age=31536000'])
    // Rebuild: byte-identical.
    expect(fileOf(build({ hosts: ['netlify-toml'] }, { 'netlify.toml': text }).plan.files, 'netlify-toml').text).toBe(text)
  })

  it('names the position of invalid TOML and writes nothing', () => {
    const { plan } = build({ hosts: ['netlify-toml'] }, { 'netlify.toml': '[build]\n  command = "npm run build\n' })
    expect(plan.files).toEqual([])
    const d = plan.diagnostics.find((x) => x.code === 'HEADERS_FILE_UNREADABLE')!
    expect(d.file).toMatch(/^netlify\.toml:2:\d+$/)
  })

  it('refuses a file whose headers are an inline array ([[headers]] cannot extend it)', () => {
    const { plan } = build({ hosts: ['netlify-toml'] }, { 'netlify.toml': 'headers = [ { for = "/*", values = { X = "y" } } ]\n' })
    expect(plan.files).toEqual([])
    expect(plan.diagnostics.map((d) => d.code)).toContain('HEADERS_FILE_UNREADABLE')
  })
})

describe('vercel.json, checked with @vercel/routing-utils', () => {
  const USER_VERCEL = `{
    "$schema": "https://openapi.vercel.sh/vercel.json",
    "cleanUrls": true,
    "rewrites": [{ "source": "/api/(.*)", "destination": "/api/index.js" }],
    "redirects": [{ "source": "/old", "destination": "/about", "permanent": true }],
    "headers": [
        { "source": "/assets/(.*)", "headers": [{ "key": "Cache-Control", "value": "public, max-age=31536000, immutable" }] }
    ]
}
`

  it('routes every page URL to exactly one CSP equal to its policy, keeping the user\'s config', () => {
    const { plan, policyOf } = build({ hosts: ['vercel'], headers: { security: true } }, { 'vercel.json': USER_VERCEL })
    const text = fileOf(plan.files, 'vercel').text
    const config = JSON.parse(text)
    const original = JSON.parse(USER_VERCEL)
    for (const key of ['$schema', 'cleanUrls', 'rewrites', 'redirects']) expect(config[key], key).toEqual(original[key])
    // cspkit's site rule first, then the user's rule (so it beats the site-wide fallback), then page rules.
    expect(config.headers[1]).toEqual(original.headers[0])
    expect(text).toContain('\n        { "source": "/assets/(.*)"') // the user's own lines, indentation and all
    const routed = routeVercel(config)
    expect(routed.schemaErrors).toEqual([])
    expect(routed.routeError).toBeUndefined()
    for (const [url, file] of [['/', 'index.html'], ['/about', 'about.html'], ['/docs', 'docs/index.html'], ['/404', '404.html']] as const) {
      const res = vercelResponse(routed, url)
      expect(res.redirected, url).toBe(false)
      expect(res.headers['content-security-policy'], url).toBe(policyOf(file))
    }
    expect(vercelResponse(routed, '/about.html').redirected).toBe(true) // cleanUrls: the 308 carries no page
    expect(vercelResponse(routed, '/assets/a.js').headers['cache-control']).toBe('public, max-age=31536000, immutable')
    // Rebuild: byte-identical; and pages that disappear lose their rules.
    expect(fileOf(build({ hosts: ['vercel'], headers: { security: true } }, { 'vercel.json': text }).plan.files, 'vercel').text).toBe(text)
    // cspkit's own rules are the ones its record (written next to vercel.json) lists.
    const record = fileOf(plan.files, 'vercel').companion!
    expect(record.fileName).toBe('.vercel.json.cspkit')
    const fewer = build({ hosts: ['vercel'], headers: { security: true } }, { 'vercel.json': text, [record.fileName]: record.text }, SITE.filter((p) => p.fileName !== 'about.html'))
    const after = JSON.parse(fileOf(fewer.plan.files, 'vercel').text)
    expect(after.headers.some((r: { source: string }) => r.source === '/about')).toBe(false)
    expect(after.headers[1]).toEqual(original.headers[0])
  })

  it('creates vercel.json when there is none, following its cleanUrls setting from options', () => {
    const { plan, policyOf } = build({ hosts: ['vercel'], headers: { vercel: { cleanUrls: false } } })
    const routed = routeVercel(JSON.parse(fileOf(plan.files, 'vercel').text))
    expect(routed.schemaErrors).toEqual([])
    for (const [url, file] of [['/about.html', 'about.html'], ['/docs/', 'docs/index.html'], ['/docs', 'docs/index.html'], ['/docs/index.html', 'docs/index.html']] as const)
      expect(vercelResponse(routed, url).headers['content-security-policy'], url).toBe(policyOf(file))
  })

  it('adds "headers" to a vercel.json that has none, keeping every other line byte for byte; a rebuild changes nothing', () => {
    const user = '{\n    "cleanUrls": true,\n    "redirects": [{ "source": "/old", "destination": "/about", "permanent": true }]\n}\n'
    const { plan, policyOf } = build({ hosts: ['vercel'] }, { 'vercel.json': user })
    const text = fileOf(plan.files, 'vercel').text
    expect(text.startsWith('{\n    "cleanUrls": true,\n    "redirects": [{ "source": "/old", "destination": "/about", "permanent": true }],\n    "headers": [\n')).toBe(true)
    const routed = routeVercel(JSON.parse(text))
    expect(routed.schemaErrors).toEqual([])
    expect(vercelResponse(routed, '/about').headers['content-security-policy']).toBe(policyOf('about.html'))
    expect(fileOf(build({ hosts: ['vercel'] }, { 'vercel.json': text }).plan.files, 'vercel').text).toBe(text)
  })

  it('names the position of invalid JSON and writes nothing', () => {
    const { plan } = build({ hosts: ['vercel'] }, { 'vercel.json': '{\n  "cleanUrls": true,\n  "headers": [\n}\n' })
    expect(plan.files).toEqual([])
    expect(plan.diagnostics.find((d) => d.code === 'HEADERS_FILE_UNREADABLE')!.file).toMatch(/^vercel\.json:4:1$/)
  })
})

describe('Cloudflare limits on a 150-page site', () => {
  const many = Array.from({ length: 150 }, (_, i) => ({
    fileName: i === 0 ? 'index.html' : `p${i}.html`,
    html: page(`<script>console.log(${i})</script>`),
  }))

  it("fails with a message naming the limit and the fix by default", () => {
    const { plan } = build({ hosts: ['cloudflare'] }, {}, many)
    expect(plan.files).toEqual([])
    const d = plan.diagnostics.find((x) => x.code === 'HEADERS_LIMIT_EXCEEDED')!
    expect(d.severity).toBe('error')
    expect(d.message).toMatch(/at most 100 header rules/)
    expect(d.fix).toMatch(/headers\.overflow/)
  })

  // 150 pages, 20 distinct inline scripts: per-page rules need 149 rules; the union holds 20 hashes.
  const shared = many.map((p, i) => ({ ...p, html: page(`<script>console.log(${i % 20})</script>`) }))

  it("'union' sends one site-wide policy that allows every page's inline script, within the line limit", () => {
    const { plan, site } = build({ hosts: ['cloudflare'], headers: { overflow: 'union' } }, {}, shared)
    expect(plan.diagnostics.map((d) => d.code)).toContain('HEADERS_OVERFLOW_APPLIED')
    const file = fileOf(plan.files, 'cloudflare')
    const rules = file.text.split('\n').filter((l) => l.startsWith('/'))
    expect(rules).toEqual(['/*'])
    const csp = file.text.split('\n').find((l) => l.trim().startsWith('Content-Security-Policy:'))!.trim()
    expect(csp.length).toBeLessThanOrEqual(2000)
    const tokens = new Set(csp.split(/[\s;]+/))
    for (const p of site.pages) for (const h of p.hashes) expect(tokens.has(h), p.fileName).toBe(true)
  })

  it("'union' still fails clearly when even one policy does not fit a line", () => {
    const { plan } = build({ hosts: ['cloudflare'], headers: { overflow: 'union' } }, {}, many)
    expect(plan.files).toEqual([])
    expect(plan.diagnostics.find((x) => x.code === 'HEADERS_LIMIT_EXCEEDED')!.message).toMatch(/over 2000 characters/)
  })

  it("'meta' leaves the policy to each page's meta and sends only what a meta cannot carry", () => {
    const resolved = resolveOptions({ hosts: ['cloudflare'], headers: { overflow: 'meta' }, policy: { 'default-src': ["'self'"], 'frame-ancestors': ["'none'"] } })
    const site = processSite(many, resolved)
    const plan = planHostFiles(site.pages, resolved, () => undefined)
    const file = fileOf(plan.files, 'cloudflare')
    expect(file.text.split('\n').filter((l) => l.startsWith('/'))).toEqual(['/*'])
    expect(file.text).toContain("  Content-Security-Policy: frame-ancestors 'none'\n")
    for (const p of site.pages) expect(p.html).toContain(`content="${p.metaPolicy}"`)
  })
})

describe('Cloudflare: one rule per path', () => {
  it("refuses a user rule with the path of one of cspkit's rules, naming its line, and leaves the file alone", () => {
    const existing = '# mine\n/assets/*\n  Cache-Control: immutable\n/about\n  X-Robots-Tag: noindex\n'
    const { plan } = build({ hosts: ['cloudflare'] }, { _headers: existing })
    expect(plan.files).toEqual([])
    const conflict = plan.diagnostics.find((d) => d.code === 'HEADERS_USER_RULE_CONFLICT')!
    expect(conflict).toMatchObject({ severity: 'error', file: '_headers:4' })
    expect(conflict.message).toContain("'/about'")
  })

  it('keeps user rules on other paths', () => {
    const existing = '/assets/*\n  Cache-Control: immutable\n'
    const { plan } = build({ hosts: ['cloudflare'] }, { _headers: existing })
    expect(plan.diagnostics.filter((d) => d.severity === 'error')).toEqual([])
    expect(fileOf(plan.files, 'cloudflare').text.startsWith(existing)).toBe(true)
  })
})

describe('options', () => {
  it('rejects unknown hosts, two _headers hosts, and report-only next to an enforced meta', () => {
    const codes = (o: Options) => {
      try {
        resolveOptions(o)
        return []
      } catch (e) {
        return (e as CspkitError).diagnostics.map((d) => d.option)
      }
    }
    expect(codes({ hosts: ['netlfy' as never] })).toEqual(['hosts[0]'])
    expect(codes({ hosts: ['netlify', 'cloudflare'] })).toEqual(['hosts'])
    expect(codes({ hosts: ['vercel'], headers: { reportOnly: true } })).toEqual(['headers.reportOnly'])
    expect(codes({ hosts: ['vercel'], meta: false, headers: { reportOnly: true, securty: true } as never })).toEqual(['headers.securty'])
  })
})
