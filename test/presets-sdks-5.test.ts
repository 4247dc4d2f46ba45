/**
 * Presets against the vendors' real browser SDKs from npm, round 5: @customerio/cdp-analytics-browser,
 * @primer-io/checkout-web, @square/web-sdk and @contentsquare/tag-sdk (the pattern of
 * presets-sdks-3.test.ts).
 *
 * A Vite build per page, each with that page's preset only (see BUILDS), and one multi-page
 * control build without presets. Chromium sends the vendors' hosts to a local HTTPS stub that
 * answers what each SDK asks for. A visitor clicks the page's button: zero CSP violations with the presets; each vendor
 * request the page made is also checked against that page's preset alone.
 *
 * - Customer.io: the npm SDK's own code throughout. @customerio/cdp-analytics-browser loads the workspace settings from
 *   its CDN (cdp.customer.io, or cdp-eu.customer.io with the README's EU cdnURL), sends identify and
 *   track to the settings' apiHost, and, because the stub's settings turn on the in-app plugin, runs
 *   customerio-gist-web (bundled), which asks Gist's queue (consumer.cloud.gist.build) for messages.
 *   The stub's queue answers with one message, which gist-web inserts with its own <style> (hence
 *   style-src 'unsafe-inline') around an iframe of Gist's renderer (renderer.gist.build/3.0/index.html):
 *   only that page, served by Gist, is a stand-in (it just loads).
 * - Primer: @primer-io/checkout-web decodes the client token (made by the fixture), fetches the
 *   configuration it names, loads Primer's core SDK and Checkout.css from sdk.primer.io and sends its
 *   analytics beacons. Checkout.css is the npm package's own file; the core SDK is not on npm and is a
 *   stand-in using the hosts Primer's CSP page lists: hosted card fields framed from
 *   assets.primer.io, the payment instrument and payment posted to the configuration's pciUrl and
 *   coreUrl, and for '3ds' the issuer's challenge framed from a 3dsecure.io host (the stub's sandbox
 *   workspace, api.sandbox.primer.io, is the one whose payments require 3-D Secure).
 * - Square: @square/web-sdk picks web.squarecdn.com or sandbox.web.squarecdn.com from the application
 *   ID's prefix and loads /v1/square.js from it. Square.js is not on npm: the stand-in frames the
 *   card fields from the same host and posts the card for a nonce to pci-connect.squareup.com (or
 *   pci-connect.squareupsandbox.com), the hosts of Square's CSP page as the preset has them.
 * - Contentsquare: @contentsquare/tag-sdk appends t.contentsquare.net/uxa/<clientId>.js. The tag is
 *   not on npm: the stand-in does what Contentsquare's CSP page says the tag does (a blob: worker,
 *   XHR and "fake images" to a contentsquare.net collection host).
 * The stand-ins prove the npm packages and the hosts, not the vendors' own code.
 *
 * The builds, the visit and the preset-alone check are the shared harness (support/sdk-page.ts).
 *
 * Chromium only: a preset is a host list, and what these tests prove is which hosts the vendor's SDK
 * reaches. Host-source matching is specified exactly (CSP3) and the engine differences this suite
 * found are in hashes, 'strict-dynamic' and inline styles (test/browser-rules, README's browser notes).
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { PresetInput } from '../packages/core/src/presets/resolve.js'
import { ROOT } from './support/builds.js'
import { clockHooks, describeSdkPages, css, html, js, json, presetSdkSuite } from './support/sdk-page.js'
import type { StubRoute } from './support/https-stub.js'

const FIXTURE = join(ROOT, 'test/fixtures/presets-sdks-5')
// As the fixture pages configure them.
const CIO_WRITE_KEY = 'cspkitCioWriteKey'
const CIO_USER = 'cspkit-visitor'
const PRIMER_PAYMENT = 'cspkit-payment'
const SQUARE_NONCE = 'cnon:cspkit-card-nonce'

type Sdk = 'customer-io' | 'customer-io-eu' | 'primer' | 'primer-3ds' | 'square' | 'square-sandbox' | 'contentsquare'
/** Page → the preset it needs and the vendor hosts the stub stands in for. */
const SDKS: Record<Sdk, { preset: PresetInput; hosts: readonly string[] }> = {
  'customer-io': { preset: 'customer-io', hosts: ['cdp.customer.io', '*.gist.build'] },
  'customer-io-eu': { preset: ['customer-io', { variant: 'eu' }], hosts: ['cdp-eu.customer.io', '*.gist.build'] },
  primer: { preset: 'primer', hosts: ['*.primer.io'] },
  'primer-3ds': { preset: ['primer', { variant: '3ds' }], hosts: ['*.primer.io', '*.3dsecure.io'] },
  square: { preset: 'square', hosts: ['web.squarecdn.com', 'pci-connect.squareup.com'] },
  'square-sandbox': { preset: ['square', { variant: 'sandbox' }], hosts: ['sandbox.web.squarecdn.com', 'pci-connect.squareupsandbox.com'] },
  contentsquare: { preset: 'contentsquare', hosts: ['*.contentsquare.net', '*.contentsquare.com'] },
}
const NAMES = Object.keys(SDKS) as Sdk[]
const entry = (name: Sdk) => SDKS[name]


