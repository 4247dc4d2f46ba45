import { definePreset, presetFactory } from './define.js'

/**
 * Auth0 (SPA SDK). Auth0 has no CSP page for its SDKs: the hosts are the ones its SPA SDK docs
 * configure (https://auth0.com/docs/libraries/auth0-single-page-app-sdk, checked 2026-11-25): the
 * SDK calls the tenant's domain (token endpoint, /authorize in a hidden iframe for silent login).
 *
 * Proven with @auth0/auth0-spa-js 2.28 in Chromium (test/presets-sdks-3.test.ts, option domain):
 * getTokenSilently() loads https://<domain>/authorize?response_mode=web_message&prompt=none in a
 * hidden iframe (frame-src), takes the code the page posts back and exchanges it with a POST to
 * https://<domain>/oauth/token (connect-src); the SDK's checks of state, nonce, iss and aud passed and
 * getUser() returned the ID token's user, zero violations. Auth0's hosted /authorize page is a
 * stand-in in the test.
 *
 * 'refresh-tokens': with useRefreshTokens and the default in-memory cache, the SDK starts a Web
 * Worker from a blob: URL (dist/auth0-spa-js.production.esm.js: `new Worker(URL.createObjectURL(
 * new Blob(…)))`, unless the workerUrl option points at a copy you host) that keeps the refresh
 * tokens and makes the token requests; the worker inherits the page's policy, so connect-src stays
 * the domain. Without worker-src blob: the worker is blocked. Proven in the same test: silent
 * authentication (useRefreshTokensFallback), then a refresh-token exchange by the worker, zero violations.
 */
export const auth0Preset = definePreset({
  name: 'auth0',
  title: 'Auth0 (SPA SDK)',
  docs: 'https://auth0.com/docs/libraries/auth0-single-page-app-sdk',
  checked: '2026-11-25',
  // Strict mode: it adds no script sources.
  strictDynamic: 'works',
  sdk: '@auth0/auth0-spa-js',
  sdkStandIn: "the hosted /authorize page",
  notes: "No vendor CSP page; hosts from the SPA SDK docs. 'domain' is your tenant or custom domain, as passed to createAuth0Client. Universal Login itself runs on that domain (a redirect, not governed by your policy). 'refresh-tokens': useRefreshTokens with the in-memory cache runs the SDK's token worker from a blob: URL (worker-src blob:; not needed with cacheLocation 'localstorage' or a self-hosted workerUrl).",
  directives: {
    'connect-src': ['https://{domain}'],
    'frame-src': ['https://{domain}'],
  },
  variants: {
    'refresh-tokens': {
      'connect-src': ['https://{domain}'],
      'frame-src': ['https://{domain}'],
      'worker-src': ['blob:'],
    },
  },
  options: {
    domain: { form: 'domain', description: "Your Auth0 tenant or custom domain, e.g. 'example.us.auth0.com'" },
  },
})

export const auth0 = presetFactory(auth0Preset)
