import { definePreset, presetFactory } from './define.js'

/** Customer.io (JavaScript client): the sources from https://docs.customer.io/integrations/data-in/connections/javascript/content-security-policy/ (checked 2026-11-24). */
export const customerIoPreset = definePreset({
  name: 'customer-io',
  title: 'Customer.io (JavaScript client)',
  docs: 'https://docs.customer.io/integrations/data-in/connections/javascript/content-security-policy/',
  checked: '2026-11-24',
  notes: "'us' and 'eu' are Customer.io's two data centers.",
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
