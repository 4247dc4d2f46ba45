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
  strictDynamic: {
    why: 'its documented tag loads latest.js with a <script src> from the vendor\'s host, which \'strict-dynamic\' ignores: without integrity the browser blocks it.',
    fix: 'Insert that script from a script cspkit hashes (an inline snippet that creates the <script> element, or the vendor\'s npm loader), pin it with integrity="…" if the vendor publishes a fixed hash, or leave strict mode off.',
  },
  notes: "Leaves out the 'unsafe-inline' Simple Analytics lists for its inline snippet: cspkit hashes inline scripts.",
  directives: {
    'script-src': ['https://scripts.simpleanalyticscdn.com'],
    'connect-src': ['https://queue.simpleanalyticscdn.com'],
    'img-src': ['https://queue.simpleanalyticscdn.com', 'https://simpleanalyticsbadges.com'],
  },
})

export const simpleAnalytics = presetFactory(simpleAnalyticsPreset)
