import { definePreset, presetFactory } from './define.js'

/**
 * YouTube embeds. YouTube has no CSP page: the hosts are the ones its embed docs use
 * (https://developers.google.com/youtube/player_parameters, checked 2026-11-24): the player iframe
 * from www.youtube.com or, in privacy-enhanced mode, www.youtube-nocookie.com; the IFrame Player API
 * script from www.youtube.com/iframe_api.
 */
export const youtubePreset = definePreset({
  name: 'youtube',
  title: 'YouTube embeds',
  docs: 'https://developers.google.com/youtube/player_parameters',
  checked: '2026-11-24',
  notes: "No vendor CSP page; hosts from the embed docs. Default: <iframe> embeds only. 'iframe-api' adds the IFrame Player API script (it loads its widget script from www.youtube.com too).",
  defaultVariant: 'embed',
  directives: {
    'frame-src': ['https://www.youtube.com', 'https://www.youtube-nocookie.com'],
  },
  variants: {
    'iframe-api': {
      'frame-src': ['https://www.youtube.com', 'https://www.youtube-nocookie.com'],
      'script-src': ['https://www.youtube.com'],
    },
  },
})

export const youtube = presetFactory(youtubePreset)
