import { definePreset, presetFactory } from './define.js'

/**
 * Plausible Analytics. Plausible has no CSP page: the hosts are the ones its install and proxy docs
 * name (https://plausible.io/docs/proxy/guides/fresh, checked 2026-11-24): the per-site script at
 * https://plausible.io/js/pa-XXXXX.js and events POSTed to https://plausible.io/api/event.
 */
export const plausiblePreset = definePreset({
  name: 'plausible',
  title: 'Plausible Analytics',
  docs: 'https://plausible.io/docs/proxy/guides/fresh',
  checked: '2026-11-24',
  notes: "No vendor CSP page; hosts from Plausible's script-install and proxy docs. Proxied through your own origin, 'self' covers it and this preset is not needed. The snippet's inline init script is hashed by cspkit.",
  directives: {
    'script-src': ['https://plausible.io'],
    'connect-src': ['https://plausible.io'],
  },
})

export const plausible = presetFactory(plausiblePreset)
