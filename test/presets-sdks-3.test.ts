/**
 * Presets against the vendors' real browser SDKs from npm, round 4: @amplitude/analytics-browser,
 * firebase, @auth0/auth0-spa-js and @vimeo/player (the pattern of presets-sdks-2.test.ts).
 *
 * Vite multi-page builds hold a page per SDK, built with every preset under test (a further build
 * for pages that need another variant of a preset already in the first), and one control build
 * without presets. Chromium sends the vendors' hosts to a local HTTPS stub that answers what each SDK
 * asks for: Amplitude's remote configuration, event upload and diagnostics; Firebase Auth's anonymous
 * sign-up and account lookup, the Realtime Database's WebSocket protocol (server hello, auth, get) and
 * a Google sign-in popup; Auth0's /authorize page (response_mode=web_message, in the SDK's hidden
 * iframe) and its token endpoint; Vimeo's oEmbed endpoint and player page. A visitor clicks the
 * page's button: zero CSP violations with the presets; each vendor request the page made is also
 * checked against that page's preset alone, since one build carries several presets.
 *
 * Vendor code that is not on npm, served by the stub as a small stand-in:
 * - Vimeo's player page (player.vimeo.com/video/<id>): answers the @vimeo/player postMessage
 *   protocol (ready, ping, getVideoTitle, play). For the 'player-js' page the stub serves the npm
 *   package's own UMD build (dist/player.min.js) as player.vimeo.com/api/player.js: real code.
 * - Auth0's /authorize page for web_message: posts the authorization response to the parent, as the
 *   hosted page does (the SDK's own checks of state, nonce, iss and aud then run for real).
 * - For Firebase's signInWithPopup ('auth-ui'): Google's gapi loader (apis.google.com/js/api.js, the
 *   part of gapi.iframes @firebase/auth calls), the auth domain's hidden iframe (/__/auth/iframe) and
 *   its sign-in popup (/__/auth/handler), which hands the iframe a signed-in result for the SDK to
 *   exchange with accounts:signInWithIdp.
 * Those pages prove the SDK and the hosts, not the vendor's page.
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
import { clockHooks, describeSdkPages, html, js, json, presetSdkSuite } from './support/sdk-page.js'
import type { StubRoute, StubWebSocketRoute } from './support/https-stub.js'

const FIXTURE = join(ROOT, 'test/fixtures/presets-sdks-3')
// As the fixture pages configure them.
const AUTH0_DOMAIN = 'cspkit-test.eu.auth0.com'
const AUTH0_CLIENT_ID = 'cspkitClientId'
const AUTH0_SUB = 'auth0|cspkit-visitor'
const FIREBASE_PROJECT = 'cspkit-test'
const FIREBASE_UID = 'cspkitFirebaseUid'
const FIREBASE_GREETING = 'hello from the Realtime Database'
const FIREBASE_AUTH_DOMAIN = 'cspkit-test.firebaseapp.com'
const VIMEO_ID = '76979871'
const VIMEO_TITLE = 'A cspkit test video'

type Sdk = 'amplitude' | 'amplitude-eu' | 'firebase' | 'firebase-auth-ui' | 'auth0' | 'auth0-refresh-tokens' | 'vimeo' | 'vimeo-player-js'
/** Page → the preset it needs and the vendor hosts the stub stands in for. */
const SDKS: Record<Sdk, { preset: PresetInput; hosts: readonly string[] }> = {
  // The npm package bundles the SDK: the 'npm' variants (no script-src) are enough.
  amplitude: { preset: ['amplitude', { variant: 'npm' }], hosts: ['*.amplitude.com'] },
  'amplitude-eu': { preset: ['amplitude', { variant: 'npm-eu' }], hosts: ['*.amplitude.com'] },
  firebase: { preset: 'firebase', hosts: ['*.googleapis.com', '*.firebaseio.com'] },
  'firebase-auth-ui': {
    preset: ['firebase', { variant: 'auth-ui', authDomain: FIREBASE_AUTH_DOMAIN }],
    hosts: ['*.googleapis.com', 'apis.google.com', FIREBASE_AUTH_DOMAIN],
  },
  auth0: { preset: ['auth0', { domain: AUTH0_DOMAIN }], hosts: [AUTH0_DOMAIN] },
  'auth0-refresh-tokens': { preset: ['auth0', { variant: 'refresh-tokens', domain: AUTH0_DOMAIN }], hosts: [AUTH0_DOMAIN] },
  vimeo: { preset: 'vimeo', hosts: ['vimeo.com', 'player.vimeo.com'] },
  'vimeo-player-js': { preset: ['vimeo', { variant: 'player-js' }], hosts: ['vimeo.com', 'player.vimeo.com'] },
}
const NAMES = Object.keys(SDKS) as Sdk[]
const entry = (name: Sdk) => SDKS[name]

