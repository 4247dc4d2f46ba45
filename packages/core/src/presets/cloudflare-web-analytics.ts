import { definePreset, presetFactory } from './define.js'

/**
 * Cloudflare Web Analytics: the sources from https://developers.cloudflare.com/fundamentals/reference/policies-compliances/content-security-policies/
 * (checked 2026-11-25 against the page's source in Cloudflare's docs repository: its "Product
 * requirements" table gives Web Analytics script-src static.cloudflareinsights.com and connect-src
 * cloudflareinsights.com, the two hosts here, written with https://).
 */
export const cloudflareWebAnalyticsPreset = definePreset({
  name: 'cloudflare-web-analytics',
  title: 'Cloudflare Web Analytics',
  docs: 'https://developers.cloudflare.com/fundamentals/reference/policies-compliances/content-security-policies/',
  checked: '2026-11-25',
  strictDynamic: {
    why: 'its documented tag loads beacon.min.js with a <script src> from the vendor\'s host, which \'strict-dynamic\' ignores: without integrity the browser blocks it.',
    fix: 'Insert that script from a script cspkit hashes (an inline snippet that creates the <script> element, or the vendor\'s npm loader), pin it with integrity="…" if the vendor publishes a fixed hash, or leave strict mode off.',
  },
  notes: "For the JS-snippet setup. On sites proxied by Cloudflare the beacon reports to /cdn-cgi/rum on your own origin, which 'self' already allows.",
  directives: {
    'script-src': ['https://static.cloudflareinsights.com'],
    'connect-src': ['https://cloudflareinsights.com'],
  },
})

export const cloudflareWebAnalytics = presetFactory(cloudflareWebAnalyticsPreset)
