/**
 * The platform hosts without an offline server, through `processDirectory` (what `cspkit build` runs)
 * with meta off, judged by each host's own code or documented rules:
 * - Vercel Build Output (`.vercel/output/config.json`, for `vercel deploy --prebuilt`): the routes are
 *   validated by @vercel/routing-utils (`normalizeRoutes`, what the Vercel CLI uses) and walked as
 *   Vercel's router does (the Vercel CLI is not installed here: `vercel dev` serves a project, not a prebuilt output);
 * - Netlify's Frameworks API (`.netlify/v1/config.json`): its headers parsed by @netlify/headers-parser
 *   (what Netlify's build and `netlify dev` use for config headers);
 * - AWS Amplify (`customHttp.yml`): its patterns matched as the globs Amplify documents (minimatch).
 * Each merges into a realistic existing file (everything of the user's kept, a rebuild byte-identical),
 * gives every page URL exactly one CSP equal to the page's policy, and the pages served with those
 * headers run in Chromium (the pages with rules of their own in WebKit too) with zero violations while
 * the header refuses an injected script (served
 * without them, the negative control, the script runs). Corrupt files are refused with file:line and
 * left untouched; the Azure and Firebase writers' refusals (a shadowing route, the 20 KB limit, an
 * ambiguous site) are here too; `cspkit check` reads each format back the way its host applies it.
 */
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parseAllHeaders } from '@netlify/headers-parser'
import * as routing from '@vercel/routing-utils'
import { pageUrls, processDirectory, type DirectoryResult, type Options } from '@cspkit/core'
import { ROOT } from './support/builds.js'
import { serveDir, type StaticServer } from './support/browser.js'
import { cspkit } from './support/cli.js'
import { expectHeaderPolicyHolds, expectInjectedScriptRuns } from './support/hosts-site.js'

const require = createRequire(import.meta.url)
const minimatch = createRequire(require.resolve('firebase-tools/package.json'))('minimatch') as (path: string, glob: string) => boolean
const yaml = createRequire(join(ROOT, 'packages/core/package.json'))('yaml') as { parse(text: string): any }
const FIXTURES = join(ROOT, 'test/fixtures/hosts-platforms')
const CSP = 'content-security-policy'

/** A page whose inline script and style are its own, so each page has its own policy. */
function page(name: string): string {
  return `<!doctype html><html><head><meta charset="utf-8"><title>${name}</title><style>h1 { --page: '${name}' }</style><script>window.__ran = (window.__ran || []).concat('${name}')</script></head><body><h1>${name}</h1></body></html>`
}
const PAGES: Record<string, string> = { 'index.html': page('home'), 'about.html': page('about'), 'docs/index.html': page('docs') }

interface Built {
  project: string
  out: string
  result: DirectoryResult
  /** The host file's text after the first run and after a second. */
  first: string
  second: string
}

/** The pages in `<project>/<outDir>`, the user's files in the project, then `processDirectory` twice. */
async function build(options: Options, outDir: string, hostFile: string, userFiles: Record<string, string> = {}): Promise<Built> {
  const project = mkdtempSync(join(tmpdir(), 'cspkit-hosts-platform-'))
  const out = join(project, outDir)
  for (const [name, html] of Object.entries(PAGES)) {
    mkdirSync(dirname(join(out, name)), { recursive: true })
    writeFileSync(join(out, name), html)
  }
  for (const [name, text] of Object.entries(userFiles)) {
    mkdirSync(dirname(join(project, name)), { recursive: true })
    writeFileSync(join(project, name), text)
  }
  const run = () => processDirectory(out, { meta: false, headers: { security: true }, ...options }, { projectRoot: project, workers: 0 })
  const result = await run()
  const first = readFileSync(join(project, hostFile), 'utf8')
  // The second run sees pages it already processed (no meta to add, same hashes).
  await run()
  return { project, out, result, first, second: readFileSync(join(project, hostFile), 'utf8') }
}

function policyOf(result: DirectoryResult, file: string): string {
  return result.pages.find((p) => p.fileName === file)!.headerPolicy
}

