import { definePreset, presetFactory } from './define.js'

/** Intercom Messenger: the sources from https://www.intercom.com/help/en/articles/3894-using-intercom-with-content-security-policy (checked 2026-11-24). */
export const intercomPreset = definePreset({
  name: 'intercom',
  title: 'Intercom Messenger',
  docs: 'https://www.intercom.com/help/en/articles/3894-using-intercom-with-content-security-policy',
  checked: '2026-11-24',
  // Strict mode: its snippet is inline and inserts the widget by script.
  strictDynamic: 'works',
  sdk: '@intercom/messenger-js-sdk',
  sdkStandIn: "the Messenger code",
  notes: "Intercom's source-allowlisting list (for policies without nonces). Its child-src entries also reach frame-src when your policy has one (cspkit adds them where the browser looks). The browser test proves @intercom/messenger-js-sdk loading widget.intercom.io; the messenger is Intercom-hosted, so a stand-in pinged api-iam.intercom.io and opened the nexus websocket.",
  directives: {
    'script-src': ['https://app.intercom.io', 'https://widget.intercom.io', 'https://js.intercomcdn.com'],
    'connect-src': ['https://via.intercom.io', 'https://api.intercom.io', 'https://api.au.intercom.io', 'https://api.eu.intercom.io', 'https://api-iam.intercom.io', 'https://api-iam.eu.intercom.io', 'https://api-iam.au.intercom.io', 'https://api-ping.intercom.io', 'https://*.intercom-messenger.com', 'wss://*.intercom-messenger.com', 'https://nexus-websocket-a.intercom.io', 'wss://nexus-websocket-a.intercom.io', 'https://nexus-websocket-b.intercom.io', 'wss://nexus-websocket-b.intercom.io', 'https://nexus-europe-websocket.intercom.io', 'wss://nexus-europe-websocket.intercom.io', 'https://nexus-australia-websocket.intercom.io', 'wss://nexus-australia-websocket.intercom.io', 'https://uploads.intercomcdn.com', 'https://uploads.intercomcdn.eu', 'https://uploads.au.intercomcdn.com', 'https://uploads.eu.intercomcdn.com', 'https://uploads.intercomusercontent.com'],
    'child-src': ['https://intercom-sheets.com', 'https://www.intercom-reporting.com', 'https://www.youtube.com', 'https://player.vimeo.com', 'https://fast.wistia.net'],
    'font-src': ['https://js.intercomcdn.com', 'https://fonts.intercomcdn.com'],
    'form-action': ['https://intercom.help', 'https://api-iam.intercom.io', 'https://api-iam.eu.intercom.io', 'https://api-iam.au.intercom.io'],
    'media-src': ['https://js.intercomcdn.com'],
    'img-src': ['blob:', 'data:', 'https://js.intercomcdn.com', 'https://static.intercomassets.com', 'https://downloads.intercomcdn.com', 'https://uploads.intercomusercontent.com', 'https://gifs.intercomcdn.com', 'https://video-messages.intercomcdn.com', 'https://messenger-apps.intercom.io', 'https://*.intercom-attachments-5.com', 'https://*.intercom-attachments-6.com', 'https://*.intercom-attachments-9.com'],
    'style-src': ["'unsafe-inline'"],
  },
})

export const intercom = presetFactory(intercomPreset)
