import { definePreset, presetFactory } from './define.js'

/**
 * Plausible Analytics. Plausible has no CSP page: the hosts are the ones its install and proxy docs
 * name (https://plausible.io/docs/proxy/guides/fresh, checked 2026-11-24): the per-site script at
 * https://plausible.io/js/pa-XXXXX.js and events POSTed to https://plausible.io/api/event.
 *
 * Proven with plausible-tracker 0.3 in Chromium (test/presets-sdks-2.test.ts, 'npm' variant): a
 * custom event POSTed to plausible.io/api/event, zero violations. The npm tracker is bundled and
 * loads no script, hence the 'npm' variant without script-src. (It ignores localhost and 127.x
 * unless trackLocalhost is set.)
 */
export const plausiblePreset = definePreset({
  name: 'plausible',
  title: 'Plausible Analytics',
  docs: 'https://plausible.io/docs/proxy/guides/fresh',
  checked: '2026-11-24',
  strictDynamic: {
    why: 'its documented tag loads script.js with a <script src> from the vendor\'s host, which \'strict-dynamic\' ignores: without integrity the browser blocks it.',
    fix: 'Insert that script from a script cspkit hashes (an inline snippet that creates the <script> element, or the vendor\'s npm loader), pin it with integrity="…" if the vendor publishes a fixed hash, or leave strict mode off.',
  },
  sdk: 'plausible-tracker',
  notes: "No vendor CSP page; hosts from Plausible's script-install and proxy docs. Default: the script install (its inline init script is hashed by cspkit). 'npm': the plausible-tracker package bundled, which only sends events. Proxied through your own origin, 'self' covers it and this preset is not needed.",
  defaultVariant: 'script',
  directives: {
    'script-src': ['https://plausible.io'],
    'connect-src': ['https://plausible.io'],
  },
  variants: {
    npm: {
      'connect-src': ['https://plausible.io'],
    },
  },
})

export const plausible = presetFactory(plausiblePreset)
