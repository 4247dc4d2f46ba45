import { definePreset, presetFactory } from './define.js'

/**
 * Google Fonts. Google Fonts has no CSP page of its own: the hosts are the ones its getting-started
 * docs use (https://developers.google.com/fonts/docs/getting_started, checked 2026-11-24): the
 * stylesheet from fonts.googleapis.com, the font files from fonts.gstatic.com. Google's Maps CSP guide
 * (https://developers.google.com/maps/documentation/javascript/content-security-policy) lists the same two.
 */
export const googleFontsPreset = definePreset({
  name: 'google-fonts',
  title: 'Google Fonts',
  docs: 'https://developers.google.com/fonts/docs/getting_started',
  checked: '2026-11-24',
  notes: 'No Google Fonts CSP page; hosts from its getting-started docs (and the Maps CSP guide, which lists the same two).',
  directives: {
    'style-src': ['https://fonts.googleapis.com'],
    'font-src': ['https://fonts.gstatic.com'],
  },
})

export const googleFonts = presetFactory(googleFontsPreset)
