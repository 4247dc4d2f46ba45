import { definePreset, presetFactory } from './define.js'

/**
 * Calendly embeds. NOT CONFIRMED against a vendor CSP page: none in the stored copies (searched
 * 2026-12-01). The hosts are those of Calendly's embed code (help article "Embed options
 * overview"): the widget script https://assets.calendly.com/assets/external/widget.js and its
 * stylesheet from the same folder, which frame the scheduling page from https://calendly.com.
 */
export const calendlyPreset = definePreset({
  name: 'calendly',
  title: 'Calendly embeds',
  docs: 'https://help.calendly.com/hc/en-us/articles/223147027-Embed-options-overview',
  checked: '2026-12-01',
  strictDynamic: {
    why: 'its documented tag loads widget.js with a <script src> from the vendor\'s host, which \'strict-dynamic\' ignores: without integrity the browser blocks it.',
    fix: 'Insert that script from a script cspkit hashes (an inline snippet that creates the <script> element, or the vendor\'s npm loader), pin it with integrity="…" if the vendor publishes a fixed hash, or leave strict mode off.',
  },
  notes: "No vendor CSP page in the stored copies; hosts from the embed code. Default: widget.js (inline, popup widget, popup text). 'iframe': a plain <iframe> of the scheduling page.",
  defaultVariant: 'widget',
  directives: {
    'script-src': ['https://assets.calendly.com'],
    'style-src': ['https://assets.calendly.com'],
    'frame-src': ['https://calendly.com'],
  },
  variants: {
    iframe: {
      'frame-src': ['https://calendly.com'],
    },
  },
})

export const calendly = presetFactory(calendlyPreset)
