import { definePreset, presetFactory } from './define.js'

/** PostHog: the sources from https://posthog.com/docs/advanced/content-security-policy (checked 2026-11-24). */
export const posthogPreset = definePreset({
  name: 'posthog',
  title: 'PostHog',
  docs: 'https://posthog.com/docs/advanced/content-security-policy',
  checked: '2026-11-24',
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
