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
  notes: "Pre-clearance mode also fetches /cdn-cgi/ on your own origin: keep 'self' in connect-src (the default policy has it through default-src).",
  directives: {
    'script-src': ['https://challenges.cloudflare.com'],
    'frame-src': ['https://challenges.cloudflare.com'],
  },
})

export const cloudflareTurnstile = presetFactory(cloudflareTurnstilePreset)
