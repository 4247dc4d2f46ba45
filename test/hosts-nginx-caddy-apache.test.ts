/**
 * nginx, Caddy and Apache, end to end: one real `vite build` (vite 8) with hosts: ['nginx', 'caddy',
 * 'apache'] and meta off, served by Debian's real servers on 127.0.0.1 with the generated files
 * included the documented way (nginx's maps in http {}, its add_header file in server {}; Caddy's
 * snippet imported in the site; Apache reading the output's .htaccess). Every URL form each server
 * answers 200 carries exactly one Content-Security-Policy line, that page's policy; each page runs in
 * the browser judge (nginx in Chromium, Firefox and WebKit; Caddy and Apache in Chromium and one
 * other) with zero violations and the header refuses an injected script. The
 * negative control per server: the same output served without cspkit's file lets that script run.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import csp from '@cspkit/vite'
import { cspPoliciesAt, readApacheHtaccess, readCaddyfile, readNginxConfig, type CspkitApi, type HeaderRules } from '@cspkit/core'
import { cspkit } from './support/cli.js'
import { ENGINES } from './support/engines/index.js'
import { buildHostsSite, copyFixture, expectHeaderPolicyHolds, expectInjectedScriptRuns } from './support/hosts-site.js'
import { headerLines, rawGet, startApache, startCaddy, startNginx, type WebServer } from './support/web-servers.js'

const ROOT = resolve(fileURLToPath(new URL('..', import.meta.url)))
const FIXTURE = join(ROOT, 'test/fixtures/hosts-servers-extra')
const SERVERS = ['nginx', 'caddy', 'apache'] as const
type Server = (typeof SERVERS)[number]

let project = ''
let outDir = ''
let api: CspkitApi
const firstBuild = new Map<string, string>()
const servers = new Map<Server, WebServer>()
/** The same output served without cspkit's file (nginx: no includes; Caddy: no import; Apache: the user's .htaccess only). */
const bare = new Map<Server, WebServer>()
/** The generated files plus one CSP line of the user's own, to see whether check counts what the server sends. */
const variant = new Map<Server, WebServer>()
/** nginx with two locations of the user's that have an add_header of their own: one repeats the include, one does not. */
let nginxLocations: WebServer
let variantDir = ''
/** The user's extra line per server, after cspkit's block: another add_header (nginx), a header on /docs/* (Caddy), an <If> adding one on /about.html, which MultiViews also serves at /about (Apache). */
const USER_CSP: Record<Server, [file: string, line: string]> = {
  nginx: ['nginx/cspkit-headers.conf', `add_header Content-Security-Policy "default-src 'none'" always;\n`],
  caddy: ['cspkit.caddy', `header /docs/* Content-Security-Policy "default-src 'none'"\n`],
  apache: ['dist/.htaccess', `<If "%{REQUEST_URI} == '/about.html'">\n\tHeader always add Content-Security-Policy "default-src 'none'"\n</If>\n`],
}

/** A folder whose index path is longer than nginx hashes map keys for (written as a regex key). */
const GUIDE = 'guide/getting-started/installation-on-every-platform/'
const GENERATED = ['nginx/cspkit-maps.conf', 'nginx/cspkit-headers.conf', 'cspkit.caddy', 'dist/.htaccess']

async function build(): Promise<void> {
  const plugin = csp({ meta: false, hosts: ['nginx', 'caddy', 'apache'], headers: { security: true } })
  api = await buildHostsSite(project, plugin, outDir, { guide: join(project, `${GUIDE}index.html`) })
}

