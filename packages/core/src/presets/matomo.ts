import { definePreset, presetFactory } from './define.js'

/**
 * Matomo (Cloud or self-hosted). From Matomo's CSP FAQ
 * (https://matomo.org/faq/general/faq_20904/, checked 2026-12-01 against the stored copy): the
 * tracker works under a CSP when matomo.js is loaded from the Matomo server and the tracking calls
 * go to its /matomo.php. Matomo's advice to move the inline tracking code into a file is for
 * policies without hashes; cspkit hashes the inline code, so it may stay in the page. The FAQ does
 * not list directives: the hits go by XHR/beacon or, as a fallback, an image (connect-src and
 * img-src).
 *
 * Matomo Cloud ('cloud', the default) serves matomo.js from https://cdn.matomo.cloud/<instance>.matomo.cloud/
 * and tracks to https://<instance>.matomo.cloud (its tracking code; option instance).
 * 'self-hosted': both from your Matomo host (option host).
 */
export const matomoPreset = definePreset({
  name: 'matomo',
  title: 'Matomo',
  docs: 'https://matomo.org/faq/general/faq_20904/',
  checked: '2026-12-01',
  // Strict mode: its snippet is inline and inserts matomo.js by script.
  strictDynamic: 'works',
  notes: "From Matomo's CSP FAQ (script from the Matomo server, hits to its matomo.php). Default: Matomo Cloud, option instance (<instance>.matomo.cloud). 'self-hosted': option host.",
  defaultVariant: 'cloud',
  directives: {
    'script-src': ['https://cdn.matomo.cloud'],
    'connect-src': ['https://{instance}.matomo.cloud'],
    'img-src': ['https://{instance}.matomo.cloud'],
  },
  variants: {
    'self-hosted': {
      'script-src': ['https://{host}'],
      'connect-src': ['https://{host}'],
      'img-src': ['https://{host}'],
    },
  },
  options: {
    instance: { form: 'dns-label', description: 'Your Matomo Cloud instance, the subdomain of <instance>.matomo.cloud (cloud variant)' },
    host: { form: 'domain', description: "Your Matomo server's host name, e.g. 'matomo.example.com' (self-hosted variant)" },
  },
})

export const matomo = presetFactory(matomoPreset)
