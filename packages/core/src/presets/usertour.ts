import { definePreset, presetFactory } from './define.js'

/**
 * Usertour.js: the sources from https://docs.usertour.io/developers/csp (checked 2026-11-25
 * against the stored copy of the vendor page: connect-src, script-src, style-src, img-src and
 * media-src match it host for host, including wss://api.usertour.io).
 */
export const usertourPreset = definePreset({
  name: 'usertour',
  title: 'Usertour.js',
  docs: 'https://docs.usertour.io/developers/csp',
  checked: '2026-11-25',
  directives: {
    'connect-src': ['https://api.usertour.io', 'https://js.usertour.io', 'wss://api.usertour.io'],
    'script-src': ['https://js.usertour.io'],
    'style-src': ['https://js.usertour.io'],
    'img-src': ['https://js.usertour.io', 'https://assets.usertour.io'],
    'media-src': ['https://assets.usertour.io', 'https://js.usertour.io'],
  },
})

export const usertour = presetFactory(usertourPreset)
