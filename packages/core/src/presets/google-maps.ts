import { definePreset, presetFactory } from './define.js'

/**
 * Google Maps JavaScript API: the sources from https://developers.google.com/maps/documentation/javascript/content-security-policy
 * (checked 2026-11-25 against the stored copies of that page). Its sample policy is nonce-based;
 * this preset takes from it, source for source: img-src *.googleapis.com *.gstatic.com
 * *.google.com *.googleusercontent.com data:; frame-src *.google.com; connect-src *.googleapis.com
 * *.google.com *.gstatic.com data: blob:; font-src fonts.gstatic.com; style-src
 * fonts.googleapis.com; worker-src blob:; script-src 'unsafe-eval' blob:.
 *
 * What differs, and why: a static site has no per-response nonce. For scripts the page then points
 * to its allowlist alternative, the list of Google Maps domains (https://developers.google.com/maps/domains,
 * checked 2026-11-25: hosts under googleapis.com, gstatic.com, google.com, ggpht.com and
 * googleusercontent.com), so script-src has those five wildcards instead of the nonce and
 * 'strict-dynamic'. For the <style> elements the API inserts, 'unsafe-inline' replaces the style
 * nonce. Sites loading the API from a regional Google domain (maps.google.fr) must add that host.
 *
 * Proven with @googlemaps/js-api-loader 2.1 in Chromium (test/presets-sdks-4.test.ts): setOptions()
 * and importLibrary('maps') add the API script (https://maps.googleapis.com/maps/api/js, dist/index.js
 * bootstrap), zero violations. The API itself is Google's code, not on npm: the test serves a
 * stand-in that does what this list is for (a library script from maps.googleapis.com, an inserted
 * <style>, the Roboto stylesheet and font, tiles and icons from maps.googleapis.com and
 * maps.gstatic.com, a request to maps.googleapis.com, a blob: worker).
 */
export const googleMapsPreset = definePreset({
  name: 'google-maps',
  title: 'Google Maps JavaScript API',
  docs: 'https://developers.google.com/maps/documentation/javascript/content-security-policy',
  checked: '2026-11-25',
  // Strict mode: @googlemaps/js-api-loader inserts the API by script.
  strictDynamic: 'works',
  sdk: '@googlemaps/js-api-loader',
  sdkStandIn: 'the Maps JavaScript API',
  notes: "Google's sample is nonce-based; a static site has no per-response nonce, so the API's script hosts (its allowlist) replace 'strict-dynamic', and the <style> elements it inserts need 'unsafe-inline' instead of the style nonce. Proven with @googlemaps/js-api-loader (setOptions, importLibrary).",
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
