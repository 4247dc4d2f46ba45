import { definePreset, presetFactory } from './define.js'

/**
 * Cloudflare Web Analytics: the sources from https://developers.cloudflare.com/fundamentals/reference/policies-compliances/content-security-policies/
 * (checked 2026-11-24: the page exists and lists per-feature headers; its Web Analytics row was not
 * in the stored excerpt, so the two hosts are from the JS-snippet setup, which loads
 * static.cloudflareinsights.com/beacon.min.js and reports to cloudflareinsights.com).
 */
export const cloudflareWebAnalyticsPreset = definePreset({
  name: 'cloudflare-web-analytics',
  title: 'Cloudflare Web Analytics',
  docs: 'https://developers.cloudflare.com/fundamentals/reference/policies-compliances/content-security-policies/',
  checked: '2026-11-24',
  notes: "For the JS-snippet setup. On sites proxied by Cloudflare the beacon reports to /cdn-cgi/rum on your own origin, which 'self' already allows.",
  directives: {
    'script-src': ['https://static.cloudflareinsights.com'],
    'connect-src': ['https://cloudflareinsights.com'],
  },
})

export const cloudflareWebAnalytics = presetFactory(cloudflareWebAnalyticsPreset)
