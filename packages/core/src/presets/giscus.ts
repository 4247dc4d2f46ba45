import { definePreset, presetFactory } from './define.js'

/**
 * giscus comments. giscus has no CSP page: its README and ADVANCED-USAGE.md
 * (https://github.com/giscus/giscus/blob/main/ADVANCED-USAGE.md, checked 2026-12-01) load
 * everything from https://giscus.app: the client script (giscus.app/client.js) inserts an iframe of
 * giscus.app/<lang>/widget. giscus itself sends `frame-ancestors` for the origins its giscus.json
 * allows, so the page's origin must be listed there too (that is giscus's setting, not this policy).
 *
 * Proven with the `giscus` web component (npm `giscus` 1.6) in Chromium (test/presets-sdks-6.test.ts,
 * 'component' variant): the component's own code; the widget page is giscus's and a stand-in.
 * The default 'script' variant (giscus.app/client.js) is not SDK-proven; it follows giscus's
 * client.ts source (github.com/giscus/giscus, read 2026-12-01): it frames <origin>/<lang>/widget,
 * prepends a <link rel="stylesheet"> to <origin>/default.css (style-src), and sizes the frame
 * through the CSSOM (element.style, which CSP does not govern).
 */
export const giscusPreset = definePreset({
  name: 'giscus',
  title: 'giscus',
  docs: 'https://github.com/giscus/giscus/blob/main/ADVANCED-USAGE.md',
  checked: '2026-12-01',
  strictDynamic: {
    why: 'its documented tag loads client.js with a <script src> from the vendor\'s host, which \'strict-dynamic\' ignores: without integrity the browser blocks it.',
    fix: 'Insert that script from a script cspkit hashes (an inline snippet that creates the <script> element, or the vendor\'s npm loader), pin it with integrity="…" if the vendor publishes a fixed hash, or leave strict mode off.',
  },
  sdk: 'giscus',
  sdkStandIn: 'the widget page',
  notes: "No vendor CSP page; hosts from giscus's docs. Default: the <script src=\"https://giscus.app/client.js\"> install. 'component': the giscus web component from npm, bundled (only the frame).",
  defaultVariant: 'script',
  directives: {
    'script-src': ['https://giscus.app'],
    'style-src': ['https://giscus.app'],
    'frame-src': ['https://giscus.app'],
  },
  variants: {
    component: {
      'frame-src': ['https://giscus.app'],
    },
  },
})

export const giscus = presetFactory(giscusPreset)
