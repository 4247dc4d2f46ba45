import { definePreset, presetFactory } from './define.js'

/** Chargebee Checkout: the sources from https://www.chargebee.com/docs/2.0/hosted-capabilities/articles-and-faq/content-security-policy-for-the-checkout-page.html (checked 2026-11-24). */
export const chargebeePreset = definePreset({
  name: 'chargebee',
  title: 'Chargebee Checkout',
  docs: 'https://www.chargebee.com/docs/2.0/hosted-capabilities/articles-and-faq/content-security-policy-for-the-checkout-page.html',
  checked: '2026-11-24',
  directives: {
    'script-src': ['https://js.chargebee.com/v2/chargebee.js'],
    'frame-src': ['https://{site}.chargebee.com/'],
    'style-src': ['https://{site}.chargebee.com/assets/hp_v3/iframe_views/'],
  },
  options: {
    site: { description: 'Your Chargebee site name (the subdomain of <site>.chargebee.com)' },
  },
})

export const chargebee = presetFactory(chargebeePreset)
