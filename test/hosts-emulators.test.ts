/**
 * Firebase Hosting and Azure Static Web Apps, end to end through their own emulators on 127.0.0.1.
 * A real `vite build` (vite 8) with meta off edits each host's config the user already has:
 * - firebase.json (comments, other keys, the user's header rule kept), served by the Firebase Hosting
 *   emulator (firebase-tools' superstatic: Firebase's matching, cleanUrls and later-rule-wins order);
 * - public/staticwebapp.config.json (navigationFallback, role and asset routes kept), served by the
 *   SWA CLI emulator (first-match routes over globalHeaders).
 * Every URL a page is served at (and an SPA deep link) carries exactly one CSP header line, equal to
 * that page's policy (raw header lines counted); each page runs in Chromium and WebKit with zero
 * violations while the header refuses an injected script; a second build is byte-identical. The
 * negative control per emulator: a second one serving the user's config as it was sends no CSP and
 * lets the injected script run. (Both emulators in one file: the engines start once.)
 */
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import csp from '@cspkit/vite'
import { readAzureSwaConfig, readFirebaseJson, type CspkitApi, type Options } from '@cspkit/core'
import { ROOT } from './support/builds.js'
import type { EngineName } from './support/engines/index.js'
import { buildHostsSite, copyFixture, expectHeaderPolicyHolds, expectInjectedScriptRuns } from './support/hosts-site.js'
import { firebaseEmulatorPorts, freePort, headerLines, rawGet, startAzureSwa, startFirebaseHosting, type HostEmulator } from './support/host-emulators.js'

const USER_SWA_CONFIG = readFileSync(join(ROOT, 'test/fixtures/hosts-platforms/staticwebapp.config.json'), 'utf8')
const CSP = 'content-security-policy'
// Two engines keep this file inside its time budget; the host-header deliveries in hosts-builds and
// hosts-cloudflare run all three over the same policies.
const JUDGES: readonly EngineName[] = ['chromium', 'webkit']
/** A realistic firebase.json: comments (firebase-tools allows them), rewrites, a user header rule. */
function userFirebaseJson(emulators: Record<string, unknown>): string {
  return `{
  // Written by \`firebase init hosting\`, then edited by hand.
  "hosting": {
    "public": "dist",
    "cleanUrls": true,
    "ignore": ["firebase.json", "**/.*", "**/node_modules/**"],
    "redirects": [{ "source": "/old-about", "destination": "/about", "type": 301 }],
    "rewrites": [{ "source": "**", "destination": "/index.html" }],
    "headers": [
      { "source": "/assets/**", "headers": [{ "key": "Cache-Control", "value": "public, max-age=31536000, immutable" }] }
    ]
  },
  "emulators": ${JSON.stringify(emulators)}
}
`
}

interface Served {
  project: string
  api: CspkitApi
  /** The host file after the first build and after the second. */
  written: string
  rebuilt: string
  emulator: HostEmulator
  control: HostEmulator
}

const FIREBASE: Options = { meta: false, hosts: ['firebase'], headers: { security: true, spaFallback: 'index.html' } }
const SWA: Options = { meta: false, hosts: ['azure-swa'], headers: { security: true, spaFallback: 'index.html' } }
let firebaseOriginal = ''

async function serveFirebase(): Promise<Served> {
  const project = copyFixture('hosts-site')
  const port = await freePort()
  firebaseOriginal = userFirebaseJson(await firebaseEmulatorPorts(port))
  writeFileSync(join(project, 'firebase.json'), firebaseOriginal)
  const api = await buildHostsSite(project, csp(FIREBASE))
  const written = readFileSync(join(project, 'firebase.json'), 'utf8')
  await buildHostsSite(project, csp(FIREBASE))
  const rebuilt = readFileSync(join(project, 'firebase.json'), 'utf8')
  // The negative control: the same output, the user's firebase.json as it was (no cspkit rules).
  const bare = mkdtempSync(join(tmpdir(), 'cspkit-hosts-firebase-bare-'))
  cpSync(join(project, 'dist'), join(bare, 'dist'), { recursive: true })
  const barePort = await freePort()
  writeFileSync(join(bare, 'firebase.json'), userFirebaseJson(await firebaseEmulatorPorts(barePort)))
  const [emulator, control] = await Promise.all([startFirebaseHosting(project, port), startFirebaseHosting(bare, barePort)])
  return { project, api, written, rebuilt, emulator, control }
}