beforeAll(async () => {
  // The hosts site, with the servers' own files (an .htaccess of the user's instead of its _headers) and a long-path page.
  project = copyFixture('hosts-site')
  rmSync(join(project, 'public/_headers'))
  cpSync(FIXTURE, project, { recursive: true })
  outDir = join(project, 'dist')
  await build()
  for (const f of GENERATED) firstBuild.set(f, readFileSync(join(project, f), 'utf8'))
  await build()

  const bareOut = join(project, 'dist-bare')
  cpSync(outDir, bareOut, { recursive: true })
  writeFileSync(join(bareOut, '.htaccess'), readFileSync(join(FIXTURE, 'public/.htaccess')))
  variantDir = mkdtempSync(join(tmpdir(), 'cspkit-hosts-servers-variant-'))
  for (const f of ['dist', 'nginx', 'cspkit.caddy']) cpSync(join(project, f), join(variantDir, f), { recursive: true })
  for (const [file, line] of Object.values(USER_CSP)) writeFileSync(join(variantDir, file), readFileSync(join(variantDir, file), 'utf8') + line)
  const v = (f: string) => join(variantDir, f)
  const settled = await Promise.allSettled([
    startNginx(outDir, { maps: join(project, 'nginx/cspkit-maps.conf'), headers: join(project, 'nginx/cspkit-headers.conf') }),
    startCaddy(outDir, { snippet: join(project, 'cspkit.caddy') }),
    startApache(outDir),
    startNginx(bareOut),
    startCaddy(bareOut),
    startApache(bareOut),
    startNginx(v('dist'), { maps: v('nginx/cspkit-maps.conf'), headers: v('nginx/cspkit-headers.conf') }),
    startCaddy(v('dist'), { snippet: v('cspkit.caddy') }),
    startApache(v('dist')),
    startNginx(outDir, {
      maps: join(project, 'nginx/cspkit-maps.conf'),
      headers: join(project, 'nginx/cspkit-headers.conf'),
      extraServer: `location /docs/ { add_header X-Section "docs" always; try_files $uri $uri/ =404; }
    location /guide/ { add_header X-Section "guide" always; include ${join(project, 'nginx/cspkit-headers.conf')}; try_files $uri $uri/ =404; }`,
    }),
  ])
  const failed = settled.find((r) => r.status === 'rejected')
  if (failed) {
    await Promise.all(settled.map((r) => (r.status === 'fulfilled' ? r.value.stop() : undefined)))
    throw failed.reason
  }
  const started = settled.map((r) => (r as PromiseFulfilledResult<WebServer>).value)
  SERVERS.forEach((s, i) => {
    servers.set(s, started[i]!)
    bare.set(s, started[i + 3]!)
    variant.set(s, started[i + 6]!)
  })
  nginxLocations = started[9]!
}, 180_000)

afterAll(async () => {
  await Promise.all([...servers.values(), ...bare.values(), ...variant.values(), nginxLocations].filter(Boolean).map((s) => s.stop()))
})

/** Every URL form a static server might answer for each page; the test asks each server which it serves. */
const URL_FORMS: [string, string][] = [
  ['/', 'index.html'],
  ['/index.html', 'index.html'],
  ['/about', 'about.html'],
  ['/about.html', 'about.html'],
  ['/docs', 'docs/index.html'],
  ['/docs/', 'docs/index.html'],
  ['/docs/index.html', 'docs/index.html'],
  [`/${GUIDE}`, `${GUIDE}index.html`],
  [`/${GUIDE}index.html`, `${GUIDE}index.html`],
]
/** headers: { security: true }'s headers (the policies set no frame-ancestors, so no X-Frame-Options). */
const SECURITY = [
  ['x-content-type-options', 'nosniff'],
  ['referrer-policy', 'strict-origin-when-cross-origin'],
  ['permissions-policy', 'camera=(), microphone=(), geolocation=()'],
  ['cross-origin-opener-policy', 'same-origin'],
] as const

/** The forms these configs answer 200 (so the count below cannot pass vacuously). */
const ANSWERED = URL_FORMS.map(([url]) => url).filter((url) => url !== '/docs')

