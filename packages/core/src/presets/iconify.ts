import { definePreset, presetFactory } from './define.js'

/**
 * Iconify's public icon API. Iconify has no CSP page (none in the stored copies, 2026-12-01): the
 * hosts are the API hosts its docs (https://iconify.design/docs/api/) and its packages name:
 * `iconify-icon` 3.x fetches icon data as JSON from https://api.iconify.design and falls back to
 * https://api.simplesvg.com and https://api.unisvg.com when that host fails.
 *
 * Proven with iconify-icon in Chromium (test/presets-sdks-6.test.ts): the web component's own code
 * throughout (the stub answers with icon data), zero violations. A self-hosted Iconify API needs
 * its own host in connect-src instead.
 */
export const iconifyPreset = definePreset({
  name: 'iconify',
  title: 'Iconify icon API',
  docs: 'https://iconify.design/docs/api/',
  checked: '2026-12-01',
  // Strict mode: it adds no script sources.
  strictDynamic: 'works',
  sdk: 'iconify-icon',
  notes: 'No vendor CSP page; hosts from the API docs and the package. The two fallback hosts are used only when the main one fails. Icons bundled at build time (offline mode) need no preset.',
  directives: {
    'connect-src': ['https://api.iconify.design', 'https://api.simplesvg.com', 'https://api.unisvg.com'],
  },
})

export const iconify = presetFactory(iconifyPreset)
