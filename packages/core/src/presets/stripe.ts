import { definePreset, presetFactory } from './define.js'

/**
 * Stripe.js: the sources from https://docs.stripe.com/security/guide#content-security-policy.
 * NOT CONFIRMED against vendor text (searched again 2026-11-25): the stored copies of that page
 * (stripe.com/docs/security/guide, docs.stripe.com/docs/security/guide, a 2022 archive) show only
 * its PCI sections, never the Content Security Policy section, so none of the directives below
 * (script-src js.stripe.com *.js.stripe.com maps.googleapis.com; connect-src api.stripe.com
 * maps.googleapis.com; frame-src js.stripe.com *.js.stripe.com hooks.stripe.com) was seen in
 * Stripe's own words. They are left as they were. Proven in Chromium with @stripe/stripe-js
 * (test/presets-sdks.test.ts) up to what npm holds: see notes.
 */
export const stripePreset = definePreset({
  name: 'stripe',
  title: 'Stripe.js',
  docs: 'https://docs.stripe.com/security/guide#content-security-policy',
  checked: '2026-11-24',
  // Strict mode: @stripe/stripe-js inserts js.stripe.com by script.
  strictDynamic: 'works',
  sdk: '@stripe/stripe-js',
  sdkStandIn: "Stripe.js and Elements",
  notes: 'The browser test proves the npm loader (it loads js.stripe.com/<release>/stripe.js) and Elements as an iframe from js.stripe.com talking to api.stripe.com; Stripe.js itself is served by Stripe, not npm, so a stand-in played it. The host list is not yet confirmed against the Stripe page (its CSP section was not in the stored copies).',
  directives: {
    'script-src': ['https://js.stripe.com', 'https://*.js.stripe.com', 'https://maps.googleapis.com'],
    'connect-src': ['https://api.stripe.com', 'https://maps.googleapis.com'],
    'frame-src': ['https://js.stripe.com', 'https://*.js.stripe.com', 'https://hooks.stripe.com'],
  },
})

export const stripe = presetFactory(stripePreset)
