import { definePreset, presetFactory } from './define.js'

/** Friendly Captcha (v1 widget): the sources from https://developer.friendlycaptcha.com/docs/v1/guides/csp (checked 2026-11-24). */
export const friendlyCaptchaPreset = definePreset({
  name: 'friendly-captcha',
  title: 'Friendly Captcha (v1 widget)',
  docs: 'https://developer.friendlycaptcha.com/docs/v1/guides/csp',
  checked: '2026-11-24',
  notes: "Default: the widget bundled from npm ('self' serves it). 'cdn' adds jsDelivr. connect-src has the widget's default puzzle endpoint, which Friendly Captcha's list does not name.",
  defaultVariant: 'bundled',
  directives: {
    'script-src': ["'wasm-unsafe-eval'"],
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
