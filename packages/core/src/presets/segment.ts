import { definePreset, presetFactory } from './define.js'

/**
 * Segment Analytics.js. Segment has no CSP page: the hosts are the ones its Analytics.js docs name
 * (https://segment.com/docs/connections/sources/catalog/libraries/website/javascript/, checked
 * 2026-11-24): the library and the source's settings from cdn.segment.com, events to api.segment.io.
 *
 * Proven with @segment/analytics-next 1.84 in Chromium (test/presets-sdks-2.test.ts): the source's
 * settings fetched from cdn.segment.com (connect-src), a device-mode (Actions) destination loaded as
 * a script from cdn.segment.com/next-integrations/… (script-src; the bundle there is vendor code, a
 * stand-in in the test) and a tracked event POSTed to api.segment.io/v1/t, zero violations. So even
 * bundled from npm, Analytics.js needs script-src cdn.segment.com once a device-mode destination is
 * enabled.
 */
export const segmentPreset = definePreset({
  name: 'segment',
  title: 'Segment Analytics.js',
  docs: 'https://segment.com/docs/connections/sources/catalog/libraries/website/javascript/',
  checked: '2026-11-24',
  // Strict mode: its snippet is inline and inserts analytics.js by script.
  strictDynamic: 'works',
  sdk: '@segment/analytics-next',
  sdkStandIn: "destination bundles",
  notes: "No vendor CSP page; hosts from the Analytics.js docs. Also for the npm package: it fetches its settings from cdn.segment.com and loads device-mode destinations from there. Those destinations then load their own vendor's code: add each one's preset (e.g. google-analytics, hotjar).",
  defaultVariant: 'us',
  directives: {
    'script-src': ['https://cdn.segment.com'],
    'connect-src': ['https://cdn.segment.com', 'https://api.segment.io'],
  },
  variants: {
    // EU workspaces: events go to the EU endpoint (apiHost events.eu1.segmentapis.com/v1).
    eu: {
      'script-src': ['https://cdn.segment.com'],
      'connect-src': ['https://cdn.segment.com', 'https://events.eu1.segmentapis.com'],
    },
  },
})

export const segment = presetFactory(segmentPreset)
