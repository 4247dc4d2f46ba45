import { definePreset, presetFactory } from './define.js'

/**
 * Google reCAPTCHA: the sources from https://developers.google.com/recaptcha/docs/faq#im-using-content-security-policy-csp-on-my-website.-how-can-i-configure-it-to-work-with-recaptcha
 * (checked 2026-11-24). Google's FAQ (also https://cloud.google.com/recaptcha/docs/faq) recommends a
 * nonce with 'strict-dynamic'; the host allowlist below is the one quoted from that FAQ by third
 * parties, not seen in vendor text this round. www.gstatic.com/recaptcha/ covers the /releases/ path
 * the widget code loads from.
 */
export const recaptchaPreset = definePreset({
  name: 'recaptcha',
  title: 'Google reCAPTCHA',
  docs: 'https://developers.google.com/recaptcha/docs/faq#im-using-content-security-policy-csp-on-my-website.-how-can-i-configure-it-to-work-with-recaptcha',
  checked: '2026-11-24',
  notes: "'recaptcha-net' is for sites that load reCAPTCHA from www.recaptcha.net where www.google.com is not reachable (https://cloud.google.com/recaptcha/docs/faq).",
  defaultVariant: 'google-com',
  directives: {
    'script-src': ['https://www.google.com/recaptcha/', 'https://www.gstatic.com/recaptcha/'],
    'frame-src': ['https://www.google.com/recaptcha/', 'https://recaptcha.google.com/recaptcha/'],
  },
  variants: {
    'recaptcha-net': {
      'script-src': ['https://www.recaptcha.net/recaptcha/', 'https://www.gstatic.com/recaptcha/'],
      'frame-src': ['https://www.recaptcha.net/recaptcha/'],
    },
  },
})

export const recaptcha = presetFactory(recaptchaPreset)
