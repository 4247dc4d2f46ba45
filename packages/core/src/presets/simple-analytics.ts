import { definePreset, presetFactory } from './define.js'

/**
 * Simple Analytics: the sources from https://docs.simpleanalytics.com/csp (checked 2026-11-25
 * against the stored copy of the vendor page: script-src scripts.simpleanalyticscdn.com,
 * connect-src queue.simpleanalyticscdn.com, img-src queue.simpleanalyticscdn.com and
 * simpleanalyticsbadges.com (the badge), as here). The page also lists 'self' everywhere, which the
 * default policy already has, and script-src 'unsafe-inline' for the inline snippet, left out
 * because cspkit hashes inline scripts.
 */
export const simpleAnalyticsPreset = definePreset({
  name: 'simple-analytics',
  title: 'Simple Analytics',
  docs: 'https://docs.simpleanalytics.com/csp',
  checked: '2026-11-25',
  notes: "Leaves out the 'unsafe-inline' Simple Analytics lists for its inline snippet: cspkit hashes inline scripts.",
  directives: {
    'script-src': ['https://scripts.simpleanalyticscdn.com'],
    'connect-src': ['https://queue.simpleanalyticscdn.com'],
    'img-src': ['https://queue.simpleanalyticscdn.com', 'https://simpleanalyticsbadges.com'],
  },
})

export const simpleAnalytics = presetFactory(simpleAnalyticsPreset)
