import { definePreset, presetFactory } from './define.js'

/**
 * Loom video embeds. Loom has no CSP page (none in the stored copies, 2026-12-01): the host is the
 * one its embed SDK docs (https://dev.loom.com/docs/embed-sdk/getting-started) and
 * `@loomhq/loom-embed` 1.7 use: the SDK asks https://www.loom.com/v1/oembed for the video's embed
 * HTML (connect-src) and inserts it, an iframe of https://www.loom.com/embed/<id> (frame-src).
 *
 * Proven with @loomhq/loom-embed in Chromium (test/presets-sdks-6.test.ts): the SDK's own code; the
 * oEmbed answer and the player page are Loom's and stand-ins.
 */
export const loomPreset = definePreset({
  name: 'loom',
  title: 'Loom embeds',
  docs: 'https://dev.loom.com/docs/embed-sdk/getting-started',
  checked: '2026-12-01',
  sdk: '@loomhq/loom-embed',
  sdkStandIn: 'the oEmbed answer and player page',
  notes: 'No vendor CSP page; host from the embed SDK. A plain <iframe> embed needs only frame-src; the SDK also fetches oEmbed data (connect-src).',
  directives: {
    'connect-src': ['https://www.loom.com'],
    'frame-src': ['https://www.loom.com'],
  },
})

export const loom = presetFactory(loomPreset)
