/**
 * Presets against the vendors' real browser SDKs from npm, round 3: mixpanel-browser,
 * @segment/analytics-next, @hotjar/browser, @supabase/supabase-js, @vercel/analytics and
 * plausible-tracker (the pattern of presets-sdks.test.ts).
 *
 * One Vite multi-page build holds a page per SDK, built with every preset under test, and one
 * control build without presets. Chromium sends the vendors' hosts to a local HTTPS stub that answers
 * what each SDK asks for (Segment's source settings, Supabase's REST rows and its Realtime channel
 * join). A visitor clicks the page's button (track an event, start Hotjar, select rows and subscribe
 * to changes): zero CSP violations with the presets; each vendor request the page made is also
 * checked against that page's preset alone, since one build carries all presets.
 *
 * Where the npm package is only a loader, the vendor's own code is not on npm and the stub (or the
 * site, for Vercel's first-party script) serves a small stand-in for it:
 * - @segment/analytics-next loads each device-mode destination's bundle from cdn.segment.com; the
 *   stand-in is one plugin that marks the page when it gets the event.
 * - @hotjar/browser inserts Hotjar's inline loader, which loads static.hotjar.com/c/hotjar-<id>.js;
 *   the stand-in loads a module from script.hotjar.com, posts visit data and opens the websocket.
 * - @vercel/analytics loads /_vercel/insights/script.js (on Vercel: the deployment's own origin) or,
 *   in development mode, va.vercel-scripts.com/v1/script.debug.js.
 * Those pages prove the npm package and the hosts the stand-in uses, not the vendor's code.
 *
 * The builds, the visit and the preset-alone check are the shared harness (support/sdk-page.ts).
 *
 * Chromium only: a preset is a host list, and what these tests prove is which hosts the vendor's SDK
 * reaches. Host-source matching is specified exactly (CSP3) and the engine differences this suite
 * found are in hashes, 'strict-dynamic' and inline styles (test/browser-rules, README's browser notes).
 */
import { join } from 'node:path'
import { chromium, type Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Options } from '@cspkit/core'
import { defaultPolicy } from '../packages/core/src/options.js'
import { resolvePresets, type PresetInput } from '../packages/core/src/presets/resolve.js'
import { hotjarInitHash } from '../packages/core/src/presets/hotjar.js'
import { CHROMIUM, CHROMIUM_ARGS } from './support/global-setup.js'
import type { StaticServer } from './support/browser.js'
import { ROOT } from './support/builds.js'
import { closeAll, js, json, presetAllows, serveBuilds, visitSdkPage, type Visit } from './support/sdk-page.js'
import { SEGMENT_DESTINATION_JS, SEGMENT_DESTINATION_PATH, segmentSettings } from './support/segment-stub.js'
import { startHttpsStub, type HttpsStub, type StubRoute } from './support/https-stub.js'
import { supabaseRealtime } from './support/supabase-realtime-stub.js'

const FIXTURE = join(ROOT, 'test/fixtures/presets-sdks-2')
const HOTJAR_SITE_ID = 1234567 // as the fixture's Hotjar.init(1234567, 6)