async function serveSwa(): Promise<Served> {
  const project = copyFixture('hosts-site')
  writeFileSync(join(project, 'public/staticwebapp.config.json'), USER_SWA_CONFIG)
  const api = await buildHostsSite(project, csp(SWA))
  const written = readFileSync(join(project, 'dist/staticwebapp.config.json'), 'utf8')
  await buildHostsSite(project, csp(SWA))
  const rebuilt = readFileSync(join(project, 'dist/staticwebapp.config.json'), 'utf8')
  // The negative control: the same output with the user's config as it was.
  const bare = mkdtempSync(join(tmpdir(), 'cspkit-hosts-swa-bare-'))
  cpSync(join(project, 'dist'), bare, { recursive: true })
  writeFileSync(join(bare, 'staticwebapp.config.json'), USER_SWA_CONFIG)
  const [emulator, control] = await Promise.all([startAzureSwa(join(project, 'dist')), startAzureSwa(bare)])
  return { project, api, written, rebuilt, emulator, control }
}

let fb: Served
let swa: Served
// All four emulators start together (each takes seconds, mostly waiting).
beforeAll(async () => {
  const started = await Promise.allSettled([serveFirebase(), serveSwa()])
  const failed = started.find((s) => s.status === 'rejected')
  if (failed) {
    await Promise.all(started.flatMap((s) => (s.status === 'fulfilled' ? [s.value.emulator.stop(), s.value.control.stop()] : [])))
    throw (failed as PromiseRejectedResult).reason
  }
  ;[fb, swa] = started.map((s) => (s as PromiseFulfilledResult<Served>).value) as [Served, Served]
}, 180_000)

afterAll(async () => {
  await Promise.all([fb?.emulator.stop(), fb?.control.stop(), swa?.emulator.stop(), swa?.control.stop()])
})

describe('firebase.json from a vite 8 build, served by the Firebase Hosting emulator', () => {
  // cleanUrls: true, trailingSlash unset: the URLs the emulator answers 200 for each page (HOSTS.md 5),
  // and a URL no file matches, rewritten to index.html (headers.spaFallback: 'index.html').
  const URLS: [string, string, string[]][] = [
    ['/', 'index.html', ['home', 'main']],
    ['/about', 'about.html', ['about', 'main']],
    ['/docs', 'docs/index.html', ['main']],
    ['/docs/', 'docs/index.html', ['main']],
    // An SPA deep link, rewritten to index.html by the user's rewrite: the site rule gives it index.html's policy.
    ['/app/deep/link', 'index.html', ['home', 'main']],
  ]

  it("keeps the user's file: the comment, every other key and the user's header rule, byte for byte", () => {
    const userRule = firebaseOriginal.split('\n').find((l) => l.includes('/assets/**'))!
    expect(fb.written).toContain(userRule)
    expect(fb.written).toContain('// Written by `firebase init hosting`, then edited by hand.')
    const before = readFirebaseJson(firebaseOriginal, 'firebase.json')
    const after = readFirebaseJson(fb.written, 'firebase.json')
    expect(after.diagnostics).toEqual([])
    expect(after.routing).toEqual({ cleanUrls: true, trailingSlash: undefined })
    // The user's rule stays, after cspkit's site rule and before its page rules (later rules win on
    // Firebase: the site-wide value never beats a rule of the user's, each page's own rule does).
    const values = (rule: (typeof after.rules)[number] | undefined) => rule?.set.map(([n, v]) => [n, v])
    expect(values(after.rules.find((r) => r.pattern === before.rules[0]!.pattern))).toEqual(values(before.rules[0]))
    expect(after.rules.length).toBeGreaterThan(1)
    const json = (text: string) => JSON.parse(text.replace(/^\s*\/\/.*$/m, ''))
    const [a, b] = [json(firebaseOriginal), json(fb.written)]
    expect(b.hosting.headers[0].source).toBe('**')
    expect(b.hosting.headers.slice(1, 2)).toEqual(a.hosting.headers)
    expect({ ...b, hosting: { ...b.hosting, headers: undefined } }).toEqual({ ...a, hosting: { ...a.hosting, headers: undefined } })
  })

  it('a second build leaves firebase.json byte-identical', () => {
    expect(fb.rebuilt).toBe(fb.written)
  })

  it.each(URLS)('%s: one CSP header line, exactly the policy of %s, and one of each security header', async (url, file) => {
    const res = await rawGet(`${fb.emulator.base}${url}`)
    expect(res.status).toBe(200)
    expect(headerLines(res, CSP)).toEqual([fb.api.page(file)!.headerPolicy])
    expect(headerLines(res, 'x-content-type-options')).toEqual(['nosniff'])
    expect(headerLines(res, 'referrer-policy')).toEqual(['strict-origin-when-cross-origin'])
  })

  it("the user's asset rule still applies, next to the site rule", async () => {
    const html = readFileSync(join(fb.project, 'dist/index.html'), 'utf8')
    const script = /src="(\/assets\/[^"]+\.js)"/.exec(html)![1]!
    const res = await rawGet(`${fb.emulator.base}${script}`)
    expect(headerLines(res, 'cache-control')).toEqual(['public, max-age=31536000, immutable'])
    expect(headerLines(res, CSP)).toHaveLength(1)
  })

  it('the .html forms are redirects to the clean URLs (so they need no rule of their own)', async () => {
    for (const [from, to] of [['/about.html', '/about'], ['/docs/index.html', '/docs']]) {
      const res = await rawGet(`${fb.emulator.base}${from}`)
      expect([res.status, res.location], from).toEqual([301, to])
    }
  })

  const CASES = JUDGES.flatMap((engine) => URLS.filter(([url]) => url !== '/docs').map(([url, file, ran]) => [url, engine, file, ran] as const))
  it.each(CASES)('%s runs in %s with zero violations, and the header policy refuses an injected script', async (url, engine, _file, ran) => {
    await expectHeaderPolicyHolds(engine, `${fb.emulator.base}${url}`, ran)
  })

  it("negative control (chromium): the emulator serving the user's firebase.json sends no CSP, and the injected script runs", async () => {
    const res = await rawGet(`${fb.control.base}/about`)
    expect(res.status).toBe(200)
    expect(headerLines(res, CSP)).toEqual([])
    await expectInjectedScriptRuns('chromium', `${fb.control.base}/about`)
  })
})

