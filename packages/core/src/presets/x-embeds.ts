import { definePreset, presetFactory } from './define.js'

/**
 * X (Twitter) embedded posts and timelines. NOT CONFIRMED against a vendor CSP page: X's developer
 * docs on CSP were not in the stored copies (searched 2026-12-01). The hosts are those of X's
 * embed code (https://developer.x.com/en/docs/x-for-websites/javascript-api/overview):
 * https://platform.twitter.com/widgets.js, which replaces blockquotes with iframes from
 * platform.twitter.com (posts) and syndication.twitter.com (timelines), and styles its
 * placeholders from platform.twitter.com.
 */
export const xEmbedsPreset = definePreset({
  name: 'x-embeds',
  title: 'X (Twitter) embeds',
  docs: 'https://developer.x.com/en/docs/x-for-websites/javascript-api/overview',
  checked: '2026-12-01',
  strictDynamic: {
    why: 'its documented tag loads widgets.js with a <script src> from the vendor\'s host, which \'strict-dynamic\' ignores: without integrity the browser blocks it.',
    fix: 'Insert that script from a script cspkit hashes (an inline snippet that creates the <script> element, or the vendor\'s npm loader), pin it with integrity="…" if the vendor publishes a fixed hash, or leave strict mode off.',
  },
  notes: 'No vendor CSP page in the stored copies; hosts from the embed code (widgets.js).',
  directives: {
    'script-src': ['https://platform.twitter.com'],
    'frame-src': ['https://platform.twitter.com', 'https://syndication.twitter.com'],
    'style-src': ['https://platform.twitter.com'],
  },
})

export const xEmbeds = presetFactory(xEmbedsPreset)
