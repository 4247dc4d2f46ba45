import { definePreset, presetFactory } from './define.js'

/**
 * Stripe.js: the sources from https://docs.stripe.com/security/guide#content-security-policy
 * (checked 2026-11-24). The stored copies of that page seen on 2026-11-24 were older versions without
 * the CSP section, so this list is not confirmed against vendor text this round. Proven in Chromium
 * with @stripe/stripe-js (test/presets-sdks.test.ts) up to what npm holds: see notes.
 */
export const stripePreset = definePreset({
  name: 'stripe',
  title: 'Stripe.js',
  docs: 'https://docs.stripe.com/security/guide#content-security-policy',
  checked: '2026-11-24',
  sdk: '@stripe/stripe-js',
  sdkStandIn: "Stripe.js and Elements",
  notes: 'The browser test proves the npm loader (it loads js.stripe.com/<release>/stripe.js) and Elements as an iframe from js.stripe.com talking to api.stripe.com; Stripe.js itself is served by Stripe, not npm, so a stand-in played it.',
  directives: {
    'script-src': ['https://js.stripe.com', 'https://*.js.stripe.com', 'https://maps.googleapis.com'],
    'connect-src': ['https://api.stripe.com', 'https://maps.googleapis.com'],
    'frame-src': ['https://js.stripe.com', 'https://*.js.stripe.com', 'https://hooks.stripe.com'],
  },
})

export const stripe = presetFactory(stripePreset)
