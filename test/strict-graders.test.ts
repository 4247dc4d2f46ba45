/**
 * The public graders on a real strict build: the Vite SPA example built by vite 8 with `strict`,
 * its `_headers` applied by Netlify's own parser, served on 127.0.0.1, then graded by Google's CSP
 * Evaluator (the header policy), Lighthouse's csp-xss audit (the served page, header and meta) and
 * the MDN HTTP Observatory's own scan (HTTPS with a trusted certificate, HTTP redirecting to it).
 * The other two examples (vite-mpa by vite 8, webpack-app by webpack 5), strict, pass CSP Evaluator
 * on every page and Lighthouse on their home page.
 * The controls, which must get each grader's failing verdict: the same example built without
 * `strict` (today's default output), and policies with 'unsafe-inline' or a host allowlist.
 */
import { cpSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import csp from '@cspkit/vite'
import webpackCsp from '@cspkit/webpack'
import { defaultPolicy, type CspkitApi, type Diagnostic, type Options } from '@cspkit/core'
import { EXAMPLES, tempDir, viteBuild, webpackBuild } from './support/builds.js'
import { serveDir, type StaticServer } from './support/browser.js'
import { parseNetlify } from './fixtures/hosts-support/host-matchers.js'
import { cspEvaluator, lighthouseCspXss, observatoryScans, serveGraded, startLighthouseChromium, type GradedServer, type HeadersFor, type LighthouseChromium, type ObservatoryGrade } from './support/graders.js'

const SPA = join(EXAMPLES, 'vite-spa')

/** The examples' starting policy (cspkit's default, which vite-spa spells out), plus frame-ancestors (the Observatory's clickjacking test reads it). */
const POLICY = { ...defaultPolicy, 'frame-ancestors': ["'none'"] }
// headers.security's defaults plus HSTS, which is opt-in (it pins the host to HTTPS for a year).
const HEADERS: Options['headers'] = { security: { strictTransportSecurity: true } }

interface Built {
  dir: string
  /** What the build reported (the plugin's api). */
  diagnostics: readonly Diagnostic[]
  headersFor: HeadersFor
  /** The CSP header the page is served with. */
  policy: string
}

const apiOf = (plugin: unknown) => (plugin as { api: CspkitApi }).api

/** Each example's own build (with cspkit's options replaced by `options`), into `dir`; resolves with the plugin's api. */
const EXAMPLE_BUILDS = {
  'vite-spa': async (dir: string, options: Options) => {
    const plugin = csp(options)
    await viteBuild('vite8', SPA, dir, { configFile: false, plugins: [plugin] })
    return apiOf(plugin)
  },
  'vite-mpa': async (dir: string, options: Options) => {
    const root = join(EXAMPLES, 'vite-mpa')
    const plugin = csp(options)
    const { build } = (await import('vite8')) as typeof import('vite')
    const input = { home: join(root, 'index.html'), about: join(root, 'about/index.html'), contact: join(root, 'contact.html') }
    await build({ root, configFile: false, logLevel: 'silent', build: { outDir: dir, emptyOutDir: true, rollupOptions: { input } }, plugins: [plugin as never] })
    return apiOf(plugin)
  },
  'webpack-app': async (dir: string, options: Options) => {
    // The example's config with its cspkit plugin swapped for one with these options.
    const plugin = webpackCsp(options)
    const stats = await webpackBuild(join(EXAMPLES, 'webpack-app', 'webpack.config.cjs'), dir, (config) => ({ ...config, plugins: [...config.plugins.filter((p: object) => !('api' in p)), plugin] }))
    if (stats.hasErrors()) throw new Error(stats.toString('errors-only'))
    return apiOf(plugin)
  },
} as const

async function build(name: string, options: Options, example: keyof typeof EXAMPLE_BUILDS = 'vite-spa'): Promise<Built> {
  const dir = tempDir(`graders-${name}`)
  const api = await EXAMPLE_BUILDS[example](dir, { policy: POLICY, hosts: ['netlify'], headers: HEADERS, ...options })
  const netlify = await parseNetlify(dir)
  expect(netlify.errors).toEqual([])
  // Netlify applies every matching rule, later ones winning (as netlify dev does).
  const headersFor: HeadersFor = (path) => Object.assign({}, ...netlify.rules.filter((r) => r.forRegExp.test(path)).map((r) => r.values))
  const policy = headersFor('/')['Content-Security-Policy']
  expect(policy, `${name}: _headers gives / a CSP`).toBeTruthy()
  return { dir, diagnostics: api.diagnostics, headersFor, policy: policy! }
}

const ALLOWLIST = "default-src 'self'; script-src 'self' https://cdn.jsdelivr.net; object-src 'none'; base-uri 'none'"
const UNSAFE_INLINE = "default-src 'self'; script-src 'self' 'unsafe-inline'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'"

let strict: Built
let plain: Built
/** The other two examples, strict, as built by vite 8 and webpack 5. */
const others = new Map<string, Built>()
let withoutMeta: string
let chromium: LighthouseChromium
let observatory: Promise<ObservatoryGrade[]>
const servers: { close(): Promise<void> }[] = []

beforeAll(async () => {
  const started = startLighthouseChromium()
  // Integrity-Policy in report-only mode: the example runs module scripts, which an enforced one would break in WebKit.
  strict = await build('strict', { strict: true, headers: { ...HEADERS, integrityPolicy: 'report-only' } })
  plain = await build('default', {})
  for (const example of ['vite-mpa', 'webpack-app'] as const) others.set(example, await build(`strict-${example}`, { strict: true }, example))
  withoutMeta = tempDir('graders-no-meta')
  cpSync(strict.dir, withoutMeta, { recursive: true })
  const index = join(withoutMeta, 'index.html')
  const html = readFileSync(index, 'utf8')
  writeFileSync(index, html.replace(/<meta http-equiv="Content-Security-Policy"[^>]*>/, ''))
  expect(readFileSync(index, 'utf8')).not.toContain('Content-Security-Policy')
  // The Observatory's child process runs while Lighthouse grades (most of both is waiting).
  observatory = Promise.all([
    https(strict.dir, strict.headersFor),
    https(strict.dir, (path) => ({ ...strict.headersFor(path), 'Content-Security-Policy': UNSAFE_INLINE })),
  ]).then(observatoryScans)
  observatory.catch(() => undefined)
  chromium = await started
})
afterAll(async () => {
  // Chromium first: its keep-alive connections would hold the servers' close open until they time out.
  await chromium?.close()
  await Promise.all(servers.map((s) => s.close()))
  for (const d of [strict?.dir, plain?.dir, withoutMeta, ...[...others.values()].map((o) => o.dir)]) if (d) rmSync(d, { recursive: true, force: true })
})

async function http(dir: string, headersFor: HeadersFor): Promise<StaticServer> {
  const server = await serveDir(dir, { headers: headersFor })
  servers.push(server)
  return server
}
async function https(dir: string, headersFor: HeadersFor): Promise<GradedServer> {
  const server = await serveGraded(dir, headersFor)
  servers.push(server)
  return server
}

describe('the strict build served with its _headers', () => {
  it("carries the policy, the security headers and Integrity-Policy-Report-Only on its page", () => {
    const sent = strict.headersFor('/')
    expect(sent['Integrity-Policy-Report-Only']).toBe('blocked-destinations=(script)')
    expect(sent['Strict-Transport-Security']).toMatch(/max-age=\d+/)
    expect(plain.headersFor('/')['Integrity-Policy-Report-Only']).toBeUndefined()
  })
})

describe('CSP Evaluator', () => {
  it("finds nothing HIGH, SYNTAX, MEDIUM or possibly HIGH/MEDIUM in the strict build's header policy", () => {
    const verdict = cspEvaluator(strict.policy)
    expect(verdict.failing).toEqual([])
    expect(verdict.pass).toBe(true)
  })

  it("marks today's default output's script-src 'self' a possible bypass (MEDIUM_MAYBE), a host allowlist HIGH and 'unsafe-inline' HIGH", () => {
    const severities = (policy: string) => cspEvaluator(policy).failing.filter((f) => f.directive === 'script-src').map((f) => f.severity)
    expect(cspEvaluator(plain.policy).pass).toBe(false)
    expect(severities(plain.policy)).toEqual(['MEDIUM_MAYBE'])
    expect(severities(ALLOWLIST)).toContain('HIGH')
    expect(severities(UNSAFE_INLINE)).toContain('HIGH')
  })
})

describe("Lighthouse's csp-xss audit", () => {
  it('passes the strict build served with its _headers with no item at all (no High, Medium or Syntax)', async () => {
    const server = await http(strict.dir, strict.headersFor)
    const verdict = await lighthouseCspXss(`${server.url}/`, chromium)
    expect(verdict.items).toEqual([])
    expect(verdict.pass).toBe(true)
  })

  it("warns (Medium) about today's default output's script-src allowlist, served with its _headers", async () => {
    const server = await http(plain.dir, plain.headersFor)
    const verdict = await lighthouseCspXss(`${server.url}/`, chromium)
    expect(verdict.items.filter((i) => i.directive === 'script-src').map((i) => i.severity)).toContain('Medium')
  })

  it("fails a page whose only policy is an 'unsafe-inline' header (High on script-src)", async () => {
    // The strict build with cspkit's meta taken out: Lighthouse grades header and meta together, and
    // a strict meta alone would pass (both policies apply in the browser).
    const server = await http(withoutMeta, () => ({ 'Content-Security-Policy': UNSAFE_INLINE }))
    const verdict = await lighthouseCspXss(`${server.url}/`, chromium)
    expect(verdict.pass).toBe(false)
    expect(verdict.items.some((i) => i.severity === 'High' && i.directive === 'script-src')).toBe(true)
  })
})

describe.each(['vite-mpa', 'webpack-app'])('the %s example, strict, served with its _headers', (example) => {
  it('passes CSP Evaluator on every page without inline handlers, and Lighthouse\'s csp-xss audit on its home page with no item', async () => {
    const built = others.get(example)!
    const pages = example === 'vite-mpa' ? ['/', '/contact.html'] : ['/']
    for (const path of pages) {
      const policy = built.headersFor(path)['Content-Security-Policy']!
      expect(policy, path).toContain("'strict-dynamic'")
      expect(cspEvaluator(policy).failing, path).toEqual([])
    }
    const server = await http(built.dir, built.headersFor)
    const verdict = await lighthouseCspXss(`${server.url}/`, chromium)
    expect(verdict.items).toEqual([])
    expect(verdict.pass).toBe(true)
  })
})

it("the vite-mpa example's about page keeps an inline onclick: allowed by 'unsafe-hashes', CSP Evaluator's one finding (MEDIUM_MAYBE), and the build warned of it", () => {
  const built = others.get('vite-mpa')!
  const failing = cspEvaluator(built.headersFor('/about/')['Content-Security-Policy']!).failing
  expect(failing.map((f) => [f.directive, f.severity, f.value])).toEqual([['script-src', 'MEDIUM_MAYBE', "'unsafe-hashes'"]])
  const warned = built.diagnostics.filter((d) => d.code === 'STRICT_INLINE_HANDLERS')
  expect(warned.map((d) => d.file)).toEqual([expect.stringMatching(/^about\/index\.html:\d+:\d+$/)])
  expect(warned[0]!.fix).toMatch(/addEventListener/)
})

describe('MDN HTTP Observatory', () => {
  let grades: { strict: ObservatoryGrade; unsafeInline: ObservatoryGrade }
  beforeAll(async () => {
    const [strictGrade, unsafeGrade] = await observatory
    grades = { strict: strictGrade!, unsafeInline: unsafeGrade! }
  })

  it('grades the strict build with headers.security (and HSTS) A+, its CSP test passing without unsafe sources', () => {
    const grade = grades.strict
    expect(grade.tests['content-security-policy']).toMatchObject({ pass: true })
    expect(grade.tests['content-security-policy']!.result).toMatch(/^csp-implemented-with-no-unsafe/)
    expect(Object.entries(grade.tests).filter(([, t]) => !t.pass)).toEqual([])
    expect(grade.grade).toBe('A+')
  })

  it("grades the same deployment with an 'unsafe-inline' policy below A+, failing its CSP test", () => {
    const grade = grades.unsafeInline
    expect(grade.tests['content-security-policy']!.pass).toBe(false)
    expect(grade.grade).not.toBe('A+')
  })
})
