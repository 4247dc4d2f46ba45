import { definePreset, presetFactory } from './define.js'

/** Stripe.js: the sources from https://docs.stripe.com/security/guide#content-security-policy (checked 2026-11-24). */
export const stripePreset = definePreset({
  name: 'stripe',
  title: 'Stripe.js',
  docs: 'https://docs.stripe.com/security/guide#content-security-policy',
  checked: '2026-11-24',
  directives: {
    'script-src': ['https://js.stripe.com', 'https://*.js.stripe.com', 'https://maps.googleapis.com'],
    'connect-src': ['https://api.stripe.com', 'https://maps.googleapis.com'],
    'frame-src': ['https://js.stripe.com', 'https://*.js.stripe.com', 'https://hooks.stripe.com'],
  },
})

export const stripe = presetFactory(stripePreset)
