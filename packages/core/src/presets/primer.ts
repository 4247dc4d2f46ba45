import { definePreset, presetFactory } from './define.js'

/** Primer Checkout (web): the sources from https://primer.io/docs/checkout/advanced/content-security-policy (checked 2026-11-24). */
export const primerPreset = definePreset({
  name: 'primer',
  title: 'Primer Checkout (web)',
  docs: 'https://primer.io/docs/checkout/advanced/content-security-policy',
  checked: '2026-11-24',
  notes: 'Payment methods Primer routes to (PayPal, Stripe, Klarna) need their own entries: add the paypal or stripe preset.',
  defaultVariant: 'required',
  directives: {
    'script-src': ['https://sdk.primer.io'],
    'frame-src': ['https://*.primer.io'],
    'style-src': ['https://*.primer.io', "'unsafe-inline'"],
    'connect-src': ['https://*.primer.io'],
  },
  variants: {
    '3ds': {
      'script-src': ['https://sdk.primer.io'],
      'frame-src': ['https://*.primer.io', 'https://*.3dsecure.io'],
      'style-src': ['https://*.primer.io', "'unsafe-inline'"],
      'connect-src': ['https://*.primer.io'],
    },
  },
})

export const primer = presetFactory(primerPreset)
