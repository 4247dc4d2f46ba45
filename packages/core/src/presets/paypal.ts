import { definePreset, presetFactory } from './define.js'

/** PayPal JavaScript SDK: the sources from https://developer.paypal.com/sdk/js/best-practices/ (checked 2026-11-24). */
export const paypalPreset = definePreset({
  name: 'paypal',
  title: 'PayPal JavaScript SDK',
  docs: 'https://developer.paypal.com/sdk/js/best-practices/',
  checked: '2026-11-24',
  strictDynamic: {
    why: 'its documented tag loads the JavaScript SDK with a <script src> from the vendor\'s host, which \'strict-dynamic\' ignores: without integrity the browser blocks it.',
    fix: 'Insert that script from a script cspkit hashes (an inline snippet that creates the <script> element, or the vendor\'s npm loader), pin it with integrity="…" if the vendor publishes a fixed hash, or leave strict mode off.',
  },
  sdk: '@paypal/paypal-js',
  sdkStandIn: "the buttons code",
  notes: "PayPal recommends 'unsafe-inline' in script-src (its alternative is a per-response nonce, which a static site cannot have). With it, cspkit adds no hashes to script-src and warns (UNSAFE_INLINE_KEPT); the policy then no longer stops injected inline scripts. The browser test proves @paypal/paypal-js loading www.paypal.com/sdk/js; the SDK itself is PayPal-hosted, so a stand-in rendered the buttons iframe.",
  directives: {
    'child-src': ['https://*.paypal.com', 'https://*.paypalobjects.com', 'https://*.venmo.com'],
    'connect-src': ['https://*.paypal.com', 'https://*.paypalobjects.com', 'https://*.venmo.com'],
    'frame-src': ['https://*.paypal.com', 'https://*.paypalobjects.com', 'https://*.venmo.com'],
    'img-src': ['https://*.paypal.com', 'https://*.paypalobjects.com', 'https://*.venmo.com', 'data:'],
    'script-src': ['https://*.paypal.com', 'https://*.paypalobjects.com', 'https://*.venmo.com', "'unsafe-inline'"],
    'style-src': ['https://*.paypal.com', 'https://*.paypalobjects.com', 'https://*.venmo.com', "'unsafe-inline'"],
  },
})

export const paypal = presetFactory(paypalPreset)
