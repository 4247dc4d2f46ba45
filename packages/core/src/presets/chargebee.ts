import { definePreset, presetFactory } from './define.js'

/**
 * Chargebee Checkout: the sources from https://www.chargebee.com/docs/2.0/hosted-capabilities/articles-and-faq/content-security-policy-for-the-checkout-page.html
 * (checked 2026-11-25 against the stored copy of the vendor page, and its newer copy at
 * https://www.chargebee.com/docs/billing/2.0/kb/billing/content-security-policy-for-loading-the-checkout-page:
 * style-src https://<site>.chargebee.com/assets/hp_v3/iframe_views/, script-src
 * https://js.chargebee.com/v2/chargebee.js, frame-src https://<site>.chargebee.com/, exactly as here).
 */
export const chargebeePreset = definePreset({
  name: 'chargebee',
  title: 'Chargebee Checkout',
  docs: 'https://www.chargebee.com/docs/2.0/hosted-capabilities/articles-and-faq/content-security-policy-for-the-checkout-page.html',
  checked: '2026-11-25',
  strictDynamic: {
    why: 'its documented tag loads chargebee.js with a <script src> from the vendor\'s host, which \'strict-dynamic\' ignores: without integrity the browser blocks it.',
    fix: 'Insert that script from a script cspkit hashes (an inline snippet that creates the <script> element, or the vendor\'s npm loader), pin it with integrity="…" if the vendor publishes a fixed hash, or leave strict mode off.',
  },
  directives: {
    'script-src': ['https://js.chargebee.com/v2/chargebee.js'],
    'frame-src': ['https://{site}.chargebee.com/'],
    'style-src': ['https://{site}.chargebee.com/assets/hp_v3/iframe_views/'],
  },
  options: {
    site: { form: 'dns-label', description: 'Your Chargebee site name (the subdomain of <site>.chargebee.com)' },
  },
})

export const chargebee = presetFactory(chargebeePreset)