describe('the generated files', () => {
  it('a second build leaves every generated file byte-identical', () => {
    for (const f of GENERATED) expect(readFileSync(join(project, f), 'utf8'), f).toBe(firstBuild.get(f))
  })

  it("keeps the user's own lines byte for byte before cspkit's block", () => {
    for (const [generated, user] of [
      ['dist/.htaccess', 'public/.htaccess'],
      ['cspkit.caddy', 'cspkit.caddy'],
      ['nginx/cspkit-headers.conf', 'nginx/cspkit-headers.conf'],
    ]) {
      const text = readFileSync(join(project, generated!), 'utf8')
      const original = readFileSync(join(FIXTURE, user!), 'utf8')
      expect(text.startsWith(original), generated).toBe(true)
      expect(text.slice(original.length)).toMatch(/^\n# >>> cspkit[^\n]*\n[\s\S]*# <<< cspkit\n$/)
    }
  })

  it("nginx's map holds the long path as a regex key (an exact key that long fails nginx -t)", () => {
    const maps = readFileSync(join(project, 'nginx/cspkit-maps.conf'), 'utf8')
    // The file holds `\\.` (a quoted string's escaped backslash), which nginx reads as the regex's `\.`.
    expect(maps).toContain(`"~^/${GUIDE}index\\\\.html$"`)
    expect(maps).toContain('"/docs/index.html"')
  })

  it('the pages carry no meta policy (the header is the only delivery)', () => {
    for (const file of ['index.html', 'about.html', 'docs/index.html', `${GUIDE}index.html`])
      expect(readFileSync(join(outDir, file), 'utf8')).not.toContain('http-equiv="Content-Security-Policy"')
  })
})

describe.each(SERVERS)('%s serving the output with the generated config', (server) => {
  it('answers every URL form it serves with exactly one CSP line, that page\'s policy', async () => {
    const base = servers.get(server)!.base
    const answered: string[] = []
    for (const [url, file] of URL_FORMS) {
      const res = await rawGet(`${base}${url}`)
      const csps = headerLines(res, 'content-security-policy')
      if (res.status === 200) {
        answered.push(url)
        expect(csps, `${server} ${url}`).toEqual([api.page(file)!.headerPolicy])
        for (const [name, value] of SECURITY) expect(headerLines(res, name), `${server} ${url} ${name}`).toEqual([value])
      } else expect(csps.length, `${server} ${url} (${res.status})`).toBeLessThanOrEqual(1)
    }
    // Every form but /docs (a 301 to /docs/ on all three: nginx's directory redirect, Caddy's and Apache's DirectorySlash).
    expect(answered).toEqual(ANSWERED)
  })

  it("keeps the user's own header next to cspkit's", async () => {
    const base = servers.get(server)!.base
    if (server === 'nginx') {
      expect(headerLines(await rawGet(`${base}/about`), 'x-robots-tag')).toEqual(['noindex'])
      return
    }
    const script = /src="(\/assets\/[^"]+\.js)"/.exec(readFileSync(join(outDir, 'index.html'), 'utf8'))![1]!
    const res = await rawGet(`${base}${script}`)
    expect(res.status).toBe(200)
    expect(headerLines(res, 'cache-control')).toEqual(['public, max-age=31536000, immutable'])
  })

  it('without cspkit\'s file (negative control) the same output is served with no CSP at all', async () => {
    const res = await rawGet(`${bare.get(server)!.base}/about`)
    expect(res.status).toBe(200)
    expect(headerLines(res, 'content-security-policy')).toEqual([])
  })
})

/** The files as `cspkit check` reads them (the same readers the CLI uses). */
function readBack(server: Server, dir: string): HeaderRules {
  const text = (f: string) => readFileSync(join(dir, f), 'utf8')
  if (server === 'nginx')
    return readNginxConfig({ text: text('nginx/cspkit-maps.conf'), file: 'nginx/cspkit-maps.conf' }, { text: text('nginx/cspkit-headers.conf'), file: 'nginx/cspkit-headers.conf' })
  return server === 'caddy' ? readCaddyfile(text('cspkit.caddy'), 'cspkit.caddy') : readApacheHtaccess(text('dist/.htaccess'), 'dist/.htaccess')
}

