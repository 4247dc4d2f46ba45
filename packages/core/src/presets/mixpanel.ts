import { definePreset, presetFactory } from './define.js'

/**
 * Mixpanel JavaScript SDK. Mixpanel has no CSP page: the hosts are the ones its JavaScript SDK docs
 * name (https://docs.mixpanel.com/docs/tracking-methods/sdks/javascript, checked 2026-11-24): the
 * snippet loads the library from cdn.mxpnl.com; events go to the api_host of the project's data
 * residency (api-js.mixpanel.com, api-eu.mixpanel.com, api-in.mixpanel.com).
 */
export const mixpanelPreset = definePreset({
  name: 'mixpanel',
  title: 'Mixpanel',
  docs: 'https://docs.mixpanel.com/docs/tracking-methods/sdks/javascript',
  checked: '2026-11-24',
  notes: "No vendor CSP page; hosts from the JavaScript SDK docs. The npm package (mixpanel-browser) is bundled: only connect-src is needed, but script-src keeps the snippet install working.",
  directives: {
    'script-src': ['https://cdn.mxpnl.com'],
    'connect-src': ['https://{apiHost}'],
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
