import { definePreset, presetFactory } from './define.js'

/** Usertour.js: the sources from https://docs.usertour.io/developers/csp (checked 2026-11-24). */
export const usertourPreset = definePreset({
  name: 'usertour',
  title: 'Usertour.js',
  docs: 'https://docs.usertour.io/developers/csp',
  checked: '2026-11-24',
  directives: {
    'connect-src': ['https://api.usertour.io', 'https://js.usertour.io', 'wss://api.usertour.io'],
    'script-src': ['https://js.usertour.io'],
    'style-src': ['https://js.usertour.io'],
    'img-src': ['https://js.usertour.io', 'https://assets.usertour.io'],
    'media-src': ['https://assets.usertour.io', 'https://js.usertour.io'],
  },
})

export const usertour = presetFactory(usertourPreset)
