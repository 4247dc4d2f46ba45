import { definePreset, presetFactory } from './define.js'

/**
 * hCaptcha: the sources from https://docs.hcaptcha.com/#content-security-policy-settings (checked
 * 2026-11-25 against the stored copy of the vendor page: https://hcaptcha.com and
 * https://*.hcaptcha.com in script-src, frame-src, style-src and connect-src, exactly this list;
 * hCaptcha asks not to pin asset subdomains such as newassets.hcaptcha.com).
 *
 * Read in @hcaptcha/loader 2.4 (dist/index.mjs): it adds https://js.hcaptcha.com/1/api.js (or
 * /1/secure-api.js, or the `apihost` given) with crossorigin=anonymous, and reports its own load
 * failures to sentry.hcaptcha.com; both are under *.hcaptcha.com here.
 *
 * Proven with @hcaptcha/loader 2.4 in Chromium (test/presets-sdks-4.test.ts): hCaptchaLoader(),
 * render() and execute({ async: true }) return the token, zero violations. api.js and the checkbox
 * frame are hCaptcha's code, not on npm: the test serves stand-ins that use the hosts this list is
 * for (the script from js.hcaptcha.com, a stylesheet and the frame from newassets.hcaptcha.com, the
 * site configuration from api.hcaptcha.com).
 */
export const hcaptchaPreset = definePreset({
  name: 'hcaptcha',
  title: 'hCaptcha',
  docs: 'https://docs.hcaptcha.com/#content-security-policy-settings',
  checked: '2026-11-25',
  strictDynamic: {
    why: 'its documented tag loads api.js with a <script src> from the vendor\'s host, which \'strict-dynamic\' ignores: without integrity the browser blocks it.',
    fix: 'Insert that script from a script cspkit hashes (an inline snippet that creates the <script> element, or the vendor\'s npm loader), pin it with integrity="…" if the vendor publishes a fixed hash, or leave strict mode off.',
  },
  sdk: '@hcaptcha/loader',
  sdkStandIn: 'api.js and the checkbox frame',
  notes: 'Proven with @hcaptcha/loader (hCaptchaLoader, render, execute).',
  directives: {
    'script-src': ['https://hcaptcha.com', 'https://*.hcaptcha.com'],
    'frame-src': ['https://hcaptcha.com', 'https://*.hcaptcha.com'],
    'style-src': ['https://hcaptcha.com', 'https://*.hcaptcha.com'],
    'connect-src': ['https://hcaptcha.com', 'https://*.hcaptcha.com'],
  },
})

export const hcaptcha = presetFactory(hcaptchaPreset)
