import { definePreset, presetFactory } from './define.js'

/**
 * Meta Pixel. NOT CONFIRMED against a vendor CSP page: Meta's pixel docs in the stored copies
 * (https://developers.facebook.com/docs/meta-pixel/get-started, checked 2026-12-01) give the base
 * code but no CSP list. The hosts are those of that base code: it loads
 * https://connect.facebook.net/en_US/fbevents.js (which loads the pixel's configuration as a
 * script from connect.facebook.net too) and sends events to https://www.facebook.com/tr (an image,
 * or a beacon / fetch: img-src and connect-src). The base code itself is an inline script: cspkit hashes it.
 */
export const metaPixelPreset = definePreset({
  name: 'meta-pixel',
  title: 'Meta Pixel',
  docs: 'https://developers.facebook.com/docs/meta-pixel/get-started',
  checked: '2026-12-01',
  // Strict mode: its snippet is inline and inserts fbevents.js by script.
  strictDynamic: 'works',
  notes: "No vendor CSP list; hosts from the base code. The inline base code is hashed by cspkit; its <noscript> image needs img-src www.facebook.com (included).",
  directives: {
    'script-src': ['https://connect.facebook.net'],
    'connect-src': ['https://www.facebook.com'],
    'img-src': ['https://www.facebook.com'],
  },
})

export const metaPixel = presetFactory(metaPixelPreset)
