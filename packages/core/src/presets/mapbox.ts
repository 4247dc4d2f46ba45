import { definePreset, presetFactory } from './define.js'

/** Mapbox GL JS: the sources from https://docs.mapbox.com/mapbox-gl-js/guides/browsers-and-testing/#csp-directives (checked 2026-11-24). */
export const mapboxPreset = definePreset({
  name: 'mapbox',
  title: 'Mapbox GL JS',
  docs: 'https://docs.mapbox.com/mapbox-gl-js/guides/browsers-and-testing/#csp-directives',
  checked: '2026-11-24',
  // Strict mode: mapbox-gl is bundled.
  strictDynamic: 'works',
  sdk: 'mapbox-gl',
  notes: "'3d' adds 'wasm-unsafe-eval' for the Standard style and 3D models. Proven with mapbox-gl 3 in Chromium (blob: worker, style from api.mapbox.com, map rendered) with a background-only style: tiles, sprites and glyphs were not exercised.",
  defaultVariant: 'standard',
  directives: {
    'worker-src': ['blob:'],
    'child-src': ['blob:'],
    'img-src': ['data:', 'blob:'],
    'connect-src': ['https://*.tiles.mapbox.com', 'https://api.mapbox.com', 'https://events.mapbox.com'],
    'style-src': ["'unsafe-inline'"],
  },
  variants: {
    '3d': {
      'worker-src': ['blob:'],
      'child-src': ['blob:'],
      'img-src': ['data:', 'blob:'],
      'connect-src': ['https://*.tiles.mapbox.com', 'https://api.mapbox.com', 'https://events.mapbox.com'],
      'style-src': ["'unsafe-inline'"],
      'script-src': ["'wasm-unsafe-eval'"],
    },
  },
})

export const mapbox = presetFactory(mapboxPreset)
