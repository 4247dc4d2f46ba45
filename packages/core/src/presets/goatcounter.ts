import { definePreset, presetFactory } from './define.js'

/**
 * GoatCounter. From GoatCounter's own docs (https://www.goatcounter.com/help/pixel, checked
 * 2026-12-01 against the stored copy): under a CSP the count endpoint needs
 * img-src https://<code>.goatcounter.com/count, and the integration code loads the script from
 * //gc.zgo.at/count.js (script-src https://gc.zgo.at). The endpoint is kept with its path, as
 * GoatCounter gives it. connect-src gets the same endpoint for count.js sending with
 * navigator.sendBeacon where the browser has it (not in GoatCounter's CSP line; the script's behaviour).
 */
export const goatcounterPreset = definePreset({
  name: 'goatcounter',
  title: 'GoatCounter',
  docs: 'https://www.goatcounter.com/help/pixel',
  checked: '2026-12-01',
  strictDynamic: {
    why: 'its documented tag loads count.js with a <script src> from the vendor\'s host, which \'strict-dynamic\' ignores: without integrity the browser blocks it.',
    fix: 'Insert that script from a script cspkit hashes (an inline snippet that creates the <script> element, or the vendor\'s npm loader), pin it with integrity="…" if the vendor publishes a fixed hash, or leave strict mode off.',
  },
  notes: "img-src as GoatCounter's docs give it (the /count endpoint only); script from gc.zgo.at; connect-src for count.js's sendBeacon. Option code: your <code>.goatcounter.com (a host label only). A custom domain needs its own host.",
  directives: {
    'script-src': ['https://gc.zgo.at'],
    'img-src': ['https://{code}.goatcounter.com/count'],
    'connect-src': ['https://{code}.goatcounter.com/count'],
  },
  options: {
    code: { form: 'dns-label', description: 'Your GoatCounter site code, the subdomain of <code>.goatcounter.com' },
  },
})

export const goatcounter = presetFactory(goatcounterPreset)