function buildOutputHeaders(routes: readonly Record<string, unknown>[], url: string): { status?: number; headers: Record<string, string> } {
  const headers: Record<string, string> = {}
  for (const route of routes) {
    if (route.handle) break
    if (typeof route.src !== 'string' || !new RegExp(route.src, route.caseSensitive ? '' : 'i').test(url)) continue
    for (const [k, v] of Object.entries((route.headers ?? {}) as Record<string, string>)) headers[k.toLowerCase()] = v
    if (typeof route.status === 'number') return { status: route.status, headers }
    if (route.continue !== true) break
  }
  return { headers }
}

const servers: StaticServer[] = []
afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()))
})

describe('Vercel Build Output (.vercel/output/config.json), as Vercel routes it', () => {
  const USER = readFileSync(join(FIXTURES, 'config.json'), 'utf8')
  let built: Built
  let config: { routes: Record<string, unknown>[]; overrides: unknown; framework: unknown; version: number }
  beforeAll(async () => {
    built = await build({ hosts: ['vercel-output'] }, '.vercel/output/static', '.vercel/output/config.json', { '.vercel/output/config.json': USER })
    config = JSON.parse(built.first)
  })

  it("is valid Build Output routing, keeps the framework's routes and keys, and a rerun is byte-identical", () => {
    expect(built.result.diagnostics.filter((d) => d.severity !== 'info')).toEqual([])
    expect(routing.normalizeRoutes(config.routes as never).error).toBeNull()
    const user = JSON.parse(USER)
    expect({ ...config, routes: undefined }).toEqual({ ...user, routes: undefined })
    // cspkit's header routes come first (before `handle: filesystem`), the framework's follow unchanged.
    expect(config.routes.slice(-user.routes.length)).toEqual(user.routes)
    expect(config.routes.slice(0, -user.routes.length).every((r) => r.continue === true && r.headers)).toBe(true)
    for (const line of USER.split('\n').filter((l) => l.includes('"src"'))) expect(built.first).toContain(line)
    expect(built.second).toBe(built.first)
  })

  // `overrides` serve about.html at /about and docs/index.html at /docs (what cleanUrls leaves in a build).
  const URLS: [string, string][] = [['/', 'index.html'], ['/about', 'about.html'], ['/docs', 'docs/index.html'], ['/docs/', 'docs/index.html']]
  it.each(URLS)('%s gets exactly the policy of %s', (url, file) => {
    const res = buildOutputHeaders(config.routes, url)
    expect(res.status).toBeUndefined()
    expect(res.headers[CSP]).toBe(policyOf(built.result, file))
    expect(res.headers['x-content-type-options']).toBe('nosniff')
  })

  it('each page, served with those routes, runs in Chromium (and WebKit) with zero violations; without them an injected script runs', async () => {
    const server = await serveDir(built.out, { headers: (path) => buildOutputHeaders(config.routes, path).headers })
    const bare = await serveDir(built.out)
    servers.push(server, bare)
    // serveDir serves /about from about.html, as the Build Output's overrides do.
    await expectHeaderPolicyHolds('chromium', `${server.url}/about`, ['about'])
    await expectHeaderPolicyHolds('chromium', `${server.url}/`, ['home'])
    await expectHeaderPolicyHolds('chromium', `${server.url}/docs/`, ['docs'])
    // A second engine on the page with a rule of its own.
    await expectHeaderPolicyHolds('webkit', `${server.url}/about`, ['about'])
    await expectInjectedScriptRuns('chromium', `${bare.url}/`)
  })
})

