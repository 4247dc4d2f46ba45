import { definePreset, presetFactory } from './define.js'

/**
 * Google reCAPTCHA: the sources from https://developers.google.com/recaptcha/docs/faq#im-using-content-security-policy-csp-on-my-website.-how-can-i-configure-it-to-work-with-recaptcha.
 * Searched again 2026-11-25. Confirmed in vendor text (https://cloud.google.com/recaptcha/docs/faq,
 * stored copy): the CSP answer recommends the CSP3 nonce approach, and www.recaptcha.net/recaptcha/
 * replaces www.google.com/recaptcha/ where www.google.com is not reachable (the 'recaptcha-net'
 * variant). NOT CONFIRMED: the host allowlist itself (script-src www.google.com/recaptcha/
 * www.gstatic.com/recaptcha/; frame-src www.google.com/recaptcha/ recaptcha.google.com/recaptcha/);
 * the stored copies of both FAQ pages end before it, so it is left as third parties quote it.
 * www.gstatic.com/recaptcha/ covers the /releases/ path the widget code loads from.
 */
export const recaptchaPreset = definePreset({
  name: 'recaptcha',
  title: 'Google reCAPTCHA',
  docs: 'https://developers.google.com/recaptcha/docs/faq#im-using-content-security-policy-csp-on-my-website.-how-can-i-configure-it-to-work-with-recaptcha',
  checked: '2026-11-24',
  strictDynamic: {
    why: 'its documented tag loads api.js with a <script src> from the vendor\'s host, which \'strict-dynamic\' ignores: without integrity the browser blocks it.',
    fix: 'Insert that script from a script cspkit hashes (an inline snippet that creates the <script> element, or the vendor\'s npm loader), pin it with integrity="…" if the vendor publishes a fixed hash, or leave strict mode off.',
  },
  notes: "'recaptcha-net' is for sites that load reCAPTCHA from www.recaptcha.net where www.google.com is not reachable (https://cloud.google.com/recaptcha/docs/faq). The host allowlist is not yet confirmed against Google's FAQ text (its CSP answer was cut off in the stored copies).",
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
