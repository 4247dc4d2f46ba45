import { definePreset, presetFactory } from './define.js'

/**
 * EthicalAds. NOT CONFIRMED against a vendor CSP page: none in the stored copies (searched
 * 2026-12-01). The hosts are those of EthicalAds' client docs
 * (https://ethical-ad-client.readthedocs.io/): the client https://media.ethicalads.io/media/client/ethicalads.min.js
 * asks https://server.ethicalads.io for the ad decision (a JSONP script) and shows the ad's image
 * from media.ethicalads.io; clicks and impressions go through server.ethicalads.io.
 */
export const ethicaladsPreset = definePreset({
  name: 'ethicalads',
  title: 'EthicalAds',
  docs: 'https://ethical-ad-client.readthedocs.io/',
  checked: '2026-12-01',
  strictDynamic: {
    why: 'its documented tag loads ethicalads.min.js with a <script src> from the vendor\'s host, which \'strict-dynamic\' ignores: without integrity the browser blocks it.',
    fix: 'Insert that script from a script cspkit hashes (an inline snippet that creates the <script> element, or the vendor\'s npm loader), pin it with integrity="…" if the vendor publishes a fixed hash, or leave strict mode off.',
  },
  notes: 'No vendor CSP page in the stored copies; hosts from the client docs.',
  directives: {
    'script-src': ['https://media.ethicalads.io', 'https://server.ethicalads.io'],
    'connect-src': ['https://server.ethicalads.io'],
    'img-src': ['https://media.ethicalads.io', 'https://server.ethicalads.io'],
  },
})

export const ethicalads = presetFactory(ethicaladsPreset)
