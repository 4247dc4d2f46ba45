import { definePreset, presetFactory } from './define.js'

/**
 * Loom video embeds. Loom has no CSP page (none in the stored copies, 2026-12-01): the host is the
 * one its embed SDK docs (https://dev.loom.com/docs/embed-sdk/getting-started) and
 * `@loomhq/loom-embed` 1.7 use: the SDK asks https://www.loom.com/v1/oembed for the video's embed
 * HTML (connect-src) and inserts it, an iframe of https://www.loom.com/embed/<id> (frame-src).
 *
 * Why the hashes: without width/height options the SDK builds a responsive embed instead
 * (getResponsiveEmbedCode): a wrapper with style="position: relative; padding-bottom: <ratio>%;
 * height: 0;" around an iframe with a fixed style="position: absolute; …". Inserted as HTML, both
 * are style attributes (style-src-attr, with 'unsafe-hashes'). The wrapper's text depends on the
 * video's aspect ratio: the hash here is for 16:9 (56.25%, also the SDK's default ratio); other
 * ratios need their own hash, or width/height. packages/core/test/presets-vendors.test.ts
 * recomputes the hashes from the installed SDK.
 *
 * Proven with @loomhq/loom-embed in Chromium (test/presets-sdks-6b.test.ts): the SDK's own code; the
 * oEmbed answer and the player page are Loom's and stand-ins.
 */
export const LOOM_WRAPPER_16_9_STYLE_HASH = "'sha256-Occ9F0k0fC8o89FPiKFDlX4fAoU8lxkEI8ezWIcmaq8='" // position: relative; padding-bottom: 56.25%; height: 0;
export const LOOM_FRAME_STYLE_HASH = "'sha256-cUtUA2GBdi4dtncTW7Pr5W2p1T9OmZosgcgFNgCzPx0='" // position: absolute; top: 0; left: 0; width: 100%; height: 100%;

export const loomPreset = definePreset({
  name: 'loom',
  title: 'Loom embeds',
  docs: 'https://dev.loom.com/docs/embed-sdk/getting-started',
  checked: '2026-12-01',
  // Strict mode: it adds no script sources.
  strictDynamic: 'works',
  sdk: '@loomhq/loom-embed',
  sdkStandIn: 'the oEmbed answer and player page',
  notes:
    "No vendor CSP page; host from the embed SDK. Adds the hashes of the SDK's responsive-embed style attributes for 16:9 videos (another aspect ratio needs its own wrapper hash, or width/height options). A plain <iframe> embed needs only frame-src.",
  directives: {
    'connect-src': ['https://www.loom.com'],
    'frame-src': ['https://www.loom.com'],
    'style-src-attr': ["'unsafe-hashes'", LOOM_WRAPPER_16_9_STYLE_HASH, LOOM_FRAME_STYLE_HASH],
  },
})

export const loom = presetFactory(loomPreset)
