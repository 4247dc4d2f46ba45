import { definePreset, presetFactory } from './define.js'

/**
 * Customer.io (JavaScript client): the sources from https://docs.customer.io/integrations/data-in/connections/javascript/content-security-policy/
 * (checked 2026-11-25 against the stored copy of the vendor page: its "Standard directives" for the
 * US and EU data centers are exactly the two lists here). The legacy `_cio` snippet has its own,
 * different list (…/javascript/legacy-js/content-security-policy/) that this preset does not cover.
 */
export const customerIoPreset = definePreset({
  name: 'customer-io',
  title: 'Customer.io (JavaScript client)',
  docs: 'https://docs.customer.io/integrations/data-in/connections/javascript/content-security-policy/',
  checked: '2026-11-25',
  notes: "'us' and 'eu' are Customer.io's two data centers. Not for the legacy _cio snippet, which Customer.io documents separately.",
  defaultVariant: 'us',
  directives: {
    'script-src': ['https://cdp.customer.io'],
    'connect-src': ['https://cdp.customer.io', 'https://*.api.gist.build', 'https://*.cloud.gist.build'],
    'frame-src': ['https://renderer.gist.build', 'https://code.gist.build'],
    'style-src': ["'unsafe-inline'"],
  },
  variants: {
    'eu': {
      'script-src': ['https://cdp-eu.customer.io'],
      'connect-src': ['https://cdp-eu.customer.io', 'https://*.api.gist.build', 'https://*.cloud.gist.build'],
      'frame-src': ['https://renderer.gist.build', 'https://code.gist.build'],
      'style-src': ["'unsafe-inline'"],
    },
  },
})

export const customerIo = presetFactory(customerIoPreset)
