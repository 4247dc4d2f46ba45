import { definePreset, presetFactory } from './define.js'

/** Crisp chatbox: the sources from https://docs.crisp.chat/guides/others/whitelisting-our-systems/crisp-domain-names/ (checked 2026-11-24). */
export const crispPreset = definePreset({
  name: 'crisp',
  title: 'Crisp chatbox',
  docs: 'https://docs.crisp.chat/guides/others/whitelisting-our-systems/crisp-domain-names/',
  checked: '2026-11-24',
  notes: "Default: the hosts Crisp marks as required. 'full' adds the optional ones (wait game frame, calls/MagicBrowse and rescue websockets).",
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
