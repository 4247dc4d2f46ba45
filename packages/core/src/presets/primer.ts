import { definePreset, presetFactory } from './define.js'

/**
 * Primer Checkout (web): the sources from https://primer.io/docs/checkout/advanced/content-security-policy
 * (checked 2026-11-25 against the stored copy of the vendor page: its "required" rows are
 * script-src sdk.primer.io, frame-src/style-src/connect-src *.primer.io and style-src
 * 'unsafe-inline', the default variant here; "For 3DS" adds frame-src *.3dsecure.io, the '3ds'
 * variant). The page's rows for Klarna, PayPal and Stripe payments are not in this preset.
 */
export const primerPreset = definePreset({
  name: 'primer',
  title: 'Primer Checkout (web)',
  docs: 'https://primer.io/docs/checkout/advanced/content-security-policy',
  checked: '2026-11-25',
  notes: "Payment methods Primer routes to need their own entries, which Primer's page lists per method (Klarna, PayPal, Stripe): add the paypal or stripe preset, or those rows yourself.",
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
