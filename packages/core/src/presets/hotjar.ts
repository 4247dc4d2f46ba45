import { hashSource } from '../html/hash.js'
import { definePreset, presetFactory } from './define.js'

/**
 * Hotjar: the sources from https://help.hotjar.com/hc/en-us/articles/115011640307-Content-Security-Policies.
 * NOT CONFIRMED against vendor text (searched again 2026-11-25): that help-center article is not in
 * the stored copies; only projects and articles citing it are. None of the directives below was
 * seen in Hotjar's own words; the list agrees with third-party summaries of the article
 * (*.hotjar.com, *.hotjar.io, wss://*.hotjar.com) and is left as it was.
 *
 * Tested with @hotjar/browser in Chromium (test/presets-sdks-2.test.ts). That package is only a
 * loader: init() inserts Hotjar's loader as an inline script built at run time from the site ID, so
 * no build sees it and no preset can list its hash (it differs per site). Without the hash the
 * browser refuses it and init() fails. `hotjarInitHash(siteId)` gives the source to add to
 * script-src; the HTML tracking-code snippet instead is in the page and cspkit hashes it. The
 * tracking code it loads (static.hotjar.com/c/hotjar-<id>.js and what that loads) is served by
 * Hotjar and not on npm: the test stands in for it, so the hosts past the loader are proven only as
 * far as this list goes, not against Hotjar's code.
 */
export const hotjarPreset = definePreset({
  name: 'hotjar',
  title: 'Hotjar',
  docs: 'https://help.hotjar.com/hc/en-us/articles/115011640307-Content-Security-Policies',
  checked: '2026-11-24',
  // Strict mode: its snippet is inline; the script it builds at run time is script-inserted.
  strictDynamic: 'works',
  sdk: '@hotjar/browser',
  sdkStandIn: "the tracking script",
  notes:
    "The HTML tracking-code snippet is inline: cspkit hashes it. @hotjar/browser's init() inserts that loader at run time with your site ID in it: add hotjarInitHash(siteId) to script-src, or the browser blocks it. The tracking code it loads is Hotjar's, not on npm (tested against a stand-in). The host list is not yet confirmed against Hotjar's article (not in the stored copies).",
  directives: {
    'script-src': ['https://*.hotjar.com'],
    'connect-src': ['https://*.hotjar.com', 'https://*.hotjar.io', 'wss://*.hotjar.com'],
    'img-src': ['https://*.hotjar.com'],
    'font-src': ['https://*.hotjar.com'],
    'style-src': ['https://*.hotjar.com', "'unsafe-inline'"],
    'frame-src': ['https://*.hotjar.com'],
  },
})

export const hotjar = presetFactory(hotjarPreset)

/**
 * The inline loader @hotjar/browser 1.x's `init(siteId, snippetVersion, { debug })` inserts (as
 * the package writes it), so its hash can go into script-src.
 */
export function hotjarInitScript(siteId: number, snippetVersion = 6, debug = false): string {
  return `(function(h,o,t,j,a,r){h.hj=h.hj||function(){(h.hj.q=h.hj.q||[]).push(arguments)};h._hjSettings={hjid:${siteId},hjsv:${snippetVersion},hjdebug:${debug}};a=o.getElementsByTagName('head')[0];r=o.createElement('script');r.async=1;r.src=t+h._hjSettings.hjid+j+h._hjSettings.hjsv;a.appendChild(r);})(window,document,'https://static.hotjar.com/c/hotjar-','.js?sv=');`
}

/** The script-src source that lets @hotjar/browser's inline loader for `siteId` run, e.g. `policy: { 'script-src': ["'self'", hotjarInitHash(1234567)] }`. */
export function hotjarInitHash(siteId: number, snippetVersion = 6, debug = false): string {
  return hashSource(hotjarInitScript(siteId, snippetVersion, debug))
}
