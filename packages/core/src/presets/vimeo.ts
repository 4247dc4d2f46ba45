import { definePreset, presetFactory } from './define.js'

/**
 * Vimeo embeds. Vimeo has no CSP page: the hosts are the ones its player SDK docs use
 * (https://developer.vimeo.com/player/sdk/embed, checked 2026-11-24): the player iframe from
 * player.vimeo.com and, for the Player SDK without a bundler, its script from player.vimeo.com/api/player.js.
 */
export const vimeoPreset = definePreset({
  name: 'vimeo',
  title: 'Vimeo embeds',
  docs: 'https://developer.vimeo.com/player/sdk/embed',
  checked: '2026-11-24',
  notes: "No vendor CSP page; hosts from the player docs. Default: <iframe> embeds (and @vimeo/player bundled from npm). 'player-js' adds the Player SDK script tag.",
  defaultVariant: 'embed',
  directives: {
    'frame-src': ['https://player.vimeo.com'],
  },
  variants: {
    'player-js': {
      'frame-src': ['https://player.vimeo.com'],
      'script-src': ['https://player.vimeo.com/api/player.js'],
    },
  },
})

export const vimeo = presetFactory(vimeoPreset)
