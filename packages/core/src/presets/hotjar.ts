import { definePreset, presetFactory } from './define.js'

/** Hotjar: the sources from https://help.hotjar.com/hc/en-us/articles/115011640307-Content-Security-Policies (checked 2026-11-24). */
export const hotjarPreset = definePreset({
  name: 'hotjar',
  title: 'Hotjar',
  docs: 'https://help.hotjar.com/hc/en-us/articles/115011640307-Content-Security-Policies',
  checked: '2026-11-24',
  notes: 'The tracking-code snippet is inline: cspkit hashes it.',
  directives: {
    'script-src': ['https://*.hotjar.com'],
    'connect-src': ['https://*.hotjar.com', 'https://*.hotjar.io', 'wss://*.hotjar.com'],
    'img-src': ['https://*.hotjar.com'],
    'font-src': ['https://*.hotjar.com'],
    'style-src': ['https://*.hotjar.com', "'unsafe-inline'"],
    'frame-src': ['https://*.hotjar.com'],
  },
})

export const hotjar = presetFactory(hotjarPreset)