/** Primer's Checkout.css, the npm package's own file (the loader fetches it from sdk.primer.io/web/v<version>/). */
const PRIMER_CSS = readFileSync(join(ROOT, 'node_modules/@primer-io/checkout-web/dist/Checkout.css'), 'utf8')
const PRIMER_VERSION = (JSON.parse(readFileSync(join(ROOT, 'node_modules/@primer-io/checkout-web/package.json'), 'utf8')) as { version: string }).version

/**
 * Stand-in for Primer's core SDK (sdk.primer.io/web/v<version>/PrimerCoreSDK.min.js): @primer-io/checkout-web
 * (dist/Primer.js) takes `window.__Primer` once the script loaded and calls
 * `showUniversalCheckout(configuration, checkoutSessionId, clientToken, options)` on it.
 */
const PRIMER_CORE = `window.__Primer = {
  async showUniversalCheckout(configuration, checkoutSessionId, clientToken, options) {
    const framed = (src, where) => new Promise((resolve, reject) => {
      const frame = document.createElement('iframe')
      frame.addEventListener('load', () => resolve(frame), { once: true })
      frame.addEventListener('error', reject, { once: true })
      frame.src = src
      where.appendChild(frame)
    })
    const post = (url, body) => fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', 'primer-client-token': clientToken }, body: JSON.stringify(body) }).then((r) => r.json())
    const container = document.querySelector(options.container)
    await framed(configuration.assetsUrl + '/checkout/card-number.html', container)
    const instrument = await post(configuration.pciUrl + '/payment-instruments', { paymentInstrument: { number: '4111 1111 1111 1111' } })
    let payment = await post(configuration.coreUrl + '/payments', { paymentMethodToken: instrument.token })
    if (payment.requiredAction && payment.requiredAction.name === '3DS_AUTHENTICATION') {
      await framed(payment.requiredAction.challengeUrl, document.body)
      payment = await post(configuration.coreUrl + '/payments/' + payment.id + '/resume', { resumeToken: 'cspkit-3ds' })
    }
    options.onCheckoutComplete({ payment: { id: payment.id } })
    return { teardown() {} }
  },
}`

/** Stand-in for Square.js (<host>/v1/square.js): `Square.payments(appId, locationId).card()` with attach and tokenize. */
const SQUARE_JS = `(() => {
  const origin = new URL(document.currentScript.src).origin
  const pci = origin === 'https://sandbox.web.squarecdn.com' ? 'https://pci-connect.squareupsandbox.com' : 'https://pci-connect.squareup.com'
  window.Square = {
    payments: (applicationId, locationId) => ({
      card: async () => ({
        attach: (selector) => new Promise((resolve) => {
          const frame = document.createElement('iframe')
          frame.addEventListener('load', () => resolve(), { once: true })
          frame.src = origin + '/v1/card-iframe.html'
          document.querySelector(selector).appendChild(frame)
        }),
        tokenize: async () => {
          const response = await fetch(pci + '/v2/card-nonce', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ application_id: applicationId, location_id: locationId }) })
          const { card_nonce } = await response.json()
          return { status: 'OK', token: card_nonce }
        },
      }),
    }),
  }
})()`

/** Stand-in for Contentsquare's tracking tag (t.contentsquare.net/uxa/<clientId>.js): a blob: worker prepares the pageview, sent by XHR and an image. */
const CONTENTSQUARE_TAG = `(() => {
  const source = 'onmessage = (event) => postMessage(new URLSearchParams(event.data).toString())'
  const worker = new Worker(URL.createObjectURL(new Blob([source], { type: 'text/javascript' })))
  worker.onmessage = (event) => {
    const xhr = new XMLHttpRequest()
    xhr.open('POST', 'https://c.contentsquare.net/pageview')
    xhr.send(event.data)
    new Image().src = 'https://c.contentsquare.net/events?' + event.data
  }
  const queued = (window._uxa || []).filter((command) => command[0] === 'event').map((command) => command[1])
  worker.postMessage({ url: location.href, events: queued.join(',') })
})()`

let primerPayments = 0

