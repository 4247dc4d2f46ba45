import { definePreset, presetFactory } from './define.js'

/**
 * Contentsquare tag: the sources from https://docs.contentsquare.com/en/web/content-security-policy
 * (checked 2026-11-25 against the stored copies of the vendor page, English and French: script-src
 * *.contentsquare.net app.contentsquare.com, child-src and worker-src blob:, img-src
 * *.contentsquare.net, connect-src *.contentsquare.net *.contentsquare.com, as here). Two of its
 * entries are left out on purpose: script-src 'unsafe-inline' (the inline tag snippet is hashed by
 * cspkit) and frame-src csxd.<your domain> (cross-domain tracking only, and per site).
 *
 * Tested with @contentsquare/tag-sdk in Chromium (test/presets-sdks-5.test.ts). That package is a
 * loader (dist/esm/injectContentsquareScript.js): with a client ID it appends
 * https://t.contentsquare.net/uxa/<clientId>.js (crossorigin anonymous), and needs no inline script,
 * so no hash either. The tag is served by Contentsquare, not npm: a stand-in did what the CSP page
 * says it does (a blob: worker, XHR and an image to a contentsquare.net host). With a site ID the
 * loader appends https://static.hj.contentsquare.net/c/csq-<siteId>.js instead: within script-src
 * here, but what that tag loads next was not tested.
 */
export const contentsquarePreset = definePreset({
  name: 'contentsquare',
  title: 'Contentsquare tag',
  docs: 'https://docs.contentsquare.com/en/web/content-security-policy',
  checked: '2026-11-25',
  strictDynamic: {
    why: 'its documented tag loads the tag with a <script src> from the vendor\'s host, which \'strict-dynamic\' ignores: without integrity the browser blocks it.',
    fix: 'Insert that script from a script cspkit hashes (an inline snippet that creates the <script> element, or the vendor\'s npm loader), pin it with integrity="…" if the vendor publishes a fixed hash, or leave strict mode off.',
  },
  sdk: '@contentsquare/tag-sdk',
  sdkStandIn: 'the tracking tag',
  notes: "Leaves out 'unsafe-inline' (cspkit hashes the inline tag snippet) and the cross-domain frame-src (csxd.<your domain>). Contentsquare's cross-domain tracking iframes use inline scripts: if you use it, add 'unsafe-inline' and that frame-src yourself. @contentsquare/tag-sdk needs no inline script (it appends the tag from t.contentsquare.net); the tag is Contentsquare's, not on npm (tested against a stand-in). Its site-ID mode loads static.hj.contentsquare.net/c/csq-<siteId>.js, untested past that script.",
  directives: {
    'script-src': ['https://*.contentsquare.net', 'https://app.contentsquare.com'],
    'child-src': ['blob:'],
    'worker-src': ['blob:'],
    'img-src': ['https://*.contentsquare.net'],
    'connect-src': ['https://*.contentsquare.net', 'https://*.contentsquare.com'],
  },
})

export const contentsquare = presetFactory(contentsquarePreset)
