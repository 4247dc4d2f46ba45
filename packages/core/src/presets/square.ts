import { definePreset, presetFactory } from './define.js'

/** Square Web Payments SDK: the sources from https://developer.squareup.com/docs/web-payments/content-security-policy (checked 2026-11-24). */
export const squarePreset = definePreset({
  name: 'square',
  title: 'Square Web Payments SDK',
  docs: 'https://developer.squareup.com/docs/web-payments/content-security-policy',
  checked: '2026-11-24',
  notes: "3-D Secure challenges frame the card issuer's own pages, which no fixed list covers.",
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
