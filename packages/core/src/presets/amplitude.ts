import { definePreset, presetFactory } from './define.js'

/**
 * Amplitude Browser SDK. Amplitude has no CSP page: the hosts are the ones its Browser SDK 2 docs
 * name (https://amplitude.com/docs/sdks/analytics/browser/browser-sdk-2, checked 2026-11-25): the
 * snippet loads the SDK from cdn.amplitude.com; events go to api2.amplitude.com, or
 * api.eu.amplitude.com with serverZone 'EU'.
 *
 * Read in the npm SDK (@amplitude/analytics-browser 2.48, its @amplitude/analytics-core 2.61) and
 * added here because the docs do not list them:
 * - remote configuration is fetched by default (config.js shouldFetchRemoteConfig: true unless
 *   fetchRemoteConfig is false) with fetch() from sr-client-cfg.amplitude.com/config/<api key>, or
 *   sr-client-cfg.eu.amplitude.com for EU (analytics-core remote-config/remote-config.js);
 * - SDK diagnostics are POSTed to diagnostics.prod.us-west-2.amplitude.com/v1/capture, or
 *   diagnostics.prod.eu-central-1.amplitude.com (analytics-core diagnostics/diagnostics-client.js),
 *   for clients the remote configuration samples in (configs.diagnostics.browserSDK.sampleRate),
 *   flushed every 5 minutes, so a default install sends them whenever Amplitude turns sampling on.
 *
 * Proven with @amplitude/analytics-browser 2.48 in Chromium (test/presets-sdks-3.test.ts, 'npm' and
 * 'npm-eu'): remote configuration fetched (sampling the client in for diagnostics), a tracked event
 * POSTed to /2/httpapi and, 5 minutes later on the page's fake clock, the diagnostics POSTed to
 * /v1/capture, zero violations. The npm package bundles the SDK, hence the 'npm' variants without
 * script-src; the snippet variants keep Amplitude's CDN, which the snippet loads the SDK from and
 * visual labeling (autocapture elementInteractions, when the page is opened from Amplitude) loads its
 * selector script from (cdn.amplitude.com, plugin-autocapture-browser constants.js).
 */
const US_API = ['https://api2.amplitude.com', 'https://sr-client-cfg.amplitude.com', 'https://diagnostics.prod.us-west-2.amplitude.com']
const EU_API = ['https://api.eu.amplitude.com', 'https://sr-client-cfg.eu.amplitude.com', 'https://diagnostics.prod.eu-central-1.amplitude.com']

export const amplitudePreset = definePreset({
  name: 'amplitude',
  title: 'Amplitude (Browser SDK)',
  docs: 'https://amplitude.com/docs/sdks/analytics/browser/browser-sdk-2',
  checked: '2026-11-25',
  // Strict mode: the npm SDK is bundled; the snippet is inline and inserts the SDK by script.
  strictDynamic: 'works',
  sdk: '@amplitude/analytics-browser',
  notes: "No vendor CSP page; hosts from the Browser SDK docs and the SDK's code (remote configuration and diagnostics hosts, used by default). Default 'us' and 'eu': the snippet install (SDK from Amplitude's CDN). 'npm' and 'npm-eu': @amplitude/analytics-browser bundled, which only connects. Session Replay and Experiment use further amplitude.com hosts this preset does not add.",
  defaultVariant: 'us',
  directives: {
    'script-src': ['https://cdn.amplitude.com'],
    'connect-src': US_API,
  },
  variants: {
    eu: {
      'script-src': ['https://cdn.eu.amplitude.com'],
      'connect-src': EU_API,
    },
    npm: {
      'connect-src': US_API,
    },
    'npm-eu': {
      'connect-src': EU_API,
    },
  },
})

export const amplitude = presetFactory(amplitudePreset)