describe("Netlify's Frameworks API (.netlify/v1/config.json), as Netlify's parser reads it", () => {
  const USER = readFileSync(join(FIXTURES, 'netlify-v1-config.json'), 'utf8')
  let built: Built
  let rules: { forRegExp: RegExp; values: Record<string, string> }[]
  beforeAll(async () => {
    built = await build({ hosts: ['netlify-frameworks'] }, 'dist', '.netlify/v1/config.json', { '.netlify/v1/config.json': USER })
    const parsed = await parseAllHeaders({ headersFiles: [], netlifyConfigPath: undefined, configHeaders: JSON.parse(built.first).headers, minimal: false })
    expect(parsed.errors).toEqual([])
    rules = parsed.headers as typeof rules
  })
  const values = (url: string, header = CSP) =>
    rules.filter((r) => r.forRegExp.test(url)).flatMap((r) => Object.entries(r.values).filter(([k]) => k.toLowerCase() === header).map(([, v]) => v))

  it("keeps the framework's headers, redirects and images, and a rerun is byte-identical", () => {
    expect(built.result.diagnostics.filter((d) => d.severity !== 'info')).toEqual([])
    const user = JSON.parse(USER)
    const config = JSON.parse(built.first)
    expect({ ...config, headers: undefined }).toEqual({ ...user, headers: undefined })
    expect(config.headers.slice(0, user.headers.length)).toEqual(user.headers)
    expect(built.second).toBe(built.first)
  })

  const URLS: [string, string][] = [['/', 'index.html'], ['/index.html', 'index.html'], ['/about', 'about.html'], ['/about.html', 'about.html'], ['/docs', 'docs/index.html'], ['/docs/', 'docs/index.html'], ['/docs/index.html', 'docs/index.html']]
  it.each(URLS)('%s: every matching rule together sets one CSP, the policy of %s', (url, file) => {
    expect(values(url)).toEqual([policyOf(built.result, file)])
    expect(values(url, 'x-content-type-options')).toEqual(['nosniff'])
  })

  it('each page, served with the rules Netlify matches, runs in Chromium (and WebKit) with zero violations; without them an injected script runs', async () => {
    const server = await serveDir(built.out, { headers: (path) => Object.assign({}, ...rules.filter((r) => r.forRegExp.test(path)).map((r) => r.values)) })
    const bare = await serveDir(built.out)
    servers.push(server, bare)
    await expectHeaderPolicyHolds('chromium', `${server.url}/`, ['home'])
    await expectHeaderPolicyHolds('chromium', `${server.url}/about`, ['about'])
    await expectHeaderPolicyHolds('chromium', `${server.url}/docs/`, ['docs'])
    await expectHeaderPolicyHolds('webkit', `${server.url}/about`, ['about'])
    await expectInjectedScriptRuns('chromium', `${bare.url}/about`)
  })
})

