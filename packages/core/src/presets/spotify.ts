import { definePreset, presetFactory } from './define.js'

/**
 * Spotify embeds. Spotify has no CSP page (none in the stored copies, 2026-12-01): the host is that
 * of its embed docs (https://developer.spotify.com/documentation/embeds): an iframe of
 * https://open.spotify.com/embed/<type>/<id>, and for the iFrame API its script
 * https://open.spotify.com/embed/iframe-api/v1 (the 'iframe-api' variant).
 */
export const spotifyPreset = definePreset({
  name: 'spotify',
  title: 'Spotify embeds',
  docs: 'https://developer.spotify.com/documentation/embeds',
  checked: '2026-12-01',
  strictDynamic: {
    why: 'its documented tag loads the iFrame API with a <script src> from the vendor\'s host, which \'strict-dynamic\' ignores: without integrity the browser blocks it.',
    fix: 'Insert that script from a script cspkit hashes (an inline snippet that creates the <script> element, or the vendor\'s npm loader), pin it with integrity="…" if the vendor publishes a fixed hash, or leave strict mode off.',
  },
  notes: "No vendor CSP page; host from the embed docs. Default: <iframe> embeds. 'iframe-api': also the iFrame API script.",
  defaultVariant: 'embed',
  directives: {
    'frame-src': ['https://open.spotify.com'],
  },
  variants: {
    'iframe-api': {
      'frame-src': ['https://open.spotify.com'],
      'script-src': ['https://open.spotify.com'],
    },
  },
})

export const spotify = presetFactory(spotifyPreset)
