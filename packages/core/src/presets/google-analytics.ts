import { definePreset, presetFactory } from './define.js'

/**
 * Google Analytics 4: the sources from https://developers.google.com/tag-platform/security/guides/csp#google_analytics_4_google_analytics.
 * NOT CONFIRMED against vendor text (searched again 2026-11-25): every stored copy of Google's page
 * (English and a dozen translations) ends with its Tag Manager container section, before the GA4
 * section. So neither the standard list (script-src *.googletagmanager.com; img-src
 * *.google-analytics.com *.googletagmanager.com; connect-src *.google-analytics.com
 * *.analytics.google.com *.googletagmanager.com) nor the Google Signals additions
 * (*.g.doubleclick.net, *.google.com, *.google.<TLD>) was seen in Google's words; both match what
 * projects implementing that section committed, citing it, and are left as they were. GA4's
 * region-specific collection hosts (regionN.google-analytics.com, regionN.analytics.google.com) are
 * inside the *.google-analytics.com and *.analytics.google.com wildcards, so no region variant is needed.
 */
export const googleAnalyticsPreset = definePreset({
  name: 'google-analytics',
  title: 'Google Analytics 4',
  docs: 'https://developers.google.com/tag-platform/security/guides/csp#google_analytics_4_google_analytics',
  checked: '2026-11-24',
  strictDynamic: {
    why: 'its documented tag loads gtag.js with a <script src> from the vendor\'s host, which \'strict-dynamic\' ignores: without integrity the browser blocks it.',
    fix: 'Insert that script from a script cspkit hashes (an inline snippet that creates the <script> element, or the vendor\'s npm loader), pin it with integrity="…" if the vendor publishes a fixed hash, or leave strict mode off.',
  },
  notes: "The gtag.js snippet is an inline script in your page: cspkit hashes it, so no 'unsafe-inline' or nonce is added. Not yet confirmed word for word against Google's GA4 section (not in the stored copies); region-specific collection hosts are inside the wildcards.",
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
    googleTld: { form: 'google-tld', description: "Google's top-level domain for your visitors' region, for Google Signals (e.g. 'de', 'co.uk')", default: 'com' },
  },
})

export const googleAnalytics = presetFactory(googleAnalyticsPreset)
