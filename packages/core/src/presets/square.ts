import { definePreset, presetFactory } from './define.js'

/**
 * Square Web Payments SDK: the sources from https://developer.squareup.com/docs/web-payments/content-security-policy
 * (checked 2026-11-25, in part). The stored copy of the vendor page shows its sandbox policy as far
 * as script-src https://sandbox.web.squarecdn.com, frame-src https://sandbox.web.squarecdn.com and
 * connect-src https://sandbox.web.squarecdn.com (plus 'self'), which the 'sandbox' variant has; the
 * excerpt ends there. Not confirmed against vendor text this round: the rest of connect-src
 * (pci-connect.squareupsandbox.com / pci-connect.squareup.com, both seen only in Square's developer
 * forum) and the production list (the sandbox list with web.squarecdn.com, the production script
 * URL Square's forum gives).
 *
 * Tested with @square/web-sdk in Chromium (test/presets-sdks-5.test.ts), both variants. The package
 * is a loader (dist/payments.js): the application ID's prefix picks the host, sq0idp- for
 * https://web.squarecdn.com/ and sandbox-sq0idb- for https://sandbox.web.squarecdn.com/, and it
 * appends <host>v1/square.js. Square.js is served by Square, not npm: a stand-in framed the card
 * fields from that host and posted the card to pci-connect.squareup.com (pci-connect.squareupsandbox.com
 * in the sandbox), so the hosts past the loader are proven only as far as this list goes.
 */
export const squarePreset = definePreset({
  name: 'square',
  title: 'Square Web Payments SDK',
  docs: 'https://developer.squareup.com/docs/web-payments/content-security-policy',
  checked: '2026-11-25',
  strictDynamic: {
    why: 'its documented tag loads square.js with a <script src> from the vendor\'s host, which \'strict-dynamic\' ignores: without integrity the browser blocks it.',
    fix: 'Insert that script from a script cspkit hashes (an inline snippet that creates the <script> element, or the vendor\'s npm loader), pin it with integrity="…" if the vendor publishes a fixed hash, or leave strict mode off.',
  },
  sdk: '@square/web-sdk',
  sdkStandIn: 'Square.js',
  notes: "3-D Secure challenges frame the card issuer's own pages, which no fixed list covers. Square's page was confirmed only in part (sandbox script-src, frame-src, first connect-src host). @square/web-sdk loads Square.js from web.squarecdn.com for sq0idp- application IDs and from sandbox.web.squarecdn.com for sandbox-sq0idb- ones: pick the variant to match. Square.js itself is Square's, not on npm (tested against a stand-in).",
  defaultVariant: 'production',
  directives: {
    'script-src': ['https://web.squarecdn.com'],
    'frame-src': ['https://web.squarecdn.com'],
    'connect-src': ['https://web.squarecdn.com', 'https://pci-connect.squareup.com'],
  },
  variants: {
    'sandbox': {
      'script-src': ['https://sandbox.web.squarecdn.com'],
      'frame-src': ['https://sandbox.web.squarecdn.com'],
      'connect-src': ['https://sandbox.web.squarecdn.com', 'https://pci-connect.squareupsandbox.com'],
    },
  },
})

export const square = presetFactory(squarePreset)
