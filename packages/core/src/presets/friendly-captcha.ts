import { definePreset, presetFactory } from './define.js'

/**
 * Friendly Captcha (v1 widget): the sources from https://developer.friendlycaptcha.com/docs/v1/guides/csp
 * (checked 2026-11-25 against the stored copy of the vendor page, "Source-based approach": widget
 * from your own bundle: script-src 'wasm-unsafe-eval' 'self', worker-src blob:, child-src blob:
 * (the default variant); widget from the CDN: script-src 'wasm-unsafe-eval'
 * https://cdn.jsdelivr.net/npm/ with the same worker-src and child-src (the 'cdn' variant)).
 *
 * Two sources more than the page, both read in friendly-challenge 0.9.20 (widget.module.js):
 * - connect-src https://api.friendlycaptcha.com: the widget fetches its puzzle from
 *   PUZZLE_ENDPOINT_URL (https://api.friendlycaptcha.com/api/v1/puzzle) by default (the page does not
 *   name it), and with cspkit's default policy connect-src falls back to default-src 'self'.
 * - style-src 'unsafe-inline': the widget injects its stylesheet as a <style> element (injectStyle),
 *   which the page's list leaves to its nonce-based approach (the `styleNonce` option); a static
 *   site has no per-response nonce. Without it Chromium blocks the style (style-src-elem) and the
 *   widget shows unstyled. Sites that set `skipStyleInjection` and ship the CSS themselves can drop it.
 *
 * The 'eu' and 'cdn-eu' variants are the same with the dedicated EU endpoint instead of the global
 * one: https://developer.friendlycaptcha.com/docs/v1/guides/eu-endpoint (checked 2026-11-25) has
 * the widget fetch from https://eu-api.friendlycaptcha.eu/api/v1/puzzle (`puzzleEndpoint`, or
 * data-puzzle-endpoint). A widget given both endpoints ("eu,global", tried in order by the widget's
 * getPuzzle) needs both variants: list the preset twice ('eu' and the default) and cspkit merges them.
 *
 * Proven with friendly-challenge 0.9.20 in Chromium (test/presets-sdks-4.test.ts, all four variants; for
 * the CDN variants the stub serves the npm package's own widget.module.min.js as the CDN file): the puzzle
 * request, four blob: workers compiling the WebAssembly solver ('wasm-unsafe-eval'; the widget
 * reports no "JS Fallback") and the solved puzzle in the form field, zero violations.
 */
export const friendlyCaptchaPreset = definePreset({
  name: 'friendly-captcha',
  title: 'Friendly Captcha (v1 widget)',
  docs: 'https://developer.friendlycaptcha.com/docs/v1/guides/csp',
  checked: '2026-11-25',
  // Strict mode: the npm widget is bundled.
  strictDynamic: 'works',
  sdk: 'friendly-challenge',
  notes: "Default: the widget bundled from npm ('self' serves it). 'cdn' adds jsDelivr. 'eu' and 'cdn-eu': the same with the dedicated EU puzzle endpoint instead of the global one. Beyond Friendly Captcha's list: connect-src has the widget's default puzzle endpoint, and style-src 'unsafe-inline' the <style> the widget injects (the vendor's alternative is a per-response style nonce).",
  defaultVariant: 'bundled',
  directives: {
    'script-src': ["'wasm-unsafe-eval'", "'self'"],
    'worker-src': ['blob:'],
    'child-src': ['blob:'],
    'connect-src': ['https://api.friendlycaptcha.com'],
    'style-src': ["'unsafe-inline'"],
  },
  variants: {
    'cdn': {
      'script-src': ["'wasm-unsafe-eval'", 'https://cdn.jsdelivr.net/npm/'],
      'worker-src': ['blob:'],
      'child-src': ['blob:'],
      'connect-src': ['https://api.friendlycaptcha.com'],
      'style-src': ["'unsafe-inline'"],
    },
    'eu': {
      'script-src': ["'wasm-unsafe-eval'", "'self'"],
      'worker-src': ['blob:'],
      'child-src': ['blob:'],
      'connect-src': ['https://eu-api.friendlycaptcha.eu'],
      'style-src': ["'unsafe-inline'"],
    },
    'cdn-eu': {
      'script-src': ["'wasm-unsafe-eval'", 'https://cdn.jsdelivr.net/npm/'],
      'worker-src': ['blob:'],
      'child-src': ['blob:'],
      'connect-src': ['https://eu-api.friendlycaptcha.eu'],
      'style-src': ["'unsafe-inline'"],
    },
  },
})

export const friendlyCaptcha = presetFactory(friendlyCaptchaPreset)
