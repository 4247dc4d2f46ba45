import { definePreset, presetFactory } from './define.js'

/**
 * Google Analytics 4: the sources from https://developers.google.com/tag-platform/security/guides/csp#google_analytics_4_google_analytics
 * (checked 2026-11-24). The stored copies of Google's page seen on 2026-11-24 were translations that
 * showed only its Tag Manager part; the standard list matches what projects implementing that
 * section committed (script-src *.googletagmanager.com; img-src *.google-analytics.com
 * *.googletagmanager.com; connect-src *.google-analytics.com *.analytics.google.com
 * *.googletagmanager.com), and the Google Signals additions (*.g.doubleclick.net, *.google.com,
 * *.google.<TLD>) are the ones those projects cite from the same section. Not confirmed word for word.
 */
export const googleAnalyticsPreset = definePreset({
  name: 'google-analytics',
  title: 'Google Analytics 4',
  docs: 'https://developers.google.com/tag-platform/security/guides/csp#google_analytics_4_google_analytics',
  checked: '2026-11-24',
  notes: "The gtag.js snippet is an inline script in your page: cspkit hashes it, so no 'unsafe-inline' or nonce is added.",
  defaultVariant: 'standard',
  directives: {
    'script-src': ['https://*.googletagmanager.com'],
    'img-src': ['https://*.google-analytics.com', 'https://*.googletagmanager.com'],
    'connect-src': ['https://*.google-analytics.com', 'https://*.analytics.google.com', 'https://*.googletagmanager.com'],
  },
  variants: {
    'google-signals': {
      'script-src': ['https://*.googletagmanager.com'],
      'img-src': ['https://*.google-analytics.com', 'https://*.googletagmanager.com', 'https://*.g.doubleclick.net', 'https://*.google.com', 'https://*.google.{googleTld}'],
      'connect-src': ['https://*.google-analytics.com', 'https://*.analytics.google.com', 'https://*.googletagmanager.com', 'https://*.g.doubleclick.net', 'https://*.google.com', 'https://*.google.{googleTld}'],
    },
  },
  options: {
    googleTld: { description: "Google's top-level domain for your visitors' region, for Google Signals (e.g. 'de', 'co.uk')", default: 'com' },
  },
})

export const googleAnalytics = presetFactory(googleAnalyticsPreset)