describe.each(SERVERS)('cspkit check reads the %s file as the server sends it', (server) => {
  it.each([
    ['as generated', () => project, () => servers],
    ["with the user's own CSP line added", () => variantDir, () => variant],
  ] as const)('%s: the policies the reader finds at each URL are the CSP lines the server sends there', async (_, dir, running) => {
    const rules = readBack(server, dir())
    expect(rules.diagnostics).toEqual([])
    const userPolicySeen: string[] = []
    const script = /src="(\/assets\/[^"]+\.js)"/.exec(readFileSync(join(outDir, 'index.html'), 'utf8'))![1]!
    for (const url of [...URL_FORMS.map(([u]) => u), '/no/such/page', script]) {
      const sent = headerLines(await rawGet(`${running().get(server)!.base}${url}`), 'content-security-policy')
      expect(cspPoliciesAt(rules, url).map((p) => p.policy), `${server} ${url}`).toEqual(sent)
      if (sent.includes("default-src 'none'")) userPolicySeen.push(url)
    }
    // The variant is no control unless the user's line reaches some URL (nginx: every URL, twice; Caddy: /docs/ instead; Apache: /about and /about.html, twice).
    if (dir() === variantDir) expect(userPolicySeen.length).toBeGreaterThan(0)
    else expect(userPolicySeen).toEqual([])
  })

  it('`cspkit check --host` passes the build, and fails a page changed afterwards, naming the config line', async () => {
    const passed = await cspkit(['check', 'dist', '--host', server], project)
    expect(passed.code, passed.stderr).toBe(0)
    const tampered = mkdtempSync(join(tmpdir(), `cspkit-check-${server}-`))
    for (const f of ['dist', 'nginx', 'cspkit.caddy']) cpSync(join(project, f), join(tampered, f), { recursive: true })
    const about = join(tampered, 'dist/about.html')
    writeFileSync(about, readFileSync(about, 'utf8').replace("concat('about')", "concat('evil')"))
    const failed = await cspkit(['check', 'dist', '--host', server], tampered)
    expect(failed.code).toBe(1)
    const file = { nginx: 'nginx/cspkit-maps.conf', caddy: 'cspkit.caddy', apache: 'dist/.htaccess' }[server]
    expect(failed.stderr).toMatch(new RegExp(`^\\[cspkit\\] CHECK_INLINE_BLOCKED \\(about\\.html:\\d+:\\d+\\): .*header ${server === 'nginx' ? 'nginx' : server === 'caddy' ? 'Caddy' : 'Apache'} sends \\(${file.replace(/[./]/g, '\\$&')}:\\d+\\)`, 'm'))
  })
})

describe("nginx's add_header inheritance (what the include files say to do)", () => {
  it('a location with an add_header of its own drops the included headers; including the file there again restores exactly one CSP', async () => {
    const dropped = await rawGet(`${nginxLocations.base}/docs/`)
    expect(dropped.status).toBe(200)
    expect(headerLines(dropped, 'x-section')).toEqual(['docs'])
    expect(headerLines(dropped, 'content-security-policy')).toEqual([])
    const kept = await rawGet(`${nginxLocations.base}/${GUIDE}`)
    expect(kept.status).toBe(200)
    expect(headerLines(kept, 'x-section')).toEqual(['guide'])
    expect(headerLines(kept, 'content-security-policy')).toEqual([api.page(`${GUIDE}index.html`)!.headerPolicy])
    expect(readFileSync(join(project, 'nginx/cspkit-headers.conf'), 'utf8')).toContain('A location {} with an add_header of its own drops these: include this file there too')
  })
})

const PAGES: [string, string, string[]][] = [
  ['/', 'index.html', ['home', 'main']],
  ['/about', 'about.html', ['about', 'main']],
  ['/docs/', 'docs/index.html', ['main']],
  [`/${GUIDE}`, `${GUIDE}index.html`, ['guide', 'main']],
]
/**
 * nginx (the most used) in all three engines (the long-path page, its regex map key, in Chromium);
 * Caddy and Apache in Chromium and one other each, with the home and about pages (the other pages'
 * URL forms are covered by the header counts above), to keep the file's time down.
 */
const SERVER_ENGINES: Record<Server, readonly (typeof ENGINES)[number][]> = { nginx: ENGINES, caddy: ['chromium', 'firefox'], apache: ['chromium', 'webkit'] }
const LOADS = SERVERS.flatMap((server) =>
  SERVER_ENGINES[server].flatMap((engine) => PAGES.filter(([url]) => url === '/' || url === '/about' || (server === 'nginx' && (url === '/docs/' || engine === 'chromium'))).map(([url, , ran]) => [server, engine, url, ran] as const)),
)

describe('in the browser', () => {
  it.each(LOADS)('%s: %s runs %s with zero violations, and the header refuses an injected script', async (server, engine, url, ran) => {
    await expectHeaderPolicyHolds(engine, `${servers.get(server)!.base}${url}`, ran)
  })

  // One engine per server (each engine once): the control only has to show the refusal above is the header's doing.
  it.each(SERVERS.map((server, i) => [server, ENGINES[i % ENGINES.length]!] as const))(
    '%s without cspkit\'s file (negative control): in %s the injected script runs',
    async (server, engine) => {
      await expectInjectedScriptRuns(engine, `${bare.get(server)!.base}/about`)
    },
  )
})