const b64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url')
/** An unsigned JWT with the given claims (the SDKs decode and check claims; only servers verify signatures). */
const jwt = (claims: object) => `${b64url({ alg: 'RS256', typ: 'JWT', kid: 'cspkit' })}.${b64url(claims)}.${Buffer.from('not-a-signature').toString('base64url')}`
const now = () => Math.floor(Date.now() / 1000)

/** Stand-in for Vimeo's player page: speaks @vimeo/player's postMessage protocol (dist/player.es.js, processData). */
const VIMEO_PLAYER_PAGE = `<!doctype html><title>${VIMEO_TITLE}</title><p>player stand-in</p><script>
const reply = (message) => parent.postMessage(JSON.stringify(message), '*')
addEventListener('message', (event) => {
  const data = typeof event.data === 'string' ? JSON.parse(event.data) : event.data
  if (data.method === 'ping') reply({ method: 'ping' })
  else if (data.method === 'getVideoTitle') reply({ method: 'getVideoTitle', value: ${JSON.stringify(VIMEO_TITLE)} })
  else if (data.method === 'play') { reply({ method: 'play' }); reply({ event: 'play', data: { seconds: 0, percent: 0, duration: 30 } }) }
})
reply({ event: 'ready', player_id: '' })
</script>`
const VIMEO_PLAYER_JS = readFileSync(join(ROOT, 'node_modules/@vimeo/player/dist/player.min.js'), 'utf8')

/**
 * Stand-in for Google's gapi loader (apis.google.com/js/api.js), as far as @firebase/auth uses it
 * (dist/esm: loadGapi, _openIframe, initAndGetManager, _isIframeWebStorageSupported): gapi.load of
 * 'gapi.iframes', and an iframe context that opens the auth domain's iframe, pings it, sends it
 * requests and hands the auth events it relays to the handler the SDK registered.
 */
const GAPI_JS = `(() => {
  const CROSS_ORIGIN_IFRAMES_FILTER = () => true
  const open = (options, ready) => {
    const element = document.createElement('iframe')
    for (const [name, value] of Object.entries(options.attributes || {})) {
      if (name === 'style') Object.assign(element.style, value)
      else element.setAttribute(name, value)
    }
    const origin = new URL(options.url).origin
    const handlers = {}
    const replies = {}
    let nextId = 0
    addEventListener('message', (event) => {
      if (event.source !== element.contentWindow || event.origin !== origin) return
      const data = event.data || {}
      if (data.type === 'authEvent' && handlers.authEvent) handlers.authEvent({ authEvent: data.authEvent })
      if (data.id in replies) { const reply = replies[data.id]; delete replies[data.id]; try { reply(data.result) } catch {} }
    })
    const loaded = new Promise((resolve) => element.addEventListener('load', resolve, { once: true }))
    const iframe = {
      restyle: () => Promise.resolve(),
      ping: (callback) => loaded.then(() => callback()),
      register: (name, handler) => { handlers[name] = handler },
      send: (type, data, callback) => {
        const id = 'req' + nextId++
        replies[id] = callback
        loaded.then(() => element.contentWindow.postMessage({ ...data, type, id }, origin))
      },
    }
    element.src = options.url
    options.where.appendChild(element)
    return ready(iframe)
  }
  window.gapi = {
    load: (name, config) => setTimeout(config.callback),
    iframes: { Iframe: function () {}, CROSS_ORIGIN_IFRAMES_FILTER, getContext: () => ({ open }) },
  }
  const onload = new URL(document.currentScript.src).searchParams.get('onload')
  if (onload) window[onload]()
})()`

