import { definePreset, presetFactory } from './define.js'

/**
 * Hotjar: the sources from https://help.hotjar.com/hc/en-us/articles/115011640307-Content-Security-Policies
 * (checked 2026-11-24). The vendor page itself was not in the stored copies seen on 2026-11-24; the
 * list agrees with third-party summaries of it (*.hotjar.com, *.hotjar.io, wss://*.hotjar.com) but is
 * not confirmed against vendor text. Not proven in a browser (no npm SDK).
 */
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
