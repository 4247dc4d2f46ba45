import { definePreset, presetFactory } from './define.js'

/**
 * Pirsch Analytics. Pirsch has no CSP page (none in the stored copies, 2026-12-01): the host is
 * that of its website-integration docs (https://docs.pirsch.io/get-started/frontend-integration,
 * checked against the stored copy: one snippet script, pa.js, sending page views and events) and of
 * its official SDK, `pirsch-sdk` 2.9, whose web client sends to https://api.pirsch.io by default
 * (GET /hit, sendBeacon /event). Custom domains (Pirsch's proxy setup) need their own host.
 *
 * Proven with pirsch-sdk/web in Chromium (test/presets-sdks-6b.test.ts, 'npm' variant): the
 * package's own code; the snippet install (default variant) is not SDK-proven.
 */
export const pirschPreset = definePreset({
  name: 'pirsch',
  title: 'Pirsch Analytics',
  docs: 'https://docs.pirsch.io/get-started/frontend-integration',
  checked: '2026-12-01',
  strictDynamic: {
    why: 'its documented tag loads pa.js with a <script src> from the vendor\'s host, which \'strict-dynamic\' ignores: without integrity the browser blocks it.',
    fix: 'Insert that script from a script cspkit hashes (an inline snippet that creates the <script> element, or the vendor\'s npm loader), pin it with integrity="…" if the vendor publishes a fixed hash, or leave strict mode off.',
  },
  sdk: 'pirsch-sdk',
  notes: "No vendor CSP page; host from the integration docs and pirsch-sdk. Default: the pa.js snippet from api.pirsch.io. 'npm': pirsch-sdk/web bundled (connect-src only).",
  defaultVariant: 'script',
  directives: {
    'script-src': ['https://api.pirsch.io'],
    'connect-src': ['https://api.pirsch.io'],
  },
  variants: {
    npm: {
      'connect-src': ['https://api.pirsch.io'],
    },
  },
})

export const pirsch = presetFactory(pirschPreset)