describe('staticwebapp.config.json from a vite 8 build, served by the Azure SWA emulator', () => {
  // What the emulator answers 200 for (HOSTS.md 4.7): file URLs, folder URLs with a slash, and any
  // other path through navigationFallback (index.html).
  const URLS: [string, string, string[]][] = [
    ['/', 'index.html', ['home', 'main']],
    ['/index.html', 'index.html', ['home', 'main']],
    ['/about.html', 'about.html', ['about', 'main']],
    ['/docs/', 'docs/index.html', ['main']],
    ['/docs/index.html', 'docs/index.html', ['main']],
    ['/app/deep/link', 'index.html', ['home', 'main']],
  ]

  it("keeps the user's config: every key, route and global header as it was, cspkit's routes after the user's", () => {
    const before = JSON.parse(USER_SWA_CONFIG)
    const after = JSON.parse(swa.written)
    for (const key of ['navigationFallback', 'responseOverrides', 'mimeTypes']) expect(after[key], key).toEqual(before[key])
    expect(after.routes.slice(0, before.routes.length)).toEqual(before.routes)
    expect(after.globalHeaders['X-Robots-Tag']).toBe('noindex')
    for (const line of USER_SWA_CONFIG.split('\n').filter((l) => l.includes('"route"'))) expect(swa.written).toContain(line)
    expect(readAzureSwaConfig(swa.written, 'staticwebapp.config.json').diagnostics).toEqual([])
    expect(Buffer.byteLength(swa.written)).toBeLessThan(20 * 1024)
  })

  it('a second build leaves the config byte-identical', () => {
    expect(swa.rebuilt).toBe(swa.written)
  })

  it('the emulator found the config', () => {
    expect(swa.emulator.output()).toMatch(/staticwebapp\.config\.json/)
  })

  it.each(URLS)('%s: one CSP header line, exactly the policy of %s, and one of each security header', async (url, file) => {
    const res = await rawGet(`${swa.emulator.base}${url}`)
    expect(res.status).toBe(200)
    expect(headerLines(res, CSP)).toEqual([swa.api.page(file)!.headerPolicy])
    expect(headerLines(res, 'referrer-policy')).toEqual(['strict-origin-when-cross-origin'])
    expect(headerLines(res, 'x-robots-tag')).toEqual(['noindex'])
  })

  it("the user's asset route still applies, with the global headers", async () => {
    const html = readFileSync(join(swa.project, 'dist/index.html'), 'utf8')
    const script = /src="(\/assets\/[^"]+\.js)"/.exec(html)![1]!
    const res = await rawGet(`${swa.emulator.base}${script}`)
    expect(headerLines(res, 'cache-control')).toEqual(['public, max-age=31536000, immutable'])
    expect(headerLines(res, CSP)).toHaveLength(1)
  })

  const CASES = JUDGES.flatMap((engine) => URLS.filter(([url]) => url !== '/' && !url.endsWith('index.html')).map(([url, file, ran]) => [url, engine, file, ran] as const))
  it.each(CASES)('%s runs in %s with zero violations, and the header policy refuses an injected script', async (url, engine, _file, ran) => {
    await expectHeaderPolicyHolds(engine, `${swa.emulator.base}${url}`, ran)
  })

  it("negative control (chromium): the emulator serving the user's config sends no CSP, and the injected script runs", async () => {
    const res = await rawGet(`${swa.control.base}/about.html`)
    expect(res.status).toBe(200)
    expect(headerLines(res, CSP)).toEqual([])
    await expectInjectedScriptRuns('chromium', `${swa.control.base}/about.html`)
  })
})
