import { definePreset, presetFactory } from './define.js'

/**
 * Google Fonts. Google Fonts has no CSP page of its own (none found in the stored copies on
 * 2026-11-25 either). Checked 2026-11-25: its getting-started docs
 * (https://developers.google.com/fonts/docs/getting_started, stored copy) load the stylesheet from
 * https://fonts.googleapis.com (style-src); the font files it points to come from
 * fonts.gstatic.com, which Google's Maps CSP guide
 * (https://developers.google.com/maps/documentation/javascript/content-security-policy, stored copy)
 * lists as font-src https://fonts.gstatic.com next to style-src https://fonts.googleapis.com: the
 * same two sources as here.
 */
export const googleFontsPreset = definePreset({
  name: 'google-fonts',
  title: 'Google Fonts',
  docs: 'https://developers.google.com/fonts/docs/getting_started',
  checked: '2026-11-25',
  // Strict mode: it adds no script sources.
  strictDynamic: 'works',
  notes: 'No Google Fonts CSP page; hosts from its getting-started docs (and the Maps CSP guide, which lists the same two).',
  directives: {
    'style-src': ['https://fonts.googleapis.com'],
    'font-src': ['https://fonts.gstatic.com'],
  },
})

export const googleFonts = presetFactory(googleFontsPreset)
