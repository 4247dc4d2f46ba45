import { definePreset, presetFactory } from './define.js'

/** Sentry (browser SDK): the sources from https://docs.sentry.io/platforms/javascript/install/loader/#content-security-policy (checked 2026-11-24). */
export const sentryPreset = definePreset({
  name: 'sentry',
  title: 'Sentry (browser SDK)',
  docs: 'https://docs.sentry.io/platforms/javascript/install/loader/#content-security-policy',
  checked: '2026-11-24',
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
