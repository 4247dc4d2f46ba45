import { definePreset, presetFactory } from './define.js'

/**
 * PostHog: the sources from https://posthog.com/docs/advanced/content-security-policy (checked
 * 2026-11-24 against the vendor page: script-src and connect-src *.posthog.com; the regional hosts are
 * the page's table: us/eu.i.posthog.com for ingestion, us/eu-assets.i.posthog.com for SDK assets).
 * Proven with posthog-js in Chromium (test/presets-sdks.test.ts): remote config, flags and a captured
 * event, zero violations.
 */
export const posthogPreset = definePreset({
  name: 'posthog',
  title: 'PostHog',
  docs: 'https://posthog.com/docs/advanced/content-security-policy',
  checked: '2026-11-24',
  // Strict mode: its snippet is inline (or the npm SDK is bundled) and inserts the rest by script.
  strictDynamic: 'works',
  sdk: 'posthog-js',
  notes: "PostHog recommends *.posthog.com because its hosts change; 'regional' pins the ingestion and asset hosts of one cloud region.",
  defaultVariant: 'wildcard',
  directives: {
    'script-src': ['https://*.posthog.com'],
    'connect-src': ['https://*.posthog.com'],
  },
  variants: {
    'regional': {
      'script-src': ['https://{region}-assets.i.posthog.com'],
      'connect-src': ['https://{region}.i.posthog.com', 'https://{region}-assets.i.posthog.com'],
    },
  },
  options: {
    region: { description: 'PostHog Cloud region of the project (regional variant)', values: ['us', 'eu'], default: 'us' },
  },
})

export const posthog = presetFactory(posthogPreset)
