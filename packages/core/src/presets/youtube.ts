import { definePreset, presetFactory } from './define.js'

/**
 * YouTube embeds. YouTube has no CSP page (none found in the stored copies on 2026-11-25 either):
 * the hosts are the ones its embed docs use (https://developers.google.com/youtube/player_parameters).
 * Checked 2026-11-25 against the stored copy of that page: the <iframe> player loads from
 * https://www.youtube.com/embed/VIDEO_ID (frame-src www.youtube.com), and the page's other way is
 * the IFrame Player API, whose code it loads asynchronously (the 'iframe-api' variant). NOT
 * CONFIRMED there: www.youtube-nocookie.com (privacy-enhanced mode, described in YouTube's help
 * rather than this page) and the API script's exact URL (www.youtube.com/iframe_api, cut off in the
 * stored excerpt); both are left as they were.
 */
export const youtubePreset = definePreset({
  name: 'youtube',
  title: 'YouTube embeds',
  docs: 'https://developers.google.com/youtube/player_parameters',
  checked: '2026-11-25',
  // Strict mode: the IFrame API is inserted by script, as YouTube documents it.
  strictDynamic: 'works',
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