/** Stand-in for Firebase's hosted auth iframe (<authDomain>/__/auth/iframe): answers the storage check and relays auth events from the sign-in popup to the page. */
const FIREBASE_AUTH_IFRAME = `<!doctype html><script>
addEventListener('message', (event) => {
  const data = event.data || {}
  if (event.source === parent && data.type === 'webStorageSupport') parent.postMessage({ id: data.id, result: [{ webStorageSupport: true }] }, '*')
  if (event.origin === location.origin && data.authEvent) parent.postMessage({ type: 'authEvent', authEvent: data.authEvent }, '*')
})
</script>`

/** Stand-in for the sign-in popup (<authDomain>/__/auth/handler) after the visitor chose an account: the result goes to the auth iframe, on the same origin. */
const FIREBASE_AUTH_HANDLER = `<!doctype html><p>signed in</p><script>
const params = new URLSearchParams(location.search)
const authEvent = {
  type: params.get('authType'),
  eventId: params.get('eventId'),
  urlResponse: location.origin + '/__/auth/handler?state=cspkit#id_token=cspkit',
  sessionId: 'cspkit-session',
  postBody: null,
  tenantId: null,
  error: null,
}
for (let i = 0; i < opener.length; i++) opener[i].postMessage({ authEvent }, location.origin)
</script>`

const firebaseIdToken = (provider: string) =>
  jwt({
    iss: `https://securetoken.google.com/${FIREBASE_PROJECT}`,
    aud: FIREBASE_PROJECT,
    auth_time: now(),
    user_id: FIREBASE_UID,
    sub: FIREBASE_UID,
    iat: now(),
    exp: now() + 3600,
    firebase: { identities: {}, sign_in_provider: provider },
  })

/** The nonce of the last /authorize request: Auth0 puts it in the ID token the code is exchanged for. */
let auth0Nonce = ''
/** Each token response has a new access token (and refresh token), so a page can tell two exchanges apart. */
let auth0Tokens = 0

const route: StubRoute = ({ method, host, path, url }) => {
  // Amplitude: remote configuration, which samples this client in for SDK diagnostics (as Amplitude
  // can for any installation), and the HTTP V2 API's success answer.
  if (/^sr-client-cfg\.(eu\.)?amplitude\.com$/.test(host) && path === '/config/cspkit-amplitude-key') {
    return json({ configs: { diagnostics: { browserSDK: { enabled: true, sampleRate: 1 } }, analyticsSDK: { browserSDK: {} } } })
  }
  if (/^diagnostics\.prod\.(us-west-2|eu-central-1)\.amplitude\.com$/.test(host) && path === '/v1/capture') return { type: 'text/plain', body: 'ok' }
  if (/^(api2|api\.eu)\.amplitude\.com$/.test(host) && path === '/2/httpapi' && method === 'POST') {
    return json({ code: 200, events_ingested: 1, payload_size_bytes: 100, server_upload_time: Date.now() })
  }
  // Firebase Auth (Identity Toolkit): anonymous sign-up, then the account lookup the SDK does next.
  if (host === 'identitytoolkit.googleapis.com' && path === '/v1/accounts:signUp') {
    return json({ kind: 'identitytoolkit#SignupNewUserResponse', idToken: firebaseIdToken('anonymous'), refreshToken: 'cspkit-refresh', expiresIn: '3600', localId: FIREBASE_UID })
  }
  // Firebase Auth with a popup: the gapi loader, the auth domain's iframe and popup, the project's
  // authorized domains (checked against the page's host) and the exchange of the popup's result.
  if (host === 'apis.google.com' && path === '/js/api.js') return js(GAPI_JS)
  if (host === FIREBASE_AUTH_DOMAIN && path === '/__/auth/iframe') return html(FIREBASE_AUTH_IFRAME)
  if (host === FIREBASE_AUTH_DOMAIN && path === '/__/auth/handler') return html(FIREBASE_AUTH_HANDLER)
  if (host === 'identitytoolkit.googleapis.com' && path === '/v1/projects') return json({ projectId: '1234567890', authorizedDomains: ['localhost', '127.0.0.1', FIREBASE_AUTH_DOMAIN] })
  if (host === 'identitytoolkit.googleapis.com' && path === '/v1/accounts:signInWithIdp') {
    return json({ kind: 'identitytoolkit#VerifyAssertionResponse', providerId: 'google.com', federatedId: 'https://accounts.google.com/1234', localId: FIREBASE_UID, email: 'visitor@example.com', idToken: firebaseIdToken('google.com'), refreshToken: 'cspkit-refresh', expiresIn: '3600' })
  }
  if (host === 'identitytoolkit.googleapis.com' && path === '/v1/accounts:lookup') {
    return json({ kind: 'identitytoolkit#GetAccountInfoResponse', users: [{ localId: FIREBASE_UID, lastLoginAt: `${Date.now()}`, createdAt: `${Date.now()}` }] })
  }
  // Auth0: the hosted /authorize page for response_mode=web_message posts the code to the app's origin.
  if (host === AUTH0_DOMAIN && path === '/authorize') {
    auth0Nonce = url.searchParams.get('nonce') ?? ''
    const response = { type: 'authorization_response', response: { code: 'cspkit-code', state: url.searchParams.get('state') } }
    const origin = new URL(url.searchParams.get('redirect_uri') ?? '').origin
    return html(`<!doctype html><script>parent.postMessage(${JSON.stringify(response)}, ${JSON.stringify(origin)})</script>`)
  }
  if (host === AUTH0_DOMAIN && path === '/oauth/token' && method === 'POST') {
    const id_token = jwt({ iss: `https://${AUTH0_DOMAIN}/`, aud: AUTH0_CLIENT_ID, sub: AUTH0_SUB, nonce: auth0Nonce, iat: now(), exp: now() + 3600 })
    auth0Tokens += 1
    return json({ access_token: `cspkit-access-token-${auth0Tokens}`, refresh_token: `cspkit-refresh-token-${auth0Tokens}`, id_token, scope: 'openid profile email offline_access', expires_in: 86400, token_type: 'Bearer' })
  }
  // Vimeo: oEmbed (the embed code for a player made from a <div>), the player page, player.js.
  if (host === 'vimeo.com' && path === '/api/oembed.json') {
    const src = `https://player.vimeo.com/video/${VIMEO_ID}?h=cspkit&app_id=122963`
    return json({ type: 'video', version: '1.0', provider_name: 'Vimeo', title: VIMEO_TITLE, video_id: Number(VIMEO_ID), width: 320, height: 180, html: `<iframe src="${src}" width="320" height="180" frameborder="0" allow="autoplay; fullscreen; picture-in-picture" title="${VIMEO_TITLE}"></iframe>` })
  }
  if (host === 'player.vimeo.com' && path === `/video/${VIMEO_ID}`) return html(VIMEO_PLAYER_PAGE)
  if (host === 'player.vimeo.com' && path === '/api/player.js') return js(VIMEO_PLAYER_JS)
  return undefined
}

