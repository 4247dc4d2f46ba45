/**
 * Presets against the vendors' real browser SDKs from npm (posthog-js, @sentry/browser,
 * @stripe/stripe-js, crisp-sdk-web, @paypal/paypal-js, mapbox-gl, @intercom/messenger-js-sdk).
 *
 * One Vite multi-page build holds a page per SDK, built with every preset under test, and one
 * control build without presets. Chromium sends the vendors' hosts to a local HTTPS stub that answers
 * what each SDK asks for. A visitor clicks the page's button (capture an event, report an error,
 * mount Stripe Elements, open the chat, render the map, render the PayPal buttons, show the
 * messenger): zero CSP violations with the presets, violations without them.
 *
 * Because one build carries all presets, a source one preset adds could hide a gap in another; so
 * each vendor request the page made is also checked against that page's preset alone
 * (presetLookup over the preset's own policy, for the directive the browser applied).
 *
 * Where an npm package is only a loader (Stripe.js, Crisp, PayPal, Intercom), the widget code itself
 * is served by the vendor and is not on npm: the stub serves a small stand-in for it that loads
 * what the vendor's CSP page says the widget loads. Those pages prove the loader and the documented
 * hosts, not the vendor's widget code (see each preset's notes).
 */
import { join } from 'node:path'
import { chromium, type Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import csp from '@cspkit/vite'
import type { Options } from '@cspkit/core'
import { resolvePresets } from '../packages/core/src/presets/resolve.js'
import { presetLookup } from '../packages/core/src/dev/preset-lookup.js'
import { CHROMIUM, CHROMIUM_ARGS } from './support/global-setup.js'
import { loadPage, readViolations, serveDir, type StaticServer, type Violation } from './support/browser.js'
import { ROOT, tempDir } from './support/builds.js'
import { directiveFor } from './support/request-directive.js'
import { startHttpsStub, type HttpsStub, type StubResponse, type StubRoute } from './support/https-stub.js'

const FIXTURE = join(ROOT, 'test/fixtures/presets-sdks')

/** Page → the preset it needs, and the vendor hosts the stub stands in for. */
const SDKS = {
  posthog: { preset: 'posthog', hosts: ['*.posthog.com'] },
  sentry: { preset: 'sentry', hosts: ['*.sentry.io'] },
  stripe: { preset: 'stripe', hosts: ['*.stripe.com'] },
  crisp: { preset: 'crisp', hosts: ['*.crisp.chat'] },
  paypal: { preset: 'paypal', hosts: ['*.paypal.com', '*.paypalobjects.com'] },
  mapbox: { preset: 'mapbox', hosts: ['*.mapbox.com'] },
  intercom: { preset: 'intercom', hosts: ['*.intercom.io', '*.intercomcdn.com', '*.intercom-messenger.com'] },
} as const
type Sdk = keyof typeof SDKS
const NAMES = Object.keys(SDKS) as Sdk[]

const js = (body: string): StubResponse => ({ type: 'text/javascript', body })
const html = (body: string): StubResponse => ({ type: 'text/html; charset=utf-8', body: `<!doctype html><html><body>${body}</body></html>` })
const json = (value: unknown): StubResponse => ({ type: 'application/json', body: JSON.stringify(value) })

/** Stand-in for Stripe.js (js.stripe.com/<release>/stripe.js): Elements mount as an iframe from js.stripe.com and talk to api.stripe.com. */
const STRIPE_JS = `
window.Stripe = function (key) {
  return {
    elements() {
      return {
        create(type) {
          return {
            mount(selector) {
              const frame = document.createElement('iframe')
              frame.name = '__privateStripeFrame'
              frame.src = 'https://js.stripe.com/v3/elements-inner-card.html#key=' + key
              document.querySelector(selector).appendChild(frame)
              fetch('https://api.stripe.com/v1/elements/sessions?key=' + key).then(() => { document.body.dataset.stripeApi = 'ok' })
            },
          }
        },
      }
    },
  }
}`

/** Stand-in for Crisp's loader (client.crisp.chat/l.js): takes over $crisp, and opening the chat loads its stylesheet and opens the relay websocket. */
const CRISP_JS = `
const queue = window.$crisp || []
function run(command) {
  if (command[0] === 'do' && command[1] === 'chat:open') {
    const css = document.createElement('link')
    css.rel = 'stylesheet'
    css.href = 'https://client.crisp.chat/static/stylesheets/client_default.css'
    document.head.appendChild(css)
    const box = document.createElement('div')
    box.id = 'crisp-chatbox'
    box.textContent = 'How can we help?'
    document.body.appendChild(box)
    const ws = new WebSocket('wss://client.relay.crisp.chat/w/')
    ws.addEventListener('open', () => { box.dataset.relay = 'open' })
  }
}
window.$crisp = { push: run, is: () => false, get: () => undefined }
queue.forEach(run)`

/** Stand-in for the PayPal JS SDK (www.paypal.com/sdk/js): Buttons render as an iframe from www.paypal.com. */
const PAYPAL_JS = `
window.paypal = {
  version: '5.0.0',
  Buttons(options) {
    return {
      isEligible: () => true,
      render(selector) {
        const frame = document.createElement('iframe')
        frame.src = 'https://www.paypal.com/smart/buttons?env=sandbox'
        document.querySelector(selector).appendChild(frame)
        return fetch('https://www.paypal.com/graphql?GetFundingEligibility', { method: 'POST', body: '{}' }).then(() => undefined)
      },
    }
  },
}`

/** Stand-in for Intercom's widget (widget.intercom.io/widget/<app>): pings the messenger API, opens the realtime socket, shows the messenger. */
const INTERCOM_JS = `
const queued = (window.Intercom && window.Intercom.q) || []
function run(command) {
  if (command === 'boot') {
    fetch('https://api-iam.intercom.io/messenger/web/ping', { method: 'POST', body: 'app_id=cspkitapp' }).then(() => { document.body.dataset.ping = 'ok' })
  }
  if (command === 'show') {
    const frame = document.createElement('div')
    frame.className = 'intercom-messenger'
    const logo = document.createElement('img')
    logo.src = 'https://static.intercomassets.com/avatars/1/square_128/team.png'
    frame.appendChild(logo)
    document.body.appendChild(frame)
    const ws = new WebSocket('wss://nexus-websocket-a.intercom.io/pubsub/5-cspkit')
    ws.addEventListener('open', () => { frame.dataset.realtime = 'open' })
  }
}
window.Intercom = function (command) { run(command) }
queued.forEach((args) => run(args[0]))
run('boot')`

/** A minimal Mapbox style: one background layer, so the map renders without tiles or glyphs. */
const MAPBOX_STYLE = { version: 8, name: 'cspkit', sources: {}, layers: [{ id: 'land', type: 'background', paint: { 'background-color': '#e0e8d8' } }] }

const PNG_1X1 = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR4nGNgYGD4DwABBAEAwS2OUAAAAABJRU5ErkJggg==', 'base64')

const route: StubRoute = ({ method, host, path }) => {
  if (host === 'js.stripe.com' && path.endsWith('/stripe.js')) return js(STRIPE_JS)
  if (host === 'js.stripe.com' && path.endsWith('.html')) return html('<div>card number</div>')
  if (host === 'client.crisp.chat' && path === '/l.js') return js(CRISP_JS)
  if (host === 'client.crisp.chat' && path.endsWith('.css')) return { type: 'text/css', body: '#crisp-chatbox { position: fixed; bottom: 0 }' }
  if (host === 'www.paypal.com' && path === '/sdk/js') return js(PAYPAL_JS)
  if (host === 'www.paypal.com' && path === '/smart/buttons') return html('<button>PayPal</button>')
  if (host === 'widget.intercom.io') return js(INTERCOM_JS)
  if (host === 'static.intercomassets.com') return { type: 'image/png', body: PNG_1X1 }
  if (host === 'api.mapbox.com' && path.startsWith('/styles/v1/')) return json(MAPBOX_STYLE)
  if (method === 'POST' || path.endsWith('/')) return json({})
  if (path.endsWith('.js')) return js('')
  return json({})
}

let stub: HttpsStub
let browser: Browser
const sites: Record<'preset' | 'control', StaticServer> = {} as never

beforeAll(async () => {
  stub = await startHttpsStub(route)
  const { build } = await import('vite8')
  const builds: Record<'preset' | 'control', Options> = { preset: { presets: NAMES.map((n) => SDKS[n].preset) }, control: {} }
  for (const [name, options] of Object.entries(builds) as ['preset' | 'control', Options][]) {
    const outDir = tempDir(`presets-sdks-${name}`)
    await build({
      root: FIXTURE,
      configFile: false,
      logLevel: 'silent',
      plugins: [csp(options)],
      build: { outDir, emptyOutDir: true, chunkSizeWarningLimit: 5_000, rollupOptions: { input: Object.fromEntries(NAMES.map((n) => [n, join(FIXTURE, `${n}.html`)])) } },
    })
    sites[name] = await serveDir(outDir)
  }
  const hosts = NAMES.flatMap((n) => SDKS[n].hosts)
  // WebGL for mapbox-gl comes from SwiftShader: no GPU on the test machine.
  const args = [...CHROMIUM_ARGS.filter((a) => a !== '--disable-gpu'), '--use-angle=swiftshader', '--enable-unsafe-swiftshader', ...stub.chromiumArgs(hosts)]
  browser = await chromium.launch({ executablePath: CHROMIUM, args })
})

afterAll(async () => {
  await browser?.close()
  await Promise.all(Object.values(sites).map((s) => s.close()))
  await stub?.close()
})


interface Visit {
  violations: Violation[]
  cspErrors: string[]
  /** Requests to vendor hosts made by the page's own document (not by cross-origin frames), with the directive that governs them. */
  vendorRequests: { url: string; directive: string }[]
  /** Uncaught errors in the page (an SDK failing is not a CSP success). */
  pageErrors: string[]
}

const requestKey = (r: { websocket: boolean; method: string; host: string; path: string }) => `${r.websocket ? 'ws' : r.method} ${r.host}${r.path}`

/**
 * Opens the SDK's page, clicks its button as a visitor does, and waits until the page shows the
 * SDK's work and the stub saw the vendor endpoint it must reach (or, for the control, a moment).
 */
async function visit(site: 'preset' | 'control', sdk: Sdk): Promise<Visit> {
  const { page, context, consoleErrors } = await loadPage(browser, `${sites[site].url}/${sdk}.html`)
  const vendorRequests: Visit['vendorRequests'] = []
  const pageErrors: string[] = []
  page.on('pageerror', (e) => pageErrors.push(e.message))
  page.on('request', (request) => {
    const url = new URL(request.url())
    if (url.hostname === '127.0.0.1' || !/^(https|wss):$/.test(url.protocol)) return
    const frame = request.frame()
    const fromPage = request.isNavigationRequest() ? frame.parentFrame() === page.mainFrame() : frame === page.mainFrame()
    const directive = directiveFor(request)
    if (fromPage && directive) vendorRequests.push({ url: request.url(), directive })
  })
  page.on('websocket', (ws) => vendorRequests.push({ url: ws.url(), directive: 'connect-src' }))
  try {
    // Again with the listeners attached, so what the SDK requests while the page loads is seen too.
    await page.reload({ waitUntil: 'load' })
    await page.locator('#act').click()
    if (site === 'preset') {
      await page.locator(EXPECT[sdk].waitFor).first().waitFor({ timeout: 15_000 })
      // The SDK may send after the UI updates (a queue, a retry): wait for the request itself.
      for (let waited = 0; waited < 15_000 && !stub.requests.some((r) => EXPECT[sdk].reached.test(requestKey(r))); waited += 100) await page.waitForTimeout(100)
    } else {
      await page.waitForTimeout(1_500)
    }
    await page.waitForTimeout(300) // late violation events
    return {
      violations: await readViolations(page),
      cspErrors: consoleErrors.filter((m) => /Content Security Policy/i.test(m)),
      pageErrors,
      vendorRequests,
    }
  } finally {
    await context.close()
  }
}

/** What a visitor sees once each SDK did its work, and the vendor endpoint it must have reached. */
const EXPECT: Record<Sdk, { waitFor: string; reached: RegExp }> = {
  posthog: { waitFor: 'body[data-done="captured"]', reached: /^POST us\.i\.posthog\.com\/(e|i\/v0\/e|batch)\/?$/ },
  sentry: { waitFor: 'body[data-done="reported"]', reached: /^POST o0\.ingest\.sentry\.io\/api\/0\/envelope\/$/ },
  stripe: { waitFor: 'body[data-stripe-api="ok"]', reached: /^GET api\.stripe\.com\/v1\/elements\/sessions$/ },
  crisp: { waitFor: '#crisp-chatbox[data-relay="open"]', reached: /^ws client\.relay\.crisp\.chat\/w\/$/ },
  paypal: { waitFor: 'body[data-done="rendered"]', reached: /^POST www\.paypal\.com\/graphql$/ },
  mapbox: { waitFor: 'body[data-done="rendered"]', reached: /^GET api\.mapbox\.com\/styles\/v1\/mapbox\/light-v11$/ },
  intercom: { waitFor: '.intercom-messenger[data-realtime="open"]', reached: /^ws nexus-websocket-a\.intercom\.io\/pubsub\/5-cspkit$/ },
}

describe.each(NAMES)('%s preset, real SDK in Chromium', (sdk) => {
  let visited: Visit
  let seen: string[]

  beforeAll(async () => {
    stub.requests.length = 0
    visited = await visit('preset', sdk)
    seen = stub.requests.map(requestKey)
  })

  it('does what a visitor asked with zero CSP violations', () => {
    expect(visited.pageErrors).toEqual([])
    expect(visited.violations).toEqual([])
    expect(visited.cspErrors).toEqual([])
  })

  it("reached the vendor's endpoint", () => {
    expect(seen.some((s) => EXPECT[sdk].reached.test(s)), seen.join('\n')).toBe(true)
  })

  it(`every vendor request the page made is allowed by the '${SDKS[sdk].preset}' preset on its own`, () => {
    const lookup = presetLookup(resolvePresets([SDKS[sdk].preset]).list)
    expect(visited.vendorRequests.length).toBeGreaterThan(0)
    const uncovered = visited.vendorRequests.filter((r) => !lookup(new URL(r.url), r.directive).includes(SDKS[sdk].preset))
    expect(uncovered).toEqual([])
  })
})

describe('control: the same pages without presets', () => {
  it.each(NAMES)('%s is blocked and never reaches the vendor', async (sdk) => {
    stub.requests.length = 0
    const visited = await visit('control', sdk)
    expect(visited.violations.length, `${sdk}: no violation`).toBeGreaterThan(0)
    expect(stub.requests.filter((r) => EXPECT[sdk].reached.test(requestKey(r)))).toEqual([])
  })
})
