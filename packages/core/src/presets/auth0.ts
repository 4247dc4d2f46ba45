import { definePreset, presetFactory } from './define.js'

/**
 * Auth0 (SPA SDK). Auth0 has no CSP page for its SDKs: the hosts are the ones its SPA SDK docs
 * configure (https://auth0.com/docs/libraries/auth0-single-page-app-sdk, checked 2026-11-24): the
 * SDK calls the tenant's domain (token endpoint, /authorize in a hidden iframe for silent login).
 */
export const auth0Preset = definePreset({
  name: 'auth0',
  title: 'Auth0 (SPA SDK)',
  docs: 'https://auth0.com/docs/libraries/auth0-single-page-app-sdk',
  checked: '2026-11-24',
  notes: "No vendor CSP page; hosts from the SPA SDK docs. 'domain' is your tenant or custom domain, as passed to createAuth0Client. Universal Login itself runs on that domain (a redirect, not governed by your policy). Not proven in a browser: the SDK (@auth0/auth0-spa-js) could not be installed for the tests (its dependencies are missing from the package mirror used).",
  directives: {
    'connect-src': ['https://{domain}'],
    'frame-src': ['https://{domain}'],
  },
  options: {
    domain: { description: "Your Auth0 tenant or custom domain, e.g. 'example.us.auth0.com'" },
  },
})

export const auth0 = presetFactory(auth0Preset)
