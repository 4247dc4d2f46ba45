import { definePreset, presetFactory } from './define.js'

/**
 * Typeform embeds. NOT CONFIRMED against a vendor CSP page: none in the stored copies
 * (searched 2026-12-01). The hosts are the ones @typeform/embed's README and code use: forms are
 * framed from https://form.typeform.com/to/<form-id>; the CDN install loads
 * https://embed.typeform.com/next/embed.js and its CSS from embed.typeform.com/next/css/.
 *
 * An EU workspace's forms come from https://form.typeform.eu (the SDK's `region: 'eu'`): option formDomain.
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
  // Strict mode: @typeform/embed is bundled.
  strictDynamic: 'works',
  sdk: '@typeform/embed',
  sdkStandIn: 'the form page',
  notes: "No vendor CSP page in the stored copies; hosts from @typeform/embed. Default: the embed.typeform.com script and CSS. 'npm': the package bundled with its CSS (only the form frame). formDomain 'form.typeform.eu' for EU workspaces.",
  defaultVariant: 'cdn',
  directives: {
    'script-src': ['https://embed.typeform.com'],
    'style-src': ['https://embed.typeform.com'],
    'frame-src': ['https://{formDomain}'],
  },
  variants: {
    npm: {
      'frame-src': ['https://{formDomain}'],
    },
  },
  options: {
    formDomain: {
      description: "Where the forms are served: 'form.typeform.eu' for an EU workspace (the SDK's region: 'eu')",
      values: ['form.typeform.com', 'form.typeform.eu'],
      default: 'form.typeform.com',
    },
  },
})

export const typeform = presetFactory(typeformPreset)
