import { definePreset, presetFactory } from './define.js'

/** Crisp chatbox: the sources from https://docs.crisp.chat/guides/others/whitelisting-our-systems/crisp-domain-names/ (checked 2026-11-24). */
export const crispPreset = definePreset({
  name: 'crisp',
  title: 'Crisp chatbox',
  docs: 'https://docs.crisp.chat/guides/others/whitelisting-our-systems/crisp-domain-names/',
  checked: '2026-11-24',
  sdk: 'crisp-sdk-web',
  sdkStandIn: "the chatbox code",
  notes: "Default: the hosts Crisp marks as required. 'full' adds the optional ones (wait game frame, calls/MagicBrowse and rescue websockets). The browser test proves crisp-sdk-web loading client.crisp.chat/l.js; the chatbox itself is Crisp-hosted, so a stand-in loaded its stylesheet and relay websocket.",
  defaultVariant: 'required',
  directives: {
    'script-src': ['https://client.crisp.chat'],
    'style-src': ['https://client.crisp.chat', "'unsafe-inline'"],
    'font-src': ['https://client.crisp.chat'],
    'img-src': ['https://client.crisp.chat', 'https://image.crisp.chat', 'https://storage.crisp.chat'],
    'connect-src': ['https://client.crisp.chat', 'wss://client.relay.crisp.chat', 'https://storage.crisp.chat'],
    'worker-src': ['https://client.crisp.chat'],
  },
  variants: {
    'full': {
      'script-src': ['https://client.crisp.chat'],
      'style-src': ['https://client.crisp.chat', "'unsafe-inline'"],
      'font-src': ['https://client.crisp.chat'],
      'img-src': ['https://client.crisp.chat', 'https://image.crisp.chat', 'https://storage.crisp.chat'],
      'connect-src': ['https://client.crisp.chat', 'wss://client.relay.crisp.chat', 'https://storage.crisp.chat', 'wss://stream.relay.crisp.chat', 'wss://client.relay.rescue.crisp.chat'],
      'frame-src': ['https://assets.crisp.chat'],
      'worker-src': ['https://client.crisp.chat'],
    },
  },
})

export const crisp = presetFactory(crispPreset)
