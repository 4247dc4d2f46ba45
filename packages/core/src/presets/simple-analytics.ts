import { definePreset, presetFactory } from './define.js'

/** Simple Analytics: the sources from https://docs.simpleanalytics.com/csp (checked 2026-11-24). */
export const simpleAnalyticsPreset = definePreset({
  name: 'simple-analytics',
  title: 'Simple Analytics',
  docs: 'https://docs.simpleanalytics.com/csp',
  checked: '2026-11-24',
  notes: "Leaves out the 'unsafe-inline' Simple Analytics lists for its inline snippet: cspkit hashes inline scripts.",
  directives: {
    'script-src': ['https://scripts.simpleanalyticscdn.com'],
    'connect-src': ['https://queue.simpleanalyticscdn.com'],
    'img-src': ['https://queue.simpleanalyticscdn.com', 'https://simpleanalyticsbadges.com'],
  },
})

export const simpleAnalytics = presetFactory(simpleAnalyticsPreset)
