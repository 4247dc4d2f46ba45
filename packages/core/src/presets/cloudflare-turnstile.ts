import { definePreset, presetFactory } from './define.js'

/** Cloudflare Turnstile: the sources from https://developers.cloudflare.com/turnstile/reference/content-security-policy/ (checked 2026-11-24). */
export const cloudflareTurnstilePreset = definePreset({
  name: 'cloudflare-turnstile',
  title: 'Cloudflare Turnstile',
  docs: 'https://developers.cloudflare.com/turnstile/reference/content-security-policy/',
  checked: '2026-11-24',
  notes: "Pre-clearance mode also fetches /cdn-cgi/ on your own origin: keep 'self' in connect-src (the default policy has it through default-src).",
  directives: {
    'script-src': ['https://challenges.cloudflare.com'],
    'frame-src': ['https://challenges.cloudflare.com'],
  },
})

export const cloudflareTurnstile = presetFactory(cloudflareTurnstilePreset)