type Sdk = 'mixpanel' | 'segment' | 'hotjar' | 'supabase' | 'vercel-analytics' | 'vercel-analytics-dev' | 'plausible'
/** Page → the preset it needs, the vendor hosts the stub stands in for, and first-party paths that belong to the vendor. */
const SDKS: Record<Sdk, { preset: PresetInput; hosts: readonly string[]; firstParty?: RegExp }> = {
  // The npm package bundles the whole SDK: the 'npm' variant (no script-src) is enough.
  mixpanel: { preset: ['mixpanel', { variant: 'npm' }], hosts: ['*.mixpanel.com'] },
  segment: { preset: 'segment', hosts: ['*.segment.com', '*.segment.io'] },
  hotjar: { preset: 'hotjar', hosts: ['*.hotjar.com', '*.hotjar.io'] },
  // Pinned to the project: the default (*.supabase.co) allows more than that.
  supabase: { preset: ['supabase', { variant: 'project', project: 'cspkitproj' }], hosts: ['*.supabase.co'] },
  'vercel-analytics': { preset: 'vercel-analytics', hosts: [], firstParty: /^\/_vercel\// },
  'vercel-analytics-dev': { preset: 'vercel-analytics', hosts: ['va.vercel-scripts.com'] },
  plausible: { preset: ['plausible', { variant: 'npm' }], hosts: ['plausible.io'] },
}
const NAMES = Object.keys(SDKS) as Sdk[]
const entry = (name: Sdk) => SDKS[name]
const presetName = (name: Sdk) => resolvePresets([entry(name).preset]).list[0]!.name
const PRESETS = [...new Map(NAMES.map((n) => [JSON.stringify(entry(n).preset), entry(n).preset])).values()]

/** Stand-in for Hotjar's tracking code (static.hotjar.com/c/hotjar-<id>.js): loads its module script from script.hotjar.com. */
const HOTJAR_JS = `
const modules = document.createElement('script')
modules.src = 'https://script.hotjar.com/modules.cspkit.js'
document.head.appendChild(modules)`

/** Stand-in for Hotjar's module script: posts visit data, opens the websocket, sends the queued hj() calls over it. */
const HOTJAR_MODULES = `
const settings = window._hjSettings
fetch('https://in.hotjar.com/api/v2/client/sites/' + settings.hjid + '/visit-data?sv=' + settings.hjsv, { method: 'POST', body: '{}' })
const ws = new WebSocket('wss://ws.hotjar.com/api/v2/client/ws')
ws.addEventListener('open', () => {
  ;(window.hj.q || []).forEach((args) => ws.send(JSON.stringify(Array.from(args))))
  document.body.dataset.hotjar = 'connected'
})`

/** Stand-in for Vercel's debug script (va.vercel-scripts.com/v1/script.debug.js): logs the queued and later calls. */
const VERCEL_DEBUG_JS = `
const run = (params) => console.log('[Vercel Web Analytics] [' + params[0] + ']', params[1])
;(window.vaq || []).forEach(run)
window.va = (...params) => run(params)
document.documentElement.dataset.va = 'debug'`

const SEGMENT_SETTINGS = segmentSettings('cspkitWriteKey', 'api.segment.io/v1')

const route: StubRoute = ({ method, host, path }) => {
  if (host === 'api-js.mixpanel.com' && path === '/track/') return { type: 'text/plain', body: '1' }
  if (host === 'cdn.segment.com' && path === '/v1/projects/cspkitWriteKey/settings') return json(SEGMENT_SETTINGS)
  if (host === 'cdn.segment.com' && path === SEGMENT_DESTINATION_PATH) return js(SEGMENT_DESTINATION_JS)
  if (host === 'static.hotjar.com' && path === `/c/hotjar-${HOTJAR_SITE_ID}.js`) return js(HOTJAR_JS)
  if (host === 'script.hotjar.com' && path.startsWith('/modules.')) return js(HOTJAR_MODULES)
  if (host === 'cspkitproj.supabase.co' && path === '/rest/v1/todos') return json([{ id: 1, title: 'Ship a strict CSP' }])
  if (host === 'va.vercel-scripts.com' && path === '/v1/script.debug.js') return js(VERCEL_DEBUG_JS)
  if (host === 'plausible.io' && path === '/api/event') return { status: 202, type: 'text/plain', body: 'ok' }
  if (method === 'POST') return json({})
  return undefined
}

let stub: HttpsStub
let browser: Browser
let sites: Record<'preset' | 'control', StaticServer> = {} as never

beforeAll(async () => {
  stub = await startHttpsStub(route, { webSocket: supabaseRealtime })
  const preset: Options = {
    presets: PRESETS,
    // What a user of @hotjar/browser adds: the hash of the loader init() inserts (see the hotjar preset).
    policy: { ...defaultPolicy, 'script-src': ["'self'", hotjarInitHash(HOTJAR_SITE_ID)] },
  }
  // As `vite build` from a shell: vitest sets NODE_ENV=test, which Vite would inline into
  // @vercel/analytics' environment check (making it load the development script).
  const nodeEnv = process.env.NODE_ENV
  process.env.NODE_ENV = 'production'
  sites = await serveBuilds(FIXTURE, 'presets-sdks-2', [
    { name: 'preset', pages: NAMES, options: preset },
    { name: 'control', pages: NAMES, options: {} },
  ])
  if (nodeEnv === undefined) delete process.env.NODE_ENV
  else process.env.NODE_ENV = nodeEnv
  const hosts = NAMES.flatMap((n) => entry(n).hosts)
  browser = await chromium.launch({ executablePath: CHROMIUM, args: [...CHROMIUM_ARGS, ...stub.chromiumArgs(hosts)] })
})

afterAll(() => closeAll(browser, ...Object.values(sites), stub))

/** Opens the SDK's page and does what a visitor does (support/sdk-page.ts); what the stub saw while the page first loaded counts too. */
const visit = (site: 'preset' | 'control', sdk: Sdk): Promise<Visit> =>
  visitSdkPage({ browser, stub, url: `${sites[site].url}/${sdk}.html`, expect: EXPECT[sdk], control: site === 'control', firstParty: entry(sdk).firstParty })

/** What a visitor sees once each SDK did its work, and the vendor endpoints it must have reached. */
const EXPECT: Record<Sdk, { waitFor: string; reached: RegExp[] }> = {
  mixpanel: { waitFor: 'body[data-done="tracked"]', reached: [/^POST api-js\.mixpanel\.com\/track\/$/] },
  segment: {
    waitFor: 'body[data-done="tracked"][data-destination="checkout_started"]',
    reached: [
      /^GET cdn\.segment\.com\/v1\/projects\/cspkitWriteKey\/settings$/,
      /^GET cdn\.segment\.com\/next-integrations\/actions\/cspkit-destination\/0a1b2c3d\.js$/,
      /^POST api\.segment\.io\/v1\/t$/,
    ],
  },
  hotjar: {
    waitFor: 'body[data-hotjar="connected"]',
    reached: [/^GET static\.hotjar\.com\/c\/hotjar-1234567\.js$/, /^POST in\.hotjar\.com\/api\/v2\/client\/sites\/1234567\/visit-data$/, /^ws ws\.hotjar\.com\/api\/v2\/client\/ws$/],
  },
  supabase: {
    waitFor: 'body[data-realtime="SUBSCRIBED"]',
    reached: [/^GET cspkitproj\.supabase\.co\/rest\/v1\/todos$/, /^ws cspkitproj\.supabase\.co\/realtime\/v1\/websocket$/],
  },
  'vercel-analytics': {
    waitFor: 'body[data-done="tracked"]',
    reached: [/^GET 127\.0\.0\.1\/_vercel\/insights\/script\.js$/, /^POST 127\.0\.0\.1\/_vercel\/insights\/event$/],
  },
  'vercel-analytics-dev': { waitFor: 'html[data-va="debug"]', reached: [/^GET va\.vercel-scripts\.com\/v1\/script\.debug\.js$/] },
  plausible: { waitFor: 'body[data-done="tracked"]', reached: [/^POST plausible\.io\/api\/event$/] },
}

describe.each(NAMES)('%s preset, real SDK in Chromium', (sdk) => {
  let visited: Visit

  beforeAll(async () => {
    visited = await visit('preset', sdk)
  })

  it('does what a visitor asked with zero CSP violations', () => {
    expect(visited.violations).toEqual([])
    expect(visited.pageErrors).toEqual([])
    expect(visited.finished, `the page never showed ${EXPECT[sdk].waitFor}`).toBe(true)
    expect(visited.cspErrors).toEqual([])
  })

  it("reached the vendor's endpoints", () => {
    for (const endpoint of EXPECT[sdk].reached) expect(visited.seen.some((s) => endpoint.test(s)), `${endpoint}\n${visited.seen.join('\n')}`).toBe(true)
  })

  it(`every vendor request the page made is allowed by the '${presetName(sdk)}' preset on its own (${JSON.stringify(entry(sdk).preset)})`, () => {
    expect(visited.vendorRequests.length).toBeGreaterThan(0)
    const origin = sites.preset.url
    const uncovered = visited.vendorRequests.filter((r) => !presetAllows(entry(sdk).preset, new URL(r.url), r.directive, origin))
    expect(uncovered).toEqual([])
  })
})

// Vercel Web Analytics deployed on Vercel is first-party: the default policy already allows it.
const BLOCKED_WITHOUT_PRESET = NAMES.filter((n) => n !== 'vercel-analytics')

describe('control: the same pages without presets', () => {
  it.each(BLOCKED_WITHOUT_PRESET)('%s is blocked and never reaches the vendor', async (sdk) => {
    const visited = await visit('control', sdk)
    expect(visited.violations.length, `${sdk}: no violation`).toBeGreaterThan(0)
    expect(visited.seen.filter((s) => EXPECT[sdk].reached.some((r) => r.test(s)))).toEqual([])
    // @hotjar/browser's loader is an inline script made at run time: only its hash (hotjarInitHash) lets it run.
    if (sdk === 'hotjar') expect(visited.violations).toContainEqual(expect.objectContaining({ blockedURI: 'inline', effectiveDirective: 'script-src-elem' }))
  })

  it("vercel-analytics in production needs no preset: its script and events are on the site's own origin, which the default policy allows", async () => {
    const visited = await visit('control', 'vercel-analytics')
    expect(visited.violations).toEqual([])
    for (const endpoint of EXPECT['vercel-analytics'].reached) expect(visited.seen.some((s) => endpoint.test(s)), `${endpoint}\n${visited.seen.join('\n')}`).toBe(true)
  })
})
