import { definePreset, presetFactory } from './define.js'

/**
 * Cloudflare Turnstile: the sources from https://developers.cloudflare.com/turnstile/reference/content-security-policy/
 * (checked 2026-11-25 against the stored copy of that page: script-src and frame-src
 * https://challenges.cloudflare.com, as this list has; the page prefers a nonce with
 * 'strict-dynamic', which a static site has no per-response value for; in pre-clearance mode
 * connect-src must include 'self').
 */
export const cloudflareTurnstilePreset = definePreset({
  name: 'cloudflare-turnstile',
  title: 'Cloudflare Turnstile',
  docs: 'https://developers.cloudflare.com/turnstile/reference/content-security-policy/',
  checked: '2026-11-25',
  strictDynamic: {
    why: 'its documented tag loads api.js with a <script src> from the vendor\'s host, which \'strict-dynamic\' ignores: without integrity the browser blocks it.',
    fix: 'Insert that script from a script cspkit hashes (an inline snippet that creates the <script> element, or the vendor\'s npm loader), pin it with integrity="…" if the vendor publishes a fixed hash, or leave strict mode off.',
  },
  notes: "Pre-clearance mode also fetches /cdn-cgi/ on your own origin: keep 'self' in connect-src (the default policy has it through default-src).",
  directives: {
    'script-src': ['https://challenges.cloudflare.com'],
    'frame-src': ['https://challenges.cloudflare.com'],
  },
})

export const cloudflareTurnstile = presetFactory(cloudflareTurnstilePreset)
