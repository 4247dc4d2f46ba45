import { definePreset, presetFactory } from './define.js'

/**
 * TalkJS chat. From TalkJS's own CSP page
 * (https://talkjs.com/docs/Features/Security_Settings/Content_Security_Policy/, checked 2026-12-01
 * against the stored copy): scripts from *.talkjs.com, HTTPS and secure WebSocket connections to
 * *.talkjs.com, and the chat UI framed from *.talkjs.com; TalkJS needs neither 'unsafe-inline' nor
 * 'unsafe-eval'. The default variant also has what TalkJS lists for its Popup (img-src and
 * style-src *.talkjs.com) and notification sounds (media-src), so the usual embeds work as they come.
 *
 * 'files': adds the file-sharing host TalkJS names (img-src firebasestorage.googleapis.com). TalkJS's
 * optional error reporting (TrackJS hosts) is left out: without it TalkJS's own error reports are
 * blocked, the chat is not.
 */
const CHAT = {
  'script-src': ['https://*.talkjs.com'],
  'connect-src': ['https://*.talkjs.com', 'wss://*.talkjs.com'],
  'frame-src': ['https://*.talkjs.com'],
  'img-src': ['https://*.talkjs.com'],
  'style-src': ['https://*.talkjs.com'],
  'media-src': ['https://*.talkjs.com'],
}

export const talkjsPreset = definePreset({
  name: 'talkjs',
  title: 'TalkJS',
  docs: 'https://talkjs.com/docs/Features/Security_Settings/Content_Security_Policy/',
  checked: '2026-12-01',
  // Strict mode: its snippet is inline and inserts the SDK by script.
  strictDynamic: 'works',
  notes: "TalkJS's own list (required directives, Popup images and styles, notification sounds). 'files': plus the file-sharing image host. TalkJS's optional TrackJS error reporting is not included.",
  defaultVariant: 'chat',
  directives: CHAT,
  variants: {
    files: { ...CHAT, 'img-src': [...CHAT['img-src'], 'https://firebasestorage.googleapis.com'] },
  },
})

export const talkjs = presetFactory(talkjsPreset)
