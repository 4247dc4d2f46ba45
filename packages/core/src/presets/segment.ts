import { definePreset, presetFactory } from './define.js'

/**
 * Segment Analytics.js. Segment has no CSP page: the hosts are the ones its Analytics.js docs name
 * (https://segment.com/docs/connections/sources/catalog/libraries/website/javascript/, checked
 * 2026-11-24): the library and the source's settings from cdn.segment.com, events to api.segment.io.
 */
export const segmentPreset = definePreset({
  name: 'segment',
  title: 'Segment Analytics.js',
  docs: 'https://segment.com/docs/connections/sources/catalog/libraries/website/javascript/',
  checked: '2026-11-24',
  notes: "No vendor CSP page; hosts from the Analytics.js docs. Device-mode destinations load their own scripts: add each destination's preset (e.g. google-analytics, hotjar).",
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
