import { definePreset, presetFactory } from './define.js'

/**
 * Fathom Analytics. NOT CONFIRMED against a vendor CSP page: Fathom's help pages were not in the
 * stored copies (searched 2026-12-01; only Fathom Lite's README and third-party pages came up). The
 * script host is the one Fathom's embed code and the npm loader use (`fathom-client` 3.7 inserts
 * https://cdn.usefathom.com/script.js with data-site); the collection host is assumed to be the
 * script's own (Fathom's script reports page views back to cdn.usefathom.com).
 *
 * Tested with fathom-client in Chromium (test/presets-sdks-6b.test.ts): the loader and its queue
 * are the package's own code; script.js is Fathom's, not on npm, and a stand-in sends the page
 * view and the event as an image request and a beacon to the script's host.
 */
export const fathomPreset = definePreset({
  name: 'fathom',
  title: 'Fathom Analytics',
  docs: 'https://usefathom.com/docs/script/embed',
  checked: '2026-12-01',
  // Strict mode: fathom-client inserts script.js by script.
  strictDynamic: 'works',
  sdk: 'fathom-client',
  sdkStandIn: 'the tracking script',
  notes:
    "No vendor CSP page in the stored copies; hosts from the embed code and fathom-client. The tracking script reports to its own host (img-src and connect-src). A custom domain or a proxy through your own origin needs that host instead.",
  directives: {
    'script-src': ['https://cdn.usefathom.com'],
    'connect-src': ['https://cdn.usefathom.com'],
    'img-src': ['https://cdn.usefathom.com'],
  },
})

export const fathom = presetFactory(fathomPreset)
