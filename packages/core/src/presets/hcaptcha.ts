import { definePreset, presetFactory } from './define.js'

/** hCaptcha: the sources from https://docs.hcaptcha.com/#content-security-policy-settings (checked 2026-11-24). */
export const hcaptchaPreset = definePreset({
  name: 'hcaptcha',
  title: 'hCaptcha',
  docs: 'https://docs.hcaptcha.com/#content-security-policy-settings',
  checked: '2026-11-24',
  directives: {
    'script-src': ['https://hcaptcha.com', 'https://*.hcaptcha.com'],
    'frame-src': ['https://hcaptcha.com', 'https://*.hcaptcha.com'],
    'style-src': ['https://hcaptcha.com', 'https://*.hcaptcha.com'],
    'connect-src': ['https://hcaptcha.com', 'https://*.hcaptcha.com'],
  },
})

export const hcaptcha = presetFactory(hcaptchaPreset)
