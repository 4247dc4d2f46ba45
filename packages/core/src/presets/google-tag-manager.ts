import { definePreset, presetFactory } from './define.js'

/**
 * Google Tag Manager: the sources from https://developers.google.com/tag-platform/security/guides/csp
 * (checked 2026-11-25 against the stored copies of that page, current English and translations).
 *
 * Confirmed, default 'container' variant: the container section lists img-src
 * www.googletagmanager.com and connect-src www.googletagmanager.com www.google.com (older copies
 * had connect-src www.googletagmanager.com only), with a nonce in script-src for the inline
 * container snippet, which then hands the nonce on to gtm.js. cspkit hashes the snippet instead of
 * a nonce, and a hash is not handed on, so script-src https://www.googletagmanager.com is kept for
 * gtm.js itself (the snippet loads https://www.googletagmanager.com/gtm.js): one source more than
 * the page, needed because there is no nonce.
 *
 * NOT CONFIRMED: the 'preview' variant. The page's Preview Mode section comes after the container
 * section, and every stored copy ends before it, so its hosts (tagmanager.google.com,
 * fonts.googleapis.com, ssl.gstatic.com, www.gstatic.com, fonts.gstatic.com) were not seen in
 * Google's words this round and are left as they were.
 */
export const googleTagManagerPreset = definePreset({
  name: 'google-tag-manager',
  title: 'Google Tag Manager',
  docs: 'https://developers.google.com/tag-platform/security/guides/csp',
  checked: '2026-11-25',
  // Strict mode: its snippet is inline (hashed) and inserts gtm.js by script.
  strictDynamic: 'works',
  notes: "The container snippet is inline: cspkit hashes it. Tags that GTM itself injects (Custom HTML, Custom JavaScript variables) need what Google's page lists for them ('unsafe-inline'/'unsafe-eval'); this preset does not add them. Add the preset of each tag you fire (e.g. google-analytics). script-src www.googletagmanager.com stands in for the nonce Google's page uses (a hash is not passed on to gtm.js). The 'preview' list is not yet confirmed against Google's page.",
  defaultVariant: 'container',
  directives: {
    'script-src': ['https://www.googletagmanager.com'],
    'img-src': ['https://www.googletagmanager.com'],
    'connect-src': ['https://www.googletagmanager.com', 'https://www.google.com'],
  },
  variants: {
    'preview': {
      'script-src': ['https://www.googletagmanager.com', 'https://tagmanager.google.com'],
      'style-src': ['https://tagmanager.google.com', 'https://fonts.googleapis.com'],
      'img-src': ['https://www.googletagmanager.com', 'https://ssl.gstatic.com', 'https://www.gstatic.com'],
      'font-src': ['https://fonts.gstatic.com', 'data:'],
      'connect-src': ['https://www.googletagmanager.com', 'https://www.google.com'],
    },
  },
})

export const googleTagManager = presetFactory(googleTagManagerPreset)
