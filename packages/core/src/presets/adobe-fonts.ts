import { definePreset, presetFactory } from './define.js'

/**
 * Adobe Fonts (Typekit): the sources from https://helpx.adobe.com/fonts/web/web-design-and-development/content-security-policy.html
 * (checked 2026-11-25 against the stored copy of the vendor page, last updated 2023-08-02:
 * script-src use.typekit.net; style-src 'unsafe-inline' use.typekit.net (needed for font events);
 * img-src p.typekit.net (usage tracking); connect-src performance.typekit.net (optional,
 * performance metrics), as here). Adobe itself advises against combining a CSP with Adobe Fonts.
 *
 * One directive more than the page's list: font-src use.typekit.net data:. The page says the
 * service delivers fonts as data URIs, and the kit's CSS loads its font files from use.typekit.net;
 * with cspkit's default policy font-src falls back to default-src 'self', which would block both.
 */
export const adobeFontsPreset = definePreset({
  name: 'adobe-fonts',
  title: 'Adobe Fonts (Typekit)',
  docs: 'https://helpx.adobe.com/fonts/web/web-design-and-development/content-security-policy.html',
  checked: '2026-11-25',
  strictDynamic: {
    why: 'its documented tag loads the JavaScript embed code with a <script src> from the vendor\'s host, which \'strict-dynamic\' ignores: without integrity the browser blocks it.',
    fix: 'Insert that script from a script cspkit hashes (an inline snippet that creates the <script> element, or the vendor\'s npm loader), pin it with integrity="…" if the vendor publishes a fixed hash, or leave strict mode off.',
  },
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
