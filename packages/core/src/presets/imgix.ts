import { definePreset, presetFactory } from './define.js'

/**
 * imgix. imgix has no CSP page (none in the stored copies, 2026-12-01): each imgix Source serves
 * images from its own subdomain, https://<source>.imgix.net (https://docs.imgix.com/getting-started/setup/creating-sources),
 * so the preset needs that name. A custom domain on the Source serves from that domain instead.
 *
 * Proven with @imgix/js-core in Chromium (test/presets-sdks-6b.test.ts): buildURL and buildSrcSet on
 * <source>.imgix.net with the option filled in (the stub serves the image).
 */
export const imgixPreset = definePreset({
  name: 'imgix',
  title: 'imgix',
  docs: 'https://docs.imgix.com/getting-started/setup/creating-sources',
  checked: '2026-12-01',
  // Strict mode: it adds no script sources.
  strictDynamic: 'works',
  sdk: '@imgix/js-core',
  notes: 'No vendor CSP page; host from the Source docs. Option source: the subdomain of <source>.imgix.net (a host label only).',
  directives: {
    'img-src': ['https://{source}.imgix.net'],
  },
  options: {
    source: { form: 'dns-label', description: 'Your imgix Source name, the subdomain of <source>.imgix.net' },
  },
})

export const imgix = presetFactory(imgixPreset)
