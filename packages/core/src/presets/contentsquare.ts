import { definePreset, presetFactory } from './define.js'

/**
 * Contentsquare tag: the sources from https://docs.contentsquare.com/en/web/content-security-policy
 * (checked 2026-11-25 against the stored copies of the vendor page, English and French: script-src
 * *.contentsquare.net app.contentsquare.com, child-src and worker-src blob:, img-src
 * *.contentsquare.net, connect-src *.contentsquare.net *.contentsquare.com, as here). Two of its
 * entries are left out on purpose: script-src 'unsafe-inline' (the inline tag snippet is hashed by
 * cspkit) and frame-src csxd.<your domain> (cross-domain tracking only, and per site).
 */
export const contentsquarePreset = definePreset({
  name: 'contentsquare',
  title: 'Contentsquare tag',
  docs: 'https://docs.contentsquare.com/en/web/content-security-policy',
  checked: '2026-11-25',
  notes: "Leaves out 'unsafe-inline' (cspkit hashes the inline tag snippet) and the cross-domain frame-src (csxd.<your domain>). Contentsquare's cross-domain tracking iframes use inline scripts: if you use it, add 'unsafe-inline' and that frame-src yourself.",
  directives: {
    'script-src': ['https://*.contentsquare.net', 'https://app.contentsquare.com'],
    'child-src': ['blob:'],
    'worker-src': ['blob:'],
    'img-src': ['https://*.contentsquare.net'],
    'connect-src': ['https://*.contentsquare.net', 'https://*.contentsquare.com'],
  },
})

export const contentsquare = presetFactory(contentsquarePreset)
