import { definePreset, presetFactory } from './define.js'

/**
 * Vimeo embeds. Vimeo has no CSP page: the hosts are the ones its player SDK docs use
 * (https://developer.vimeo.com/player/sdk/embed, checked 2026-11-25): the player iframe from
 * player.vimeo.com and, for the Player SDK without a bundler, its script from player.vimeo.com/api/player.js.
 *
 * Read in @vimeo/player 2.30 (dist/player.es.js, getOEmbedData) and added here: a Player made from
 * an element that is not an <iframe> (`new Player(div, { id })`, or player.js turning
 * `data-vimeo-id` elements into players) first asks https://vimeo.com/api/oembed.json for the embed
 * code with an XMLHttpRequest, so both variants allow connect-src vimeo.com (unneeded, and harmless,
 * for a plain <iframe> embed).
 *
 * Proven with @vimeo/player 2.30 in Chromium (test/presets-sdks-3.test.ts, both variants; for
 * 'player-js' the stub serves the npm package's own UMD build as player.js): oEmbed, the player
 * iframe, ready, getVideoTitle() and play() over postMessage, zero violations. The player page itself
 * is Vimeo's code, a stand-in in the test.
 */
export const vimeoPreset = definePreset({
  name: 'vimeo',
  title: 'Vimeo embeds',
  docs: 'https://developer.vimeo.com/player/sdk/embed',
  checked: '2026-11-25',
  // Strict mode: @vimeo/player is bundled.
  strictDynamic: 'works',
  sdk: '@vimeo/player',
  sdkStandIn: 'the player page',
  notes: "No vendor CSP page; hosts from the player docs and @vimeo/player's code. Default: <iframe> embeds and @vimeo/player bundled from npm (its oEmbed request to vimeo.com for players made from a <div>). 'player-js' adds the Player SDK script tag.",
  defaultVariant: 'embed',
  directives: {
    'frame-src': ['https://player.vimeo.com'],
    'connect-src': ['https://vimeo.com'],
  },
  variants: {
    'player-js': {
      'frame-src': ['https://player.vimeo.com'],
      'connect-src': ['https://vimeo.com'],
      'script-src': ['https://player.vimeo.com/api/player.js'],
    },
  },
})

export const vimeo = presetFactory(vimeoPreset)