const route: StubRoute = ({ method, host, path }) => {
  // Customer.io: the workspace settings (the EU workspace's name the EU API host, as the SDK's
  // customerio plugin reads apiHost from them), identify/track, and Gist's user queue with one message.
  const cio = /^cdp(-eu)?\.customer\.io$/.exec(host)
  if (cio && path === `/v1/projects/${CIO_WRITE_KEY}/settings`) {
    return json({
      integrations: {
        'Customer.io Data Pipelines': { apiKey: CIO_WRITE_KEY, apiHost: `${host}/v1` },
        'Customer.io In-App Plugin': { siteId: 'cspkit-site' },
      },
      plan: {},
    })
  }
  if (cio && /^\/v1\/[itpgas]$/.test(path) && method === 'POST') return json({ success: true })
  if (host === 'consumer.cloud.gist.build' && path === '/api/v4/users') {
    return json({ inAppMessages: [{ messageId: 'cspkit-welcome', queueId: 'cspkit-queue-1', priority: 1, properties: { gist: { campaignId: 'cspkit-campaign' } } }], inboxMessages: [] })
  }
  if (host === 'consumer.cloud.gist.build' && path === '/api/v1/branding') return json({})
  if (host === 'renderer.gist.build' && path === '/3.0/index.html') return html('<!doctype html><p>in-app message stand-in</p>')
  // Primer: configuration (the client token's configurationUrl), the core SDK and Checkout.css, analytics, payments.
  if (/^api(\.sandbox)?\.primer\.io$/.test(host) && path === '/client-sdk/configuration/') {
    const env = host === 'api.sandbox.primer.io' ? 'sandbox.' : ''
    return json({
      clientSession: { clientSessionId: 'cspkit-session', customer: { customerId: 'cspkit-customer' } },
      primerAccountId: 'cspkit-account',
      coreUrl: `https://api.${env}primer.io`,
      pciUrl: `https://sdk.api.${env}primer.io`,
      assetsUrl: 'https://assets.primer.io',
      paymentMethods: [{ type: 'PAYMENT_CARD', options: {} }],
    })
  }
  if (host === 'sdk.primer.io' && path === `/web/v${PRIMER_VERSION}/PrimerCoreSDK.min.js`) return js(PRIMER_CORE)
  if (host === 'sdk.primer.io' && path === `/web/v${PRIMER_VERSION}/Checkout.css`) return css(PRIMER_CSS)
  if (host === 'assets.primer.io' && path === '/checkout/card-number.html') return html('<!doctype html><input autocomplete="cc-number">')
  if (/^analytics\.(api|production\.data)\.primer\.io$/.test(host) && method === 'POST') return json({})
  if (/^sdk\.api\.(sandbox\.)?primer\.io$/.test(host) && path === '/payment-instruments') return json({ token: 'cspkit-instrument' })
  if (/^api(\.sandbox)?\.primer\.io$/.test(host) && path === '/payments') {
    primerPayments += 1
    const id = `${PRIMER_PAYMENT}-${primerPayments}`
    if (host === 'api.primer.io') return json({ id, status: 'AUTHORIZED' })
    return json({ id, status: 'PENDING', requiredAction: { name: '3DS_AUTHENTICATION', challengeUrl: 'https://acs.3dsecure.io/challenge' } })
  }
  if (host === 'acs.3dsecure.io' && path === '/challenge') return html('<!doctype html><p>issuer challenge stand-in</p>')
  if (host === 'api.sandbox.primer.io' && /^\/payments\/[^/]+\/resume$/.test(path)) return json({ id: path.split('/')[2], status: 'AUTHORIZED' })
  // Square: Square.js, its card iframe, the card nonce.
  if (/^(sandbox\.)?web\.squarecdn\.com$/.test(host) && path === '/v1/square.js') return js(SQUARE_JS)
  if (/^(sandbox\.)?web\.squarecdn\.com$/.test(host) && path === '/v1/card-iframe.html') return html('<!doctype html><input autocomplete="cc-number">')
  if (/^pci-connect\.squareup(sandbox)?\.com$/.test(host) && path === '/v2/card-nonce') return json({ card_nonce: SQUARE_NONCE })
  // Contentsquare: the tag, the pageview XHR and the image.
  if (host === 't.contentsquare.net' && /^\/uxa\/[\w-]+\.js$/.test(path)) return js(CONTENTSQUARE_TAG)
  if (host === 'c.contentsquare.net' && path === '/pageview') return { type: 'text/plain', body: 'ok' }
  if (host === 'c.contentsquare.net' && path === '/events') return { type: 'image/gif', body: Buffer.from('R0lGODlhAQABAAAAACH5BAEKAAEALAAAAAABAAEAAAICTAEAOw==', 'base64') }
  return undefined
}

