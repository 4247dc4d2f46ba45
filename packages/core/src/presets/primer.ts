import { definePreset, presetFactory } from './define.js'

/**
 * Primer Checkout (web): the sources from https://primer.io/docs/checkout/advanced/content-security-policy
 * (checked 2026-11-25 against the stored copy of the vendor page: its "required" rows are
 * script-src sdk.primer.io, frame-src/style-src/connect-src *.primer.io and style-src
 * 'unsafe-inline', the default variant here; "For 3DS" adds frame-src *.3dsecure.io, the '3ds'
 * variant). The page's rows for Klarna, PayPal and Stripe payments are not in this preset.
 *
 * Tested with @primer-io/checkout-web in Chromium (test/presets-sdks-5.test.ts). That package is a
 * loader (dist/Primer.js): it fetches the configuration the client token names, loads
 * sdk.primer.io/web/v<version>/PrimerCoreSDK.min.js and Checkout.css, and beacons analytics to
 * analytics.production.data.primer.io and the token's analyticsUrlV2: all within *.primer.io. The
 * core SDK is served by Primer, not npm: a stand-in framed card fields from assets.primer.io,
 * posted to the configuration's pciUrl and coreUrl and, for '3ds', framed a challenge from a
 * 3dsecure.io host. Both variants passed with no change to the list.
 */
export const primerPreset = definePreset({
  name: 'primer',
  title: 'Primer Checkout (web)',
  docs: 'https://primer.io/docs/checkout/advanced/content-security-policy',
  checked: '2026-11-25',
  // Strict mode: its npm loader inserts the SDK by script.
  strictDynamic: 'works',
  sdk: '@primer-io/checkout-web',
  sdkStandIn: 'the core SDK (PrimerCoreSDK)',
  notes: "Payment methods Primer routes to need their own entries, which Primer's page lists per method (Klarna, PayPal, Stripe): add the paypal or stripe preset, or those rows yourself. The npm package loads Primer's core SDK and stylesheet from sdk.primer.io and sends analytics to analytics.production.data.primer.io, both within *.primer.io; the core SDK is Primer's, not on npm (tested against a stand-in).",
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
