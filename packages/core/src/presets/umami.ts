import { definePreset, presetFactory } from './define.js'

/**
 * Umami Cloud. NOT CONFIRMED against a vendor CSP page: none in the stored copies (searched
 * 2026-12-01). The host is that of Umami Cloud's tracking code
 * (https://umami.is/docs/collect-data): `<script defer src="https://cloud.umami.is/script.js"
 * data-website-id="…">`, which sends events to /api/send on the host it was loaded from (or to
 * data-host-url). A self-hosted Umami needs its own origin instead.
 */
export const umamiPreset = definePreset({
  name: 'umami',
  title: 'Umami Cloud',
  docs: 'https://umami.is/docs/collect-data',
  checked: '2026-12-01',
  notes: 'No vendor CSP page in the stored copies; host from the tracking code. Self-hosted Umami or data-host-url: that origin instead.',
  directives: {
    'script-src': ['https://cloud.umami.is'],
    'connect-src': ['https://cloud.umami.is'],
  },
})

export const umami = presetFactory(umamiPreset)
