/**
 * Firebase Hosting, end to end: a real `vite build` (vite 8) with hosts: ['firebase'] and meta off
 * edits the project's own firebase.json (comments, other keys and the user's header rule kept),
 * served by the Firebase Hosting emulator (firebase-tools' superstatic: Firebase's own matching,
 * cleanUrls and rule order), then loaded in Chromium, Firefox and WebKit: every URL a page is
 * served at carries exactly one CSP header line, equal to that page's policy, and the page runs
 * with zero violations while the header refuses an injected script. The negative control is the
 * same build served by a second emulator from the user's firebase.json as it was: no CSP arrives
 * and the injected script runs.
 */
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import csp from '@cspkit/vite'
import { readFirebaseJson, type CspkitApi, type Options } from '@cspkit/core'
import { ROOT } from './support/builds.js'
import { ENGINES, loadInEngine } from './support/engines/index.js'
import { firebaseEmulatorPorts, freePort, headerLines, rawGet, startFirebaseHosting, type HostEmulator } from './support/host-emulators.js'

const FIXTURE = join(ROOT, 'test/fixtures/hosts-site')
const CSP = 'content-security-policy'

/** A realistic firebase.json: comments (firebase-tools allows them), rewrites, a user header rule. */
function userFirebaseJson(emulators: Record<string, unknown>): string {
  return `{
  // Written by \`firebase init hosting\`, then edited by hand.
  "hosting": {
    "public": "dist",
    "cleanUrls": true,
    "ignore": ["firebase.json", "**/.*", "**/node_modules/**"],
    "redirects": [{ "source": "/old-about", "destination": "/about", "type": 301 }],
    "headers": [
      { "source": "/assets/**", "headers": [{ "key": "Cache-Control", "value": "public, max-age=31536000, immutable" }] }
    ]
  },
  "emulators": ${JSON.stringify(emulators)}
}
`
}

async function build(project: string, options: Options): Promise<CspkitApi> {
  const plugin = csp(options) as unknown as { api: CspkitApi }
  const { build } = (await import('vite8')) as typeof import('vite')
  await build({
    root: project,
    configFile: false,
    logLevel: 'silent',
    build: {
      outDir: join(project, 'dist'),
      emptyOutDir: true,
      rollupOptions: { input: { home: join(project, 'index.html'), about: join(project, 'about.html'), docs: join(project, 'docs/index.html') } },
    },
    plugins: [plugin as never],
  })
  return plugin.api
}

const options: Options = { meta: false, hosts: ['firebase'], headers: { security: true } }
let project = ''
let original = ''
let written = ''
let rebuilt = ''
let api: CspkitApi
let emulator: HostEmulator | undefined
let control: HostEmulator | undefined

beforeAll(async () => {
  project = mkdtempSync(join(tmpdir(), 'cspkit-hosts-firebase-'))
  cpSync(FIXTURE, project, { recursive: true })
  const port = await freePort()
  original = userFirebaseJson(await firebaseEmulatorPorts(port))
  writeFileSync(join(project, 'firebase.json'), original)
  api = await build(project, options)
  written = readFileSync(join(project, 'firebase.json'), 'utf8')
  await build(project, options)
  rebuilt = readFileSync(join(project, 'firebase.json'), 'utf8')

  // The negative control: the same output, the user's firebase.json as it was (no cspkit rules).
  const bare = mkdtempSync(join(tmpdir(), 'cspkit-hosts-firebase-bare-'))
  cpSync(join(project, 'dist'), join(bare, 'dist'), { recursive: true })
  const barePort = await freePort()
  writeFileSync(join(bare, 'firebase.json'), userFirebaseJson(await firebaseEmulatorPorts(barePort)))
  ;[emulator, control] = await Promise.all([startFirebaseHosting(project, port), startFirebaseHosting(bare, barePort)])
}, 180_000)

afterAll(async () => {
  await Promise.all([emulator?.stop(), control?.stop()])
})

// cleanUrls: true, trailingSlash unset: the URLs the emulator answers 200 for each page (HOSTS.md 5).
const URLS: [string, string, string[]][] = [
  ['/', 'index.html', ['home', 'main']],
  ['/about', 'about.html', ['about', 'main']],
  ['/docs', 'docs/index.html', ['main']],
  ['/docs/', 'docs/index.html', ['main']],
]

