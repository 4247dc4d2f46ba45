import { definePreset, presetFactory } from './define.js'

/**
 * Usertour.js: the sources from https://docs.usertour.io/developers/csp (checked 2026-11-25
 * against the stored copy of the vendor page: connect-src, script-src, style-src, img-src and
 * media-src match it host for host, including wss://api.usertour.io).
 *
 * Read in usertour.js 0.0.24 (src/usertour.ts, load): the npm package is a loader that queues calls
 * and adds Usertour.js from https://js.usertour.io/ (es2020/usertour.js as a module script, or
 * legacy/usertour.iife.js for older browsers), which script-src allows.
 *
 * Proven with usertour.js 0.0.24 in Chromium (test/presets-sdks-4.test.ts, both of the loader's
 * paths): init() and identify() queued, loaded and settled, zero violations. Usertour.js itself is
 * Usertour's code, not on npm: the test serves a stand-in that uses the hosts this list is for (its
 * stylesheet from js.usertour.io, a WebSocket to wss://api.usertour.io, an image from assets.usertour.io).
 */
export const usertourPreset = definePreset({
  name: 'usertour',
  title: 'Usertour.js',
  docs: 'https://docs.usertour.io/developers/csp',
  checked: '2026-11-25',
  // Strict mode: its npm loader inserts the SDK by script.
  strictDynamic: 'works',
  sdk: 'usertour.js',
  sdkStandIn: 'Usertour.js from js.usertour.io',
  notes: 'Proven with the usertour.js loader (init, identify; its ES2020 and legacy builds).',
  directives: {
    'connect-src': ['https://api.usertour.io', 'https://js.usertour.io', 'wss://api.usertour.io'],
    'script-src': ['https://js.usertour.io'],
    'style-src': ['https://js.usertour.io'],
    'img-src': ['https://js.usertour.io', 'https://assets.usertour.io'],
    'media-src': ['https://assets.usertour.io', 'https://js.usertour.io'],
  },
})

export const usertour = presetFactory(usertourPreset)
