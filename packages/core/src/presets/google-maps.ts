import { definePreset, presetFactory } from './define.js'

/** Google Maps JavaScript API: the sources from https://developers.google.com/maps/documentation/javascript/content-security-policy (checked 2026-11-24). */
export const googleMapsPreset = definePreset({
  name: 'google-maps',
  title: 'Google Maps JavaScript API',
  docs: 'https://developers.google.com/maps/documentation/javascript/content-security-policy',
  checked: '2026-11-24',
  notes: "Google's sample is nonce-based; a static site has no per-response nonce, so the API's script hosts (its allowlist) replace 'strict-dynamic', and the <style> elements it inserts need 'unsafe-inline' instead of the style nonce.",
  directives: {
    'script-src': ['https://*.googleapis.com', 'https://*.gstatic.com', 'https://*.google.com', 'https://*.ggpht.com', 'https://*.googleusercontent.com', "'unsafe-eval'", 'blob:'],
    'img-src': ['https://*.googleapis.com', 'https://*.gstatic.com', 'https://*.google.com', 'https://*.googleusercontent.com', 'data:'],
    'frame-src': ['https://*.google.com'],
    'connect-src': ['https://*.googleapis.com', 'https://*.google.com', 'https://*.gstatic.com', 'data:', 'blob:'],
    'font-src': ['https://fonts.gstatic.com'],
    'style-src': ["'unsafe-inline'", 'https://fonts.googleapis.com'],
    'worker-src': ['blob:'],
  },
})

export const googleMaps = presetFactory(googleMapsPreset)
