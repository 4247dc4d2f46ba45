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
 *
 * The builds and the visit are the shared harness (support/sdk-page.ts).
 *
 * Chromium only: a preset is a host list, and what these tests prove is which hosts the vendor's SDK
 * reaches. Host-source matching is specified exactly (CSP3) and the engine differences this suite
 * found are in hashes, 'strict-dynamic' and inline styles (test/browser-rules, README's browser notes).
 */
import { join } from 'node:path'
import { chromium, type Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { resolvePresets } from '../packages/core/src/presets/resolve.js'
import { presetLookup } from '../packages/core/src/dev/preset-lookup.js'
import { CHROMIUM, CHROMIUM_ARGS } from './support/global-setup.js'
import type { StaticServer } from './support/browser.js'
import { ROOT } from './support/builds.js'
import { closeAll, css, htmlBody, js, json, serveBuilds, visitSdkPage, type Visit } from './support/sdk-page.js'
import { startHttpsStub, type HttpsStub, type StubRoute } from './support/https-stub.js'

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
  if (host === 'js.stripe.com' && path.endsWith('.html')) return htmlBody('<div>card number</div>')
  if (host === 'client.crisp.chat' && path === '/l.js') return js(CRISP_JS)
  if (host === 'client.crisp.chat' && path.endsWith('.css')) return css('#crisp-chatbox { position: fixed; bottom: 0 }')
  if (host === 'www.paypal.com' && path === '/sdk/js') return js(PAYPAL_JS)
  if (host === 'www.paypal.com' && path === '/smart/buttons') return htmlBody('<button>PayPal</button>')
  if (host === 'widget.intercom.io') return js(INTERCOM_JS)
  if (host === 'static.intercomassets.com') return { type: 'image/png', body: PNG_1X1 }
  if (host === 'api.mapbox.com' && path.startsWith('/styles/v1/')) return json(MAPBOX_STYLE)
  if (method === 'POST' || path.endsWith('/')) return json({})
  if (path.endsWith('.js')) return js('')
  return json({})
}

let stub: HttpsStub
let browser: Browser
let sites: Record<'preset' | 'control', StaticServer> = {} as never

beforeAll(async () => {
  stub = await startHttpsStub(route)
  sites = await serveBuilds(FIXTURE, 'presets-sdks', [
    { name: 'preset', pages: NAMES, options: { presets: NAMES.map((n) => SDKS[n].preset) } },
    { name: 'control', pages: NAMES, options: {} },
  ])
  const hosts = NAMES.flatMap((n) => SDKS[n].hosts)
  // WebGL for mapbox-gl comes from SwiftShader: no GPU on the test machine.
  const args = [...CHROMIUM_ARGS.filter((a) => a !== '--disable-gpu'), '--use-angle=swiftshader', '--enable-unsafe-swiftshader', ...stub.chromiumArgs(hosts)]
  browser = await chromium.launch({ executablePath: CHROMIUM, args })
})

afterAll(() => closeAll(browser, ...Object.values(sites), stub))

/**
 * Opens the SDK's page and does what a visitor does (support/sdk-page.ts), counting what the stub saw
 * while the page first loaded too; on the preset site, a page that never shows the SDK's work fails the visit.
 */
async function visit(site: 'preset' | 'control', sdk: Sdk): Promise<Visit> {
  const { waitFor, reached } = EXPECT[sdk]
  const visited = await visitSdkPage({ browser, stub, url: `${sites[site].url}/${sdk}.html`, expect: { waitFor, reached: [reached] }, control: site === 'control' })
  if (site === 'preset' && !visited.finished) throw new Error(`the page never showed ${waitFor}`)
  return visited
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
    visited = await visit('preset', sdk)
    seen = visited.seen
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
    const visited = await visit('control', sdk)
    expect(visited.violations.length, `${sdk}: no violation`).toBeGreaterThan(0)
    expect(visited.seen.filter((s) => EXPECT[sdk].reached.test(s))).toEqual([])
  })
})