describe('AWS Amplify (customHttp.yml), matched as the globs Amplify documents', () => {
  const USER = readFileSync(join(FIXTURES, 'customHttp.yml'), 'utf8')
  let built: Built
  let rules: { pattern: string; headers: { key: string; value: string }[] }[]
  beforeAll(async () => {
    built = await build({ hosts: ['amplify'] }, 'dist', 'customHttp.yml', { 'customHttp.yml': USER })
    rules = yaml.parse(built.first).customHeaders
  })
  // Amplify documents no order between patterns that match one URL, so each header must come from one rule.
  const values = (url: string, header = CSP) =>
    rules.filter((r) => minimatch(url, r.pattern) || minimatch(url.replace(/^\//, ''), r.pattern)).flatMap((r) => r.headers.filter((h) => h.key.toLowerCase() === header).map((h) => h.value))

  it("keeps the user's comments and rule, and a rerun is byte-identical", () => {
    expect(built.result.diagnostics.filter((d) => d.severity !== 'info')).toEqual([])
    for (const line of USER.split('\n')) expect(built.first).toContain(line)
    expect(rules[0]).toEqual(yaml.parse(USER).customHeaders[0])
    expect(built.second).toBe(built.first)
  })

  const URLS: [string, string][] = [['/', 'index.html'], ['/index.html', 'index.html'], ['/about', 'about.html'], ['/about.html', 'about.html'], ['/docs/', 'docs/index.html'], ['/docs/index.html', 'docs/index.html']]
  it.each(URLS)('%s: exactly one rule sets a CSP, the policy of %s', (url, file) => {
    expect(values(url)).toEqual([policyOf(built.result, file)])
    expect(values(url, 'x-content-type-options')).toEqual(['nosniff'])
  })

  it("the user's asset rule still matches its files", () => {
    expect(values('/assets/app.js', 'cache-control')).toEqual(['public, max-age=31536000, immutable'])
  })
})

describe('refusals: corrupt or ambiguous files are left untouched, with file:line and a fix', () => {
  const CASES: [string, Options['hosts'], string, string, RegExp][] = [
    ['firebase', ['firebase'], 'firebase.json', '{\n  "hosting": {\n    "public": "dist",\n    "headers": [,]\n  }\n}\n', /firebase\.json:4:/],
    ['azure-swa', ['azure-swa'], 'dist/staticwebapp.config.json', '{\n  "routes": [\n    { "route": "/admin/*" }\n  ]\n  "globalHeaders": {}\n}\n', /staticwebapp\.config\.json:5:/],
    ['vercel-output', ['vercel-output'], '.vercel/output/config.json', '{\n  "version": 3,\n  // a comment\n  "routes": []\n}\n', /config\.json:3:/],
    ['netlify-frameworks', ['netlify-frameworks'], '.netlify/v1/config.json', '{\n  "headers": [\n    { "for": "/*", }\n  ]\n}\n', /config\.json:3:/],
    ['amplify', ['amplify'], 'customHttp.yml', "customHeaders:\n  - pattern: '**/*'\n    headers:\n      - key: X-Frame-Options\n     value: DENY\n", /customHttp\.yml:5:/],
  ]
  it.each(CASES)('%s: a corrupt file is refused with its line and not rewritten', async (_host, hosts, file, text, where) => {
    const project = mkdtempSync(join(tmpdir(), 'cspkit-hosts-corrupt-'))
    const out = join(project, 'dist')
    for (const [name, html] of Object.entries(PAGES)) {
      mkdirSync(dirname(join(out, name)), { recursive: true })
      writeFileSync(join(out, name), html)
    }
    mkdirSync(dirname(join(project, file)), { recursive: true })
    writeFileSync(join(project, file), text)
    const result = await processDirectory(out, { meta: false, hosts }, { projectRoot: project, workers: 0 })
    const errors = result.diagnostics.filter((d) => d.severity === 'error')
    expect(errors.map((d) => d.code)).toEqual(['HEADERS_FILE_UNREADABLE'])
    expect(errors[0]!.file).toMatch(where)
    expect(errors[0]!.fix).not.toBe('')
    expect(readFileSync(join(project, file), 'utf8')).toBe(text)
    expect(result.hostFiles).toEqual([])
  })

  async function site(pages: Record<string, string>, files: Record<string, string>, options: Options) {
    const project = mkdtempSync(join(tmpdir(), 'cspkit-hosts-refuse-'))
    const out = join(project, 'dist')
    for (const [name, html] of Object.entries(pages)) {
      mkdirSync(dirname(join(out, name)), { recursive: true })
      writeFileSync(join(out, name), html)
    }
    for (const [name, text] of Object.entries(files)) {
      mkdirSync(dirname(join(project, name)), { recursive: true })
      writeFileSync(join(project, name), text)
    }
    const result = await processDirectory(out, { meta: false, ...options }, { projectRoot: project, workers: 0 })
    return { project, result, read: (name: string) => readFileSync(join(project, name), 'utf8') }
  }

  it("azure-swa: a user route that would shadow a page's route is an error naming the route; the config stays as it was", async () => {
    const config = '{\n  "routes": [\n    { "route": "/*", "headers": { "Cache-Control": "no-cache" } }\n  ]\n}\n'
    const { result, read } = await site(PAGES, { 'dist/staticwebapp.config.json': config }, { hosts: ['azure-swa'] })
    const error = result.diagnostics.find((d) => d.severity === 'error')!
    expect(error.code).toBe('HEADERS_USER_RULE_CONFLICT')
    expect(error.file).toBe('staticwebapp.config.json routes[0]')
    expect(error.message).toMatch(/^\[cspkit\]|Your route '\/\*' matches/)
    expect(read('dist/staticwebapp.config.json')).toBe(config)
  })

  it('azure-swa: a security header of your own in globalHeaders is reported as replaced; your other global headers stay', async () => {
    const config = '{\n  "globalHeaders": { "Referrer-Policy": "no-referrer", "X-Robots-Tag": "noindex" }\n}\n'
    const { result, read } = await site(PAGES, { 'dist/staticwebapp.config.json': config }, { hosts: ['azure-swa'], headers: { security: true } })
    const warning = result.diagnostics.find((d) => d.code === 'HEADERS_USER_RULE_CONFLICT')!
    expect([warning.severity, warning.file]).toEqual(['warning', 'staticwebapp.config.json globalHeaders'])
    expect(warning.message).toContain('Referrer-Policy')
    const written = JSON.parse(read('dist/staticwebapp.config.json')).globalHeaders
    expect([written['Referrer-Policy'], written['X-Robots-Tag']]).toEqual(['strict-origin-when-cross-origin', 'noindex'])
  })

  it("azure-swa: past the 20 KB limit the build fails, and overflow: 'union' writes one global policy instead", async () => {
    const many: Record<string, string> = {}
    for (let i = 0; i < 60; i++) many[`p${i}.html`] = page(`p${i}`)
    const failed = await site(many, {}, { hosts: ['azure-swa'] })
    expect(failed.result.diagnostics.filter((d) => d.severity === 'error').map((d) => d.code)).toEqual(['HEADERS_LIMIT_EXCEEDED'])
    expect(failed.result.hostFiles).toEqual([])
    const union = await site(many, {}, { hosts: ['azure-swa'], headers: { overflow: 'union' } })
    expect(union.result.diagnostics.map((d) => d.code)).toContain('HEADERS_OVERFLOW_APPLIED')
    const written = JSON.parse(union.read('dist/staticwebapp.config.json'))
    expect(written.routes ?? []).toEqual([])
    for (const p of union.result.pages) for (const hash of p.hashes) expect(written.globalHeaders['Content-Security-Policy']).toContain(hash)
  })

  it('firebase: several sites in "hosting" need headers.firebase.target; with it, only that site is edited', async () => {
    const config = JSON.stringify({ hosting: [{ target: 'docs', public: 'docs' }, { target: 'app', public: 'dist' }] }, null, 2) + '\n'
    const ambiguous = await site(PAGES, { 'firebase.json': config }, { hosts: ['firebase'] })
    const error = ambiguous.result.diagnostics.find((d) => d.severity === 'error')!
    expect([error.code, error.option]).toEqual(['HEADERS_FILE_UNREADABLE', 'headers.firebase.target'])
    expect(error.fix).toContain("'docs', 'app'")
    expect(ambiguous.read('firebase.json')).toBe(config)
    const targeted = await site(PAGES, { 'firebase.json': config }, { hosts: ['firebase'], headers: { firebase: { target: 'app' } } })
    const written = JSON.parse(targeted.read('firebase.json'))
    expect(written.hosting[0]).toEqual({ target: 'docs', public: 'docs' })
    expect(written.hosting[1].headers.some((r: { source?: string }) => r.source === '**')).toBe(true)
  })
})

describe('cspkit check reads each format the way its host applies it', () => {
  const HOSTS: [string, string, string, Record<string, string>][] = [
    ['firebase', 'dist', 'firebase.json', { 'firebase.json': '{ "hosting": { "public": "dist", "cleanUrls": true } }\n' }],
    ['azure-swa', 'dist', 'dist/staticwebapp.config.json', {}],
    ['vercel-output', '.vercel/output/static', '.vercel/output/config.json', {}],
    ['netlify-frameworks', 'dist', '.netlify/v1/config.json', {}],
    ['amplify', 'dist', 'customHttp.yml', {}],
  ]
  it.each(HOSTS)('%s: the written file passes; without the page rules the page fails', async (host, outDir, file, userFiles) => {
    const built = await build({ hosts: [host as never] }, outDir, file, userFiles)
    const passed = await cspkit(['check', outDir, '--host', host], built.project)
    expect(passed.stderr).toBe('')
    expect(passed.code).toBe(0)
    // The negative control: the host file with only the site rule (the first page rule and after dropped).
    const text = readFileSync(join(built.project, file), 'utf8')
    const policy = policyOf(built.result, 'about.html')
    writeFileSync(join(built.project, file), text.split(policy).join("default-src 'none'"))
    const failed = await cspkit(['check', outDir, '--host', host], built.project)
    expect(failed.code).toBe(1)
    expect(failed.stderr).toContain('about.html')
  })
})

describe("Firebase's URL forms for every cleanUrls / trailingSlash setting", () => {
  // What the Firebase Hosting emulator (firebase-tools 15.34.2) answered 200 for, per setting, over
  // index.html, about.html and docs/index.html (every other form was a 301 or a 404); the emulator
  // test runs the cleanUrls: true row for real.
  const OBSERVED: [boolean, boolean | undefined, string[]][] = [
    [false, undefined, ['/', '/index.html', '/about.html', '/docs/', '/docs/index.html']],
    [false, true, ['/', '/index.html', '/about.html', '/docs/', '/docs/index.html']],
    [false, false, ['/', '/index.html', '/about.html', '/docs', '/docs/index.html']],
    [true, undefined, ['/', '/about', '/docs/', '/docs']],
    [true, true, ['/', '/about/', '/docs/']],
    [true, false, ['/', '/about', '/docs']],
  ]
  it.each(OBSERVED)('cleanUrls %s, trailingSlash %s: a rule for exactly the URLs served with 200', (cleanUrls, trailingSlash, served) => {
    const urls = ['index.html', 'about.html', 'docs/index.html'].flatMap((file) => pageUrls(file, 'firebase', { cleanUrls, trailingSlash }))
    expect(urls.sort()).toEqual([...served].sort())
  })
})

describe('Vercel Build Output limit', () => {
  it("a policy over Vercel's 32,768 characters a value fails the build with the limit and the fix; nothing is written", async () => {
    const scripts = Array.from({ length: 700 }, (_, i) => `<script>window.__n = ${i}</script>`).join('')
    const project = mkdtempSync(join(tmpdir(), 'cspkit-hosts-vo-limit-'))
    const out = join(project, '.vercel/output/static')
    mkdirSync(out, { recursive: true })
    writeFileSync(join(out, 'index.html'), `<!doctype html><html><head>${scripts}</head><body></body></html>`)
    const result = await processDirectory(out, { meta: false, hosts: ['vercel-output'] }, { projectRoot: project, workers: 0 })
    const error = result.diagnostics.find((d) => d.severity === 'error')!
    expect(error.code).toBe('HEADERS_LIMIT_EXCEEDED')
    expect(error.message).toContain('32768')
    expect(error.fix).toContain("headers.overflow")
    expect(result.hostFiles).toEqual([])
    expect(() => readFileSync(join(project, '.vercel/output/config.json'))).toThrow()
  })
})

describe("firebase.json against firebase-tools' own schema", () => {
  // The JSON schema firebase-tools ships (draft-07; ajv 6 needs the draft-06 meta-schema for it).
  const Ajv = require('ajv') as typeof import('ajv')
  const ajv = new Ajv({ allErrors: true, schemaId: 'auto' } as never)
  ajv.addMetaSchema(require('ajv/lib/refs/json-schema-draft-06.json'))
  const validate = ajv.compile(require('firebase-tools/schema/firebase-config.json'))

  it('the edited file is valid, and the schema refuses a broken rule (negative control)', async () => {
    const built = await build({ hosts: ['firebase'] }, 'dist', 'firebase.json', { 'firebase.json': '{ "hosting": { "public": "dist", "cleanUrls": true } }\n' })
    const config = JSON.parse(built.first)
    expect(validate(config), JSON.stringify(validate.errors)).toBe(true)
    config.hosting.headers[0].headers[0] = { key: 'X', val: 'typo' }
    expect(validate(config)).toBe(false)
  })

  it("firebase init's file (no headers yet): every line of it stays as written, the headers come after them, and a rerun is byte-identical", async () => {
    const user = '{\n  "hosting": {\n    "public": "dist",\n    "ignore": ["firebase.json", "**/.*", "**/node_modules/**"]\n  }\n}\n'
    const built = await build({ hosts: ['firebase'] }, 'dist', 'firebase.json', { 'firebase.json': user })
    const [open, ...rest] = user.split('\n')
    const last = rest.findIndex((l) => l.includes('"ignore"'))
    expect(built.first.startsWith([open, ...rest.slice(0, last), `${rest[last]},`, '    "headers": ['].join('\n'))).toBe(true)
    expect(built.first.endsWith('    ]\n  }\n}\n')).toBe(true)
    expect(validate(JSON.parse(built.first)), JSON.stringify(validate.errors)).toBe(true)
    expect(built.second).toBe(built.first)
  })
})
