import { definePreset, presetFactory } from './define.js'

/**
 * Typeform embeds. NOT CONFIRMED against a vendor CSP page: none in the stored copies
 * (searched 2026-12-01). The hosts are the ones @typeform/embed's README and code use: forms are
 * framed from https://form.typeform.com/to/<form-id>; the CDN install loads
 * https://embed.typeform.com/next/embed.js and its CSS from embed.typeform.com/next/css/.
 *
 * Proven with @typeform/embed 6 in Chromium (test/presets-sdks-6.test.ts, 'npm' variant):
 * createWidget's own code with its CSS bundled by Vite; the form page is Typeform's and a
 * stand-in. The default 'cdn' variant (the script-tag install) is not SDK-proven.
 */
export const typeformPreset = definePreset({
  name: 'typeform',
  title: 'Typeform embeds',
  docs: 'https://www.typeform.com/developers/embed/',
  checked: '2026-12-01',
  sdk: '@typeform/embed',
  sdkStandIn: 'the form page',
  notes: "No vendor CSP page in the stored copies; hosts from @typeform/embed. Default: the embed.typeform.com script and CSS. 'npm': the package bundled with its CSS (only the form frame).",
  defaultVariant: 'cdn',
  directives: {
    'script-src': ['https://embed.typeform.com'],
    'style-src': ['https://embed.typeform.com'],
    'frame-src': ['https://form.typeform.com'],
  },
  variants: {
    npm: {
      'frame-src': ['https://form.typeform.com'],
    },
  },
})

export const typeform = presetFactory(typeformPreset)
