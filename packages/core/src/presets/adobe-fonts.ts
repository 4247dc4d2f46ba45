import { definePreset, presetFactory } from './define.js'

/** Adobe Fonts (Typekit): the sources from https://helpx.adobe.com/fonts/web/web-design-and-development/content-security-policy.html (checked 2026-11-24). */
export const adobeFontsPreset = definePreset({
  name: 'adobe-fonts',
  title: 'Adobe Fonts (Typekit)',
  docs: 'https://helpx.adobe.com/fonts/web/web-design-and-development/content-security-policy.html',
  checked: '2026-11-24',
  notes: "Adds font-src, which Adobe's list leaves out: the kit's CSS loads its font files from use.typekit.net (and as data: URIs).",
  directives: {
    'script-src': ['https://use.typekit.net'],
    'style-src': ["'unsafe-inline'", 'https://use.typekit.net'],
    'img-src': ['https://p.typekit.net'],
    'connect-src': ['https://performance.typekit.net'],
    'font-src': ['https://use.typekit.net', 'data:'],
  },
})

export const adobeFonts = presetFactory(adobeFontsPreset)
