import { definePreset, presetFactory } from './define.js'

/**
 * Sentry (browser SDK): the sources from https://docs.sentry.io/platforms/javascript/install/loader/#content-security-policy
 * (checked 2026-11-24). The stored copy of that page seen on 2026-11-24 did not show its CSP section;
 * the loader hosts are the ones the page's install snippet (js.sentry-cdn.com) and the loader itself
 * (browser.sentry-cdn.com) use, and Sentry's security-reporting page
 * (https://docs.sentry.io/product/security-policy-reporting/) says sentry.io must be in connect-src.
 * Proven with @sentry/browser in Chromium (test/presets-sdks.test.ts): an error reported to
 * o0.ingest.sentry.io, zero violations.
 */
export const sentryPreset = definePreset({
  name: 'sentry',
  title: 'Sentry (browser SDK)',
  docs: 'https://docs.sentry.io/platforms/javascript/install/loader/#content-security-policy',
  checked: '2026-11-24',
  // Strict mode: the npm SDK is bundled.
  strictDynamic: 'works',
  sdk: '@sentry/browser',
  notes: "Default: the SDK bundled from npm only sends events (connect-src). 'loader' adds the CDN the Loader Script pulls the SDK from.",
  defaultVariant: 'npm',
  directives: {
    'connect-src': ['https://*.sentry.io'],
  },
  variants: {
    'loader': {
      'script-src': ['https://browser.sentry-cdn.com', 'https://js.sentry-cdn.com'],
      'connect-src': ['https://*.sentry.io'],
    },
  },
})

export const sentry = presetFactory(sentryPreset)
