import { definePreset, presetFactory } from './define.js'

/**
 * Tally forms. NOT CONFIRMED against a vendor CSP page: none in the stored copies (searched
 * 2026-12-01). The host is that of Tally's embed docs (https://tally.so/help/embed-your-form): the
 * form is framed from https://tally.so/embed/<id>, and the popup/dynamic-height install loads
 * https://tally.so/widgets/embed.js.
 */
export const tallyPreset = definePreset({
  name: 'tally',
  title: 'Tally forms',
  docs: 'https://tally.so/help/embed-your-form',
  checked: '2026-12-01',
  strictDynamic: {
    why: 'its documented tag loads embed.js with a <script src> from the vendor\'s host, which \'strict-dynamic\' ignores: without integrity the browser blocks it.',
    fix: 'Insert that script from a script cspkit hashes (an inline snippet that creates the <script> element, or the vendor\'s npm loader), pin it with integrity="…" if the vendor publishes a fixed hash, or leave strict mode off.',
  },
  notes: "No vendor CSP page in the stored copies; host from the embed docs. Default: embed.js (popups, dynamic height) and the frame. 'iframe': the frame only.",
  defaultVariant: 'widget',
  directives: {
    'script-src': ['https://tally.so'],
    'frame-src': ['https://tally.so'],
  },
  variants: {
    iframe: {
      'frame-src': ['https://tally.so'],
    },
  },
})

export const tally = presetFactory(tallyPreset)
