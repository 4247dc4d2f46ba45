import { definePreset, presetFactory } from './define.js'

/**
 * Crisp chatbox: the sources from https://docs.crisp.chat/guides/others/whitelisting-our-systems/crisp-domain-names/
 * (checked 2026-11-25). The page's table marks client.crisp.chat, wss://client.relay.crisp.chat,
 * image.crisp.chat and storage.crisp.chat as required, and three hosts as optional: the wait-game
 * frame (https://game.crisp.chat), calls and MagicBrowse (wss://stream.relay.crisp.chat) and the
 * rescue relay (wss://client.relay.rescue.crisp.chat). Its considerations add, for every install:
 * 'unsafe-inline' in style-src (colour customisation), blob: in worker-src (worker code fetched from a
 * crisp.chat host runs from a blob: URL) and data: in img-src (base64 images).
 *
 * 2026-11-25, from test/presets-variants.test.ts: 'full' used to frame https://assets.crisp.chat, which
 * the page does not name (the wait game is on game.crisp.chat: a frame from there was blocked), and
 * neither variant had worker-src blob: or img-src data:, which the page requires (a worker run from a
 * blob: URL was outside the preset).
 */
const REQUIRED = {
  'script-src': ['https://client.crisp.chat'],
  'style-src': ['https://client.crisp.chat', "'unsafe-inline'"],
  'font-src': ['https://client.crisp.chat'],
  'img-src': ['https://client.crisp.chat', 'https://image.crisp.chat', 'https://storage.crisp.chat', 'data:'],
  'connect-src': ['https://client.crisp.chat', 'wss://client.relay.crisp.chat', 'https://storage.crisp.chat'],
  'worker-src': ['https://client.crisp.chat', 'blob:'],
} as const

export const crispPreset = definePreset({
  name: 'crisp',
  title: 'Crisp chatbox',
  docs: 'https://docs.crisp.chat/guides/others/whitelisting-our-systems/crisp-domain-names/',
  checked: '2026-11-25',
  // Strict mode: its snippet is inline and inserts l.js by script.
  strictDynamic: 'works',
  sdk: 'crisp-sdk-web',
  sdkStandIn: "the chatbox code",
  notes: "Default: the hosts Crisp marks as required, plus blob: workers and data: images its page asks for. 'full' adds the optional ones (wait-game frame on game.crisp.chat, calls/MagicBrowse and rescue websockets). The browser tests prove crisp-sdk-web loading client.crisp.chat/l.js; the chatbox itself is Crisp-hosted, so a stand-in used the hosts.",
  defaultVariant: 'required',
  directives: REQUIRED,
  variants: {
    'full': {
      ...REQUIRED,
      'connect-src': [...REQUIRED['connect-src'], 'wss://stream.relay.crisp.chat', 'wss://client.relay.rescue.crisp.chat'],
      'frame-src': ['https://game.crisp.chat'],
    },
  },
})

export const crisp = presetFactory(crispPreset)
