import { definePreset, presetFactory } from './define.js'

/**
 * Umami. Umami has no CSP page (none in the stored copies, 2026-12-01): the hosts follow its
 * tracker docs (https://umami.is/docs/tracker-configuration, checked 2026-12-01 against the stored
 * copy): the tracker sends its data to the host the script was loaded from, unless data-host-url
 * names another. Umami Cloud's tracking code loads https://cloud.umami.is/script.js, so the default
 * variant allows that host for the script and the events (script-src, connect-src).
 *
 * 'self-hosted': your Umami instance's host (option host) for both; with data-host-url pointing
 * elsewhere, list that host in connect-src yourself.
 */
export const umamiPreset = definePreset({
  name: 'umami',
  title: 'Umami',
  docs: 'https://umami.is/docs/tracker-configuration',
  checked: '2026-12-01',
  strictDynamic: {
    why: 'its documented tag loads script.js with a <script src> from the vendor\'s host, which \'strict-dynamic\' ignores: without integrity the browser blocks it.',
    fix: 'Insert that script from a script cspkit hashes (an inline snippet that creates the <script> element, or the vendor\'s npm loader), pin it with integrity="…" if the vendor publishes a fixed hash, or leave strict mode off.',
  },
  notes: "No vendor CSP page; hosts from the tracker docs (data goes to the script's own host). Default: Umami Cloud. 'self-hosted': option host, your instance's host name.",
  defaultVariant: 'cloud',
  directives: {
    'script-src': ['https://cloud.umami.is'],
    'connect-src': ['https://cloud.umami.is'],
  },
  variants: {
    'self-hosted': {
      'script-src': ['https://{host}'],
      'connect-src': ['https://{host}'],
    },
  },
  options: {
    host: { form: 'domain', description: "Your Umami instance's host name, e.g. 'analytics.example.com' (self-hosted variant)" },
  },
})

export const umami = presetFactory(umamiPreset)
