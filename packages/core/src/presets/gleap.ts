import { definePreset, presetFactory } from './define.js'

/** Pusher Channels clusters (https://pusher.com/docs/clusters): the Gleap messenger's realtime connection goes to one of them. */
export const PUSHER_CLUSTERS = ['mt1', 'us2', 'us3', 'eu', 'ap1', 'ap2', 'ap3', 'ap4', 'sa1'] as const

/**
 * Why there is more here than Gleap's list: the SDK (npm `gleap` 16.x) creates its messenger,
 * chatbar, banner and modal iframes as about:blank and doc.write()s the app's HTML into them
 * (`bootstrapGleapFrame`, to stay first-party under Safari ITP). Such a frame inherits the page's
 * policy, and the SDK puts an inline `<script>try{history.replaceState(null,"",PATH);}catch(e){}</script>`
 * in front of the app to set its route. Without a nonce (Gleap.setGleapCSPNonce) that script is
 * blocked, so the four hashes below (PATH = "/", "/modal", "/chatbar", "/agent-conversation") are
 * in script-src. Everything those frames load is checked against the page's policy too, which
 * the vendor's directives already cover. Proven in Chromium against the real SDK (test/gleap-sdk.test.ts).
 */
/*
 * Why style-src keeps 'unsafe-inline' in every variant: the SDK inserts one <style class="gleap-styles">
 * (~60 kB) whose text it builds from the workspace's flow config (colours, button position), plus
 * chatbar and tooltip <style>s built the same way, and it writes style="" attributes in the markup of
 * notifications, banners and chat messages. Only the attributes could be allowed apart
 * (style-src-attr 'unsafe-inline'); the <style> hashes are the workspace's and change when its colours
 * are edited in Gleap, so no hash can be shipped here. test/gleap-sdk.test.ts proves it: without
 * 'unsafe-inline' that <style> is blocked, and two colours give two hashes.
 */
const ROUTE_SCRIPT_HASHES = [
  "'sha256-f9YOEXluvzSUFau13lvIO8dWFvUWTkA/REKenBuL5Ok='", // "/": messenger and banner
  "'sha256-PWy7xynLLFEIRGDwub/6BH4qpqLJfd3TJZLXdJkpx0c='", // "/modal"
  "'sha256-0kS5vNhJL6mMcf6pvWN5b544KpsT3HZ5FI1rme+4MFU='", // "/chatbar"
  "'sha256-HA9Os2ZXQr25G2vP55CNMg0sfmo3CH+GwC0bejg5CZU='", // "/agent-conversation"
]

const GLEAP_HOSTS = [
  'https://api.gleap.io',
  'https://js.gleap.io',
  'https://app.gleap.io',
  'https://messenger-app.gleap.io',
  'https://outboundmedia.gleap.io',
]

export const gleapPreset = definePreset({
  name: 'gleap',
  title: 'Gleap',
  docs: 'https://docs.gleap.io/documentation/javascript/content-security-policy',
  checked: '2026-11-24',
  // Strict mode: the npm SDK is bundled and inserts the rest by script.
  strictDynamic: 'works',
  sdk: 'gleap',
  sdkStandIn: "the messenger app's page",
  notes:
    "Adds the hashes of the SDK's inline route script: it writes its iframes as about:blank documents, which inherit the page's policy. Both variants keep the vendor's style-src 'unsafe-inline', so cspkit's style hashes do not protect styles on pages with Gleap: the SDK's own <style> is built from the workspace's colours and layout, so its hash changes whenever those change in Gleap (tested in Chromium), and a nonce needs a server.",
  defaultVariant: 'wildcard',
  directives: {
    'script-src': ["'self'", 'https://*.gleap.io', ...ROUTE_SCRIPT_HASHES],
    'frame-src': ["'self'", 'https://*.gleap.io'],
    'style-src': ["'self'", "'unsafe-inline'", 'https://*.gleap.io'],
    'font-src': ["'self'", 'https://*.gleap.io', 'data:'],
    'connect-src': ["'self'", 'https://*.gleap.io', 'wss://ws.gleap.io', 'https://*.pusher.com', 'wss://*.pusher.com'],
    'media-src': ["'self'", 'https://*.gleap.io'],
    'img-src': ["'self'", 'https://*.gleap.io', 'data:', 'blob:'],
  },
  variants: {
    // Gleap's explicit allowlist for policies that forbid wildcards; Pusher pinned to the workspace's cluster.
    // Not stricter about styles: it keeps the vendor's style-src 'unsafe-inline' like the default.
    'explicit-hosts': {
      'script-src': ["'self'", ...GLEAP_HOSTS, ...ROUTE_SCRIPT_HASHES],
      'frame-src': ["'self'", ...GLEAP_HOSTS],
      'style-src': ["'self'", "'unsafe-inline'", ...GLEAP_HOSTS],
      'font-src': ["'self'", ...GLEAP_HOSTS, 'data:'],
      'connect-src': [
        "'self'",
        ...GLEAP_HOSTS,
        'wss://ws.gleap.io',
        'wss://ws-{pusherCluster}.pusher.com',
        'https://sockjs-{pusherCluster}.pusher.com',
      ],
      'media-src': ["'self'", ...GLEAP_HOSTS],
      'img-src': ["'self'", ...GLEAP_HOSTS, 'data:', 'blob:'],
    },
  },
  // 'strict' read as the opposite of what it is (the same 'unsafe-inline' styles, only no wildcards).
  renamedVariants: { strict: 'explicit-hosts' },
  options: {
    pusherCluster: {
      description: "Pusher cluster of the Gleap workspace (explicit-hosts variant): 'eu' for EU workspaces, 'mt1' for US ones",
      values: PUSHER_CLUSTERS,
      default: 'mt1',
    },
  },
})

/** `gleap()`, `gleap({ variant: 'explicit-hosts', pusherCluster: 'eu' })`. */
export const gleap = presetFactory(gleapPreset)