describe('firebase.json from a vite 8 build, served by the Firebase Hosting emulator', () => {
  it("keeps the user's file: the comment, every other key and the user's header rule, byte for byte", () => {
    const userRule = original.split('\n').find((l) => l.includes('/assets/**'))!
    expect(written).toContain(userRule)
    expect(written).toContain('// Written by `firebase init hosting`, then edited by hand.')
    const before = readFirebaseJson(original, 'firebase.json')
    const after = readFirebaseJson(written, 'firebase.json')
    expect(after.diagnostics).toEqual([])
    expect(after.routing).toEqual({ cleanUrls: true, trailingSlash: undefined })
    // The user's rule stays first; cspkit's come after it (later rules win on Firebase).
    expect(after.rules[0]).toEqual(before.rules[0])
    expect(after.rules.length).toBeGreaterThan(1)
    const json = (text: string) => JSON.parse(text.replace(/^\s*\/\/.*$/m, ''))
    const [a, b] = [json(original), json(written)]
    expect(b.hosting.headers.slice(0, 1)).toEqual(a.hosting.headers)
    expect({ ...b, hosting: { ...b.hosting, headers: undefined } }).toEqual({ ...a, hosting: { ...a.hosting, headers: undefined } })
  })

  it('a second build leaves firebase.json byte-identical', () => {
    expect(rebuilt).toBe(written)
  })

  it.each(URLS)('%s: one CSP header line, exactly the policy of %s, and one of each security header', async (url, file) => {
    const res = await rawGet(`${emulator!.base}${url}`)
    expect(res.status).toBe(200)
    expect(headerLines(res, CSP)).toEqual([api.page(file)!.headerPolicy])
    expect(headerLines(res, 'x-content-type-options')).toEqual(['nosniff'])
    expect(headerLines(res, 'referrer-policy')).toEqual(['strict-origin-when-cross-origin'])
  })

  it("the user's asset rule still applies, next to the site rule", async () => {
    const html = readFileSync(join(project, 'dist/index.html'), 'utf8')
    const script = /src="(\/assets\/[^"]+\.js)"/.exec(html)![1]!
    const res = await rawGet(`${emulator!.base}${script}`)
    expect(headerLines(res, 'cache-control')).toEqual(['public, max-age=31536000, immutable'])
    expect(headerLines(res, CSP)).toHaveLength(1)
  })

  it('the .html forms are redirects to the clean URLs (so they need no rule of their own)', async () => {
    for (const [from, to] of [['/about.html', '/about'], ['/docs/index.html', '/docs']]) {
      const res = await rawGet(`${emulator!.base}${from}`)
      expect([res.status, res.location], from).toEqual([301, to])
    }
  })

  // Each page at its first URL in every engine (the raw requests above cover every URL form).
  const CASES = ENGINES.flatMap((engine) => URLS.filter(([url]) => url !== '/docs').map(([url, file, ran]) => [url, engine, file, ran] as const))
  it.each(CASES)('%s runs in %s with zero violations, and the header policy refuses an injected script', async (url, engine, _file, ran) => {
    const { page, violations } = await loadInEngine(engine, `${emulator!.base}${url}`)
    try {
      expect(violations).toEqual([])
      expect(await page.evaluate(() => (window as unknown as { __ran: string[] }).__ran)).toEqual(ran)
      await page.evaluate(() => {
        const s = document.createElement('script')
        s.textContent = 'window.__injected = true'
        document.head.append(s)
      })
      await new Promise((ok) => setTimeout(ok, 100))
      expect(await page.evaluate(() => (window as unknown as { __injected?: boolean }).__injected)).toBeUndefined()
      expect((await page.violations()).map((v) => [v.effectiveDirective, v.blockedURI, v.disposition])).toEqual([['script-src-elem', 'inline', 'enforce']])
    } finally {
      await page.close()
    }
  })

  it.each(['chromium'] as const)('negative control (%s): the emulator serving the user\'s firebase.json sends no CSP, and the injected script runs', async (engine) => {
    const res = await rawGet(`${control!.base}/about`)
    expect(res.status).toBe(200)
    expect(headerLines(res, CSP)).toEqual([])
    const { page } = await loadInEngine(engine, `${control!.base}/about`)
    try {
      await page.evaluate(() => {
        const s = document.createElement('script')
        s.textContent = 'window.__injected = true'
        document.head.append(s)
      })
      await new Promise((ok) => setTimeout(ok, 100))
      expect(await page.evaluate(() => (window as unknown as { __injected?: boolean }).__injected)).toBe(true)
    } finally {
      await page.close()
    }
  })
})
