import { definePreset, presetFactory } from './define.js'

/**
 * hCaptcha: the sources from https://docs.hcaptcha.com/#content-security-policy-settings (checked
 * 2026-11-25 against the stored copy of the vendor page: https://hcaptcha.com and
 * https://*.hcaptcha.com in script-src, frame-src, style-src and connect-src, exactly this list;
 * hCaptcha asks not to pin asset subdomains such as newassets.hcaptcha.com).
 */
export const hcaptchaPreset = definePreset({
  name: 'hcaptcha',
  title: 'hCaptcha',
  docs: 'https://docs.hcaptcha.com/#content-security-policy-settings',
  checked: '2026-11-25',
  directives: {
    'script-src': ['https://hcaptcha.com', 'https://*.hcaptcha.com'],
    'frame-src': ['https://hcaptcha.com', 'https://*.hcaptcha.com'],
    'style-src': ['https://hcaptcha.com', 'https://*.hcaptcha.com'],
    'connect-src': ['https://hcaptcha.com', 'https://*.hcaptcha.com'],
  },
})

export const hcaptcha = presetFactory(hcaptchaPreset)
