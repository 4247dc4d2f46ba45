import { definePreset, presetFactory } from './define.js'

/**
 * GoatCounter. GoatCounter has no CSP page (none in the stored copies, 2026-12-01): the hosts are
 * those of its site code (https://www.goatcounter.com/help/start): the script
 * https://gc.zgo.at/count.js counts to https://<code>.goatcounter.com/count, with an image request
 * or navigator.sendBeacon (img-src and connect-src). The option is the site code.
 */
export const goatcounterPreset = definePreset({
  name: 'goatcounter',
  title: 'GoatCounter',
  docs: 'https://www.goatcounter.com/help/start',
  checked: '2026-12-01',
  notes: 'No vendor CSP page; hosts from the site code. Option code: your <code>.goatcounter.com (a host label only).',
  directives: {
    'script-src': ['https://gc.zgo.at'],
    'img-src': ['https://{code}.goatcounter.com'],
    'connect-src': ['https://{code}.goatcounter.com'],
  },
  options: {
    code: { description: 'Your GoatCounter site code, the subdomain of <code>.goatcounter.com' },
  },
})

export const goatcounter = presetFactory(goatcounterPreset)
