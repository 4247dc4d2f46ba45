import { definePreset, presetFactory } from './define.js'

/**
 * Mixpanel JavaScript SDK. Mixpanel has no CSP page: the hosts are the ones its JavaScript SDK docs
 * name (https://docs.mixpanel.com/docs/tracking-methods/sdks/javascript, checked 2026-11-24): the
 * snippet loads the library from cdn.mxpnl.com; events go to the api_host of the project's data
 * residency (api-js.mixpanel.com, api-eu.mixpanel.com, api-in.mixpanel.com).
 *
 * Proven with mixpanel-browser 2.83 in Chromium (test/presets-sdks-2.test.ts, 'npm' variant): a
 * tracked event POSTed to api-js.mixpanel.com/track/, zero violations. The npm module build bundles
 * everything (its extra-bundle loader is a no-op, so no cdn.mxpnl.com script), hence the 'npm'
 * variant without script-src; the default keeps cdn.mxpnl.com for the snippet install, which
 * loads the library from there.
 */
const API = ['https://{apiHost}']

export const mixpanelPreset = definePreset({
  name: 'mixpanel',
  title: 'Mixpanel',
  docs: 'https://docs.mixpanel.com/docs/tracking-methods/sdks/javascript',
  checked: '2026-11-24',
  // Strict mode: its snippet is inline (or the npm SDK is bundled) and inserts the rest by script.
  strictDynamic: 'works',
  sdk: 'mixpanel-browser',
  notes: "No vendor CSP page; hosts from the JavaScript SDK docs. Default: the snippet install (library from cdn.mxpnl.com). 'npm': mixpanel-browser bundled, which only sends events (connect-src).",
  defaultVariant: 'snippet',
  directives: {
    'script-src': ['https://cdn.mxpnl.com'],
    'connect-src': API,
  },
  variants: {
    npm: {
      'connect-src': API,
    },
  },
  options: {
    apiHost: {
      description: "Mixpanel ingestion host of the project's data residency",
      values: ['api-js.mixpanel.com', 'api-eu.mixpanel.com', 'api-in.mixpanel.com'],
      default: 'api-js.mixpanel.com',
    },
  },
})

export const mixpanel = presetFactory(mixpanelPreset)
