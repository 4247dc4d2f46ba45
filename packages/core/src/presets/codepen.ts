import { definePreset, presetFactory } from './define.js'

/**
 * CodePen embeds. CodePen has no CSP page (none in the stored copies, 2026-12-01): the hosts are
 * those of its embed docs (https://blog.codepen.io/documentation/embedded-pens/): the embed script
 * https://cpwebassets.codepen.io/assets/embed/ei.js turns `.codepen` elements into iframes of
 * https://codepen.io/<user>/embed/<pen>. What the pen runs is governed by CodePen's frame, not the page.
 */
export const codepenPreset = definePreset({
  name: 'codepen',
  title: 'CodePen embeds',
  docs: 'https://blog.codepen.io/documentation/embedded-pens/',
  checked: '2026-12-01',
  strictDynamic: {
    why: 'its documented tag loads ei.js with a <script src> from the vendor\'s host, which \'strict-dynamic\' ignores: without integrity the browser blocks it.',
    fix: 'Insert that script from a script cspkit hashes (an inline snippet that creates the <script> element, or the vendor\'s npm loader), pin it with integrity="…" if the vendor publishes a fixed hash, or leave strict mode off.',
  },
  notes: "No vendor CSP page; hosts from the embed docs. Default: the ei.js embed script and the frames. 'iframe': the iframe embed only.",
  defaultVariant: 'script',
  directives: {
    'script-src': ['https://cpwebassets.codepen.io'],
    'frame-src': ['https://codepen.io'],
  },
  variants: {
    iframe: {
      'frame-src': ['https://codepen.io'],
    },
  },
})

export const codepen = presetFactory(codepenPreset)