/**
 * Firebase Realtime Database wire protocol (@firebase/database: Connection and PersistentConnection):
 * `{t:'c'}` control messages (server hello 'h', ping 'p' / pong 'o') and `{t:'d', d:{r, a, b}}`
 * requests, each answered `{t:'d', d:{r, b:{s:'ok', d}}}`.
 */
const firebaseHello = ({ host }: { host: string }) =>
  host.endsWith('.firebaseio.com') ? [JSON.stringify({ t: 'c', d: { t: 'h', d: { ts: Date.now(), v: '5', h: host, s: 'cspkit-session' } } })] : undefined
const webSocket: StubWebSocketRoute = ({ host }, message) => {
  if (!host.endsWith('.firebaseio.com')) return undefined
  let frame: { t?: string; d?: { t?: string; r?: number; a?: string; b?: { p?: string } } }
  try {
    frame = JSON.parse(message) as typeof frame
  } catch {
    return undefined // keep-alive '0'
  }
  if (frame.t === 'c' && frame.d?.t === 'p') return [JSON.stringify({ t: 'c', d: { t: 'o', d: {} } })]
  if (frame.t !== 'd' || frame.d?.r === undefined) return undefined
  const { r, a, b } = frame.d
  const data = a === 'g' && b?.p === `/greetings/${FIREBASE_UID}` ? FIREBASE_GREETING : a === 'auth' ? { auth: { uid: FIREBASE_UID, provider: 'anonymous' }, expires: now() + 3600 } : ''
  return [JSON.stringify({ t: 'd', d: { r, b: { s: 'ok', d: data } } })]
}

/**
 * The preset builds: a preset listed twice merges both variants, which would let one variant's hosts
 * hide a gap in the other's, so pages whose presets are other variants of one preset go to a further build.
 */
