import { definePreset, presetFactory } from './define.js'

/**
 * Friendly Captcha (v1 widget): the sources from https://developer.friendlycaptcha.com/docs/v1/guides/csp
 * (checked 2026-11-25 against the stored copy of the vendor page, "Source-based approach": widget
 * from your own bundle: script-src 'wasm-unsafe-eval' 'self', worker-src blob:, child-src blob:
 * (the default variant); widget from the CDN: script-src 'wasm-unsafe-eval'
 * https://cdn.jsdelivr.net/npm/ with the same worker-src and child-src (the 'cdn' variant)).
 *
 * One source more than the page: connect-src https://api.friendlycaptcha.com. The v1 widget fetches
 * its puzzle from that endpoint by default (the page does not name it), and with cspkit's default
 * policy connect-src falls back to default-src 'self', which would block that request.
 */
export const friendlyCaptchaPreset = definePreset({
  name: 'friendly-captcha',
  title: 'Friendly Captcha (v1 widget)',
  docs: 'https://developer.friendlycaptcha.com/docs/v1/guides/csp',
  checked: '2026-11-25',
  notes: "Default: the widget bundled from npm ('self' serves it). 'cdn' adds jsDelivr. connect-src has the widget's default puzzle endpoint, which Friendly Captcha's list does not name.",
  defaultVariant: 'bundled',
  directives: {
    'script-src': ["'wasm-unsafe-eval'", "'self'"],
    'worker-src': ['blob:'],
    'child-src': ['blob:'],
    'connect-src': ['https://api.friendlycaptcha.com'],
  },
  variants: {
    'cdn': {
      'script-src': ["'wasm-unsafe-eval'", 'https://cdn.jsdelivr.net/npm/'],
      'worker-src': ['blob:'],
      'child-src': ['blob:'],
      'connect-src': ['https://api.friendlycaptcha.com'],
    },
  },
})

export const friendlyCaptcha = presetFactory(friendlyCaptchaPreset)