/**
 * The preset builds: one per page, so the page's policy is its own preset's and the defaults only.
 * A shared build would let one preset's sources hide a gap in another's for what the preset-alone
 * check below cannot see: the in-app messages of Customer.io insert a <style>, allowed only by
 * style-src 'unsafe-inline' (Primer's preset has it as well), and listing one preset twice merges
 * both variants.
 */
const suite = presetSdkSuite<Sdk>({
  fixture: FIXTURE,
  prefix: 'presets-sdks-5',
  pages: NAMES,
  entry,
  sharing: 'none',
  route,
  expectOf: (sdk) => EXPECT[sdk],
  hooks: (sdk) => clockHooks(EXPECT[sdk].later),
})
const visit = suite.visit

/** What a visitor sees once each SDK did its work (values only the stub's answers produce), and the vendor endpoints it must have reached. */
const EXPECT: Record<Sdk, { waitFor: string; reached: RegExp[]; later?: string }> = {
  'customer-io': {
    waitFor: `body[data-done="tracked"][data-user="${CIO_USER}"]`,
    reached: [/^GET cdp\.customer\.io\/v1\/projects\/cspkitCioWriteKey\/settings$/, /^POST cdp\.customer\.io\/v1\/i$/, /^POST cdp\.customer\.io\/v1\/t$/, /^POST consumer\.cloud\.gist\.build\/api\/v4\/users$/, /^GET renderer\.gist\.build\/3\.0\/index\.html$/],
  },
  'customer-io-eu': {
    waitFor: `body[data-done="tracked"][data-user="${CIO_USER}"]`,
    reached: [/^GET cdp-eu\.customer\.io\/v1\/projects\/cspkitCioWriteKey\/settings$/, /^POST cdp-eu\.customer\.io\/v1\/i$/, /^POST cdp-eu\.customer\.io\/v1\/t$/, /^POST consumer\.cloud\.gist\.build\/api\/v4\/users$/, /^GET renderer\.gist\.build\/3\.0\/index\.html$/],
  },
  primer: {
    waitFor: `body[data-done="paid"][data-payment^="${PRIMER_PAYMENT}"]`,
    reached: [
      /^GET api\.primer\.io\/client-sdk\/configuration\/$/,
      /^GET sdk\.primer\.io\/web\/v[\d.]+\/PrimerCoreSDK\.min\.js$/,
      /^GET sdk\.primer\.io\/web\/v[\d.]+\/Checkout\.css$/,
      /^GET assets\.primer\.io\/checkout\/card-number\.html$/,
      /^POST sdk\.api\.primer\.io\/payment-instruments$/,
      /^POST api\.primer\.io\/payments$/,
      /^POST analytics\.(api|production\.data)\.primer\.io\//,
    ],
  },
  'primer-3ds': {
    waitFor: `body[data-done="paid"][data-payment^="${PRIMER_PAYMENT}"]`,
    reached: [
      /^GET api\.sandbox\.primer\.io\/client-sdk\/configuration\/$/,
      /^GET sdk\.primer\.io\/web\/v[\d.]+\/PrimerCoreSDK\.min\.js$/,
      /^POST sdk\.api\.sandbox\.primer\.io\/payment-instruments$/,
      /^POST api\.sandbox\.primer\.io\/payments$/,
      /^GET acs\.3dsecure\.io\/challenge$/,
      /^POST api\.sandbox\.primer\.io\/payments\/[^/]+\/resume$/,
    ],
  },
  square: {
    waitFor: `body[data-done="tokenized"][data-token="${SQUARE_NONCE}"]`,
    reached: [/^GET web\.squarecdn\.com\/v1\/square\.js$/, /^GET web\.squarecdn\.com\/v1\/card-iframe\.html$/, /^POST pci-connect\.squareup\.com\/v2\/card-nonce$/],
  },
  'square-sandbox': {
    waitFor: `body[data-done="tokenized"][data-token="${SQUARE_NONCE}"]`,
    reached: [/^GET sandbox\.web\.squarecdn\.com\/v1\/square\.js$/, /^GET sandbox\.web\.squarecdn\.com\/v1\/card-iframe\.html$/, /^POST pci-connect\.squareupsandbox\.com\/v2\/card-nonce$/],
  },
  contentsquare: {
    waitFor: 'body[data-done="loaded"]',
    reached: [/^GET t\.contentsquare\.net\/uxa\/cspkit0csq\.js$/, /^POST c\.contentsquare\.net\/pageview$/, /^GET c\.contentsquare\.net\/events$/],
  },
}

describeSdkPages(NAMES, {
  visit,
  expected: (sdk) => EXPECT[sdk],
  preset: (sdk) => entry(sdk).preset,
  origin: suite.origin,
})