const suite = presetSdkSuite<Sdk>({
  fixture: FIXTURE,
  prefix: 'presets-sdks-3',
  pages: NAMES,
  entry,
  sharing: 'distinct-names',
  route,
  stubOptions: { webSocket, webSocketOpen: firebaseHello },
  expectOf: (sdk) => EXPECT[sdk],
  hooks: (sdk) => clockHooks(EXPECT[sdk].later),
})
const visit = suite.visit

/**
 * What a visitor sees once each SDK did its work (values only the stub's answers produce), and the
 * vendor endpoints it must have reached; `later`: how far the page's clock then jumps ahead (a fake
 * clock from load on) for what an SDK sends on a timer.
 */
const EXPECT: Record<Sdk, { waitFor: string; reached: RegExp[]; later?: string }> = {
  // Amplitude flushes SDK diagnostics every 5 minutes (analytics-core diagnostics-client.js FLUSH_INTERVAL_MS).
  amplitude: {
    waitFor: 'body[data-done="tracked"]',
    reached: [
      /^GET sr-client-cfg\.amplitude\.com\/config\/cspkit-amplitude-key$/,
      /^POST api2\.amplitude\.com\/2\/httpapi$/,
      /^POST diagnostics\.prod\.us-west-2\.amplitude\.com\/v1\/capture$/,
    ],
    later: '05:10',
  },
  'amplitude-eu': {
    waitFor: 'body[data-done="tracked"]',
    reached: [
      /^GET sr-client-cfg\.eu\.amplitude\.com\/config\/cspkit-amplitude-key$/,
      /^POST api\.eu\.amplitude\.com\/2\/httpapi$/,
      /^POST diagnostics\.prod\.eu-central-1\.amplitude\.com\/v1\/capture$/,
    ],
    later: '05:10',
  },
  firebase: {
    waitFor: `body[data-done="read"][data-uid="${FIREBASE_UID}"][data-greeting="${FIREBASE_GREETING}"]`,
    reached: [
      /^POST identitytoolkit\.googleapis\.com\/v1\/accounts:signUp$/,
      /^POST identitytoolkit\.googleapis\.com\/v1\/accounts:lookup$/,
      /^ws cspkit-test-default-rtdb\.firebaseio\.com\/\.ws$/,
    ],
  },
  'firebase-auth-ui': {
    waitFor: `body[data-done="signed-in"][data-uid="${FIREBASE_UID}"]`,
    reached: [
      /^GET apis\.google\.com\/js\/api\.js$/,
      /^GET cspkit-test\.firebaseapp\.com\/__\/auth\/iframe$/,
      /^GET cspkit-test\.firebaseapp\.com\/__\/auth\/handler$/,
      /^GET identitytoolkit\.googleapis\.com\/v1\/projects$/,
      /^POST identitytoolkit\.googleapis\.com\/v1\/accounts:signInWithIdp$/,
    ],
  },
  auth0: {
    waitFor: `body[data-done="signed-in"][data-user="${AUTH0_SUB}"]`,
    reached: [/^GET cspkit-test\.eu\.auth0\.com\/authorize$/, /^POST cspkit-test\.eu\.auth0\.com\/oauth\/token$/],
  },
  // Two different access tokens: the code exchange and then the refresh-token exchange, both by the worker.
  'auth0-refresh-tokens': {
    waitFor: `body[data-done="refreshed"][data-user="${AUTH0_SUB}"]`,
    reached: [/^GET cspkit-test\.eu\.auth0\.com\/authorize$/, /^POST cspkit-test\.eu\.auth0\.com\/oauth\/token$/],
  },
  vimeo: {
    waitFor: `body[data-done="played"][data-title="${VIMEO_TITLE}"]`,
    reached: [/^GET vimeo\.com\/api\/oembed\.json$/, /^GET player\.vimeo\.com\/video\/76979871$/],
  },
  'vimeo-player-js': {
    waitFor: `body[data-done="played"][data-title="${VIMEO_TITLE}"]`,
    reached: [/^GET player\.vimeo\.com\/api\/player\.js$/, /^GET vimeo\.com\/api\/oembed\.json$/, /^GET player\.vimeo\.com\/video\/76979871$/],
  },
}

describeSdkPages(NAMES, {
  visit,
  expected: (sdk) => EXPECT[sdk],
  preset: (sdk) => entry(sdk).preset,
  origin: suite.origin,
})
