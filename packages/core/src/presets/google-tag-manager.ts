import { definePreset, presetFactory } from './define.js'

/**
 * Google Tag Manager: the sources from https://developers.google.com/tag-platform/security/guides/csp
 * (checked 2026-11-24: the page recommends a nonce for the container snippet and lists img-src
 * www.googletagmanager.com; cspkit hashes the snippet instead). The preview-mode list was not visible
 * in the stored copies seen on 2026-11-24 and is not confirmed against vendor text.
 */
export const googleTagManagerPreset = definePreset({
  name: 'google-tag-manager',
  title: 'Google Tag Manager',
  docs: 'https://developers.google.com/tag-platform/security/guides/csp',
  checked: '2026-11-24',
  notes: "The container snippet is inline: cspkit hashes it. Tags that GTM itself injects (Custom HTML, Custom JavaScript variables) need what Google's page lists for them ('unsafe-inline'/'unsafe-eval'); this preset does not add them. Add the preset of each tag you fire (e.g. google-analytics).",
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
