import { definePreset, presetFactory } from './define.js'

/**
 * Matomo Cloud. NOT CONFIRMED against a vendor CSP page: Matomo's CSP FAQ was not in the stored
 * copies (searched 2026-12-01; only self-hosted and third-party guides came up). The hosts are those
 * of the Matomo Cloud tracking code (https://matomo.org/faq/general/faq_15/): the tracker
 * https://cdn.matomo.cloud/<instance>.matomo.cloud/matomo.js sends hits to
 * https://<instance>.matomo.cloud/matomo.php (XHR/beacon, or an image). Self-hosted Matomo: use
 * your Matomo origin instead.
 */
export const matomoCloudPreset = definePreset({
  name: 'matomo-cloud',
  title: 'Matomo Cloud',
  docs: 'https://matomo.org/faq/general/faq_15/',
  checked: '2026-12-01',
  notes: 'No vendor CSP page in the stored copies; hosts from the tracking code. Option instance: the subdomain of <instance>.matomo.cloud (a host label only).',
  directives: {
    'script-src': ['https://cdn.matomo.cloud'],
    'connect-src': ['https://{instance}.matomo.cloud'],
    'img-src': ['https://{instance}.matomo.cloud'],
  },
  options: {
    instance: { description: 'Your Matomo Cloud instance, the subdomain of <instance>.matomo.cloud' },
  },
})

export const matomoCloud = presetFactory(matomoCloudPreset)
