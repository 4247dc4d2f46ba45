import { definePreset, presetFactory } from './define.js'

/**
 * Square Web Payments SDK: the sources from https://developer.squareup.com/docs/web-payments/content-security-policy
 * (checked 2026-11-25, in part). The stored copy of the vendor page shows its sandbox policy as far
 * as script-src https://sandbox.web.squarecdn.com, frame-src https://sandbox.web.squarecdn.com and
 * connect-src https://sandbox.web.squarecdn.com (plus 'self'), which the 'sandbox' variant has; the
 * excerpt ends there. Not confirmed against vendor text this round: the rest of connect-src
 * (pci-connect.squareupsandbox.com / pci-connect.squareup.com, both seen only in Square's developer
 * forum) and the production list (the sandbox list with web.squarecdn.com, the production script
 * URL Square's forum gives).
 */
export const squarePreset = definePreset({
  name: 'square',
  title: 'Square Web Payments SDK',
  docs: 'https://developer.squareup.com/docs/web-payments/content-security-policy',
  checked: '2026-11-25',
  notes: "3-D Secure challenges frame the card issuer's own pages, which no fixed list covers. Square's page was confirmed only in part (sandbox script-src, frame-src, first connect-src host).",
  defaultVariant: 'production',
  directives: {
    'script-src': ['https://web.squarecdn.com'],
    'frame-src': ['https://web.squarecdn.com'],
    'connect-src': ['https://web.squarecdn.com', 'https://pci-connect.squareup.com'],
  },
  variants: {
    'sandbox': {
      'script-src': ['https://sandbox.web.squarecdn.com'],
      'frame-src': ['https://sandbox.web.squarecdn.com'],
      'connect-src': ['https://sandbox.web.squarecdn.com', 'https://pci-connect.squareupsandbox.com'],
    },
  },
})

export const square = presetFactory(squarePreset)
