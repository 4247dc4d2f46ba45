import { definePreset, presetFactory } from './define.js'

/**
 * Zendesk Web Widget (messaging). From Zendesk's own CSP page
 * (https://developer.zendesk.com/documentation/zendesk-web-widget-sdks/sdks/web/csp, checked
 * 2026-12-01 against the stored copy): Zendesk lists its hosts under default-src and says to add
 * them to script-src and connect-src when those are set, plus style-src 'unsafe-inline', an
 * img-src list and media-src static.zdassets.com. The hosts are copied per directive here (script,
 * connect, frame, font), since cspkit's policy sets those directives itself.
 *
 * 'unsafe-inline' in style-src: Zendesk requires it (the widget styles itself at run time); there
 * is no variant without it. The vendor's recommended alternative is a nonce on the snippet with
 * strict-dynamic, which a static site cannot issue per response. The 'classic' variant is the list
 * of Zendesk's page for the Web Widget (Classic), with Chat (zopim) hosts.
 */
const MESSAGING_HOSTS = [
  'https://static.zdassets.com',
  'https://ekr.zdassets.com',
  'https://ekr.zendesk.com',
  'https://*.zendesk.com',
  'https://api.smooch.io',
  'https://media.smooch.io',
  'https://zendesk-eu.my.sentry.io',
  'https://*.twilio.com',
]
const MESSAGING_SOCKETS = ['wss://*.zendesk.com', 'wss://api.smooch.io', 'wss://voice-js.roaming.twilio.com']
const CLASSIC_HOSTS = ['https://static.zdassets.com', 'https://ekr.zdassets.com', 'https://ekr.zendesk.com', 'https://*.zendesk.com', 'https://*.zopim.com', 'https://zendesk-eu.my.sentry.io']

export const zendeskPreset = definePreset({
  name: 'zendesk',
  title: 'Zendesk Web Widget',
  docs: 'https://developer.zendesk.com/documentation/zendesk-web-widget-sdks/sdks/web/csp',
  checked: '2026-12-01',
  strictDynamic: {
    why: 'its documented tag loads snippet.js with a <script src> from the vendor\'s host, which \'strict-dynamic\' ignores: without integrity the browser blocks it.',
    fix: 'Insert that script from a script cspkit hashes (an inline snippet that creates the <script> element, or the vendor\'s npm loader), pin it with integrity="…" if the vendor publishes a fixed hash, or leave strict mode off.',
  },
  notes: "Zendesk's own list. style-src 'unsafe-inline' is required by Zendesk (no variant without it). Default: the messaging Web Widget; 'classic': the Web Widget (Classic) with Chat.",
  defaultVariant: 'messaging',
  directives: {
    'script-src': MESSAGING_HOSTS,
    'connect-src': [...MESSAGING_HOSTS, ...MESSAGING_SOCKETS],
    'frame-src': MESSAGING_HOSTS,
    'font-src': MESSAGING_HOSTS,
    'style-src': ["'unsafe-inline'"],
    'img-src': ['https://static.zdassets.com', 'https://accounts.zendesk.com', 'https://*.zendesk.com', 'https://media.smooch.io', 'https://*.zdusercontent.com', 'blob:', 'data:'],
    'media-src': ['https://static.zdassets.com'],
  },
  variants: {
    classic: {
      'script-src': CLASSIC_HOSTS,
      'connect-src': [...CLASSIC_HOSTS, 'wss://*.zendesk.com', 'wss://*.zopim.com'],
      'frame-src': CLASSIC_HOSTS,
      'font-src': CLASSIC_HOSTS,
      'style-src': ["'unsafe-inline'"],
      'img-src': ['https://v2assets.zopim.io', 'https://static.zdassets.com', 'data:'],
    },
  },
})

export const zendesk = presetFactory(zendeskPreset)
