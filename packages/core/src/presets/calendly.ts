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
