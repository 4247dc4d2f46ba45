import { definePreset, presetFactory } from './define.js'

/**
 * Microsoft Clarity. NOT CONFIRMED against vendor text: Microsoft's Clarity CSP article
 * (https://learn.microsoft.com/en-us/clarity/setup-and-installation/clarity-csp) was not in the
 * stored copies (searched 2026-12-01). The tag URL is the one `@microsoft/clarity` 1.0 inserts
 * (https://www.clarity.ms/tag/<projectId>); that tag loads Clarity's recorder from
 * scripts.clarity.ms and uploads to a lettered *.clarity.ms collector, and Clarity syncs with
 * Bing's c.bing.com. These hosts are as third-party summaries of that article give them.
 *
 * Tested with @microsoft/clarity in Chromium (test/presets-sdks-6b.test.ts): init(), the queue and
 * the tag request are the package's own; the tag and recorder are Microsoft's, not on npm, and a
 * stand-in loads the recorder and uploads as they do. The proof covers the loader and this list.
 */
export const microsoftClarityPreset = definePreset({
  name: 'microsoft-clarity',
  title: 'Microsoft Clarity',
  docs: 'https://learn.microsoft.com/en-us/clarity/setup-and-installation/clarity-csp',
  checked: '2026-12-01',
  // Strict mode: its snippet is inline and inserts the tag by script.
  strictDynamic: 'works',
  sdk: '@microsoft/clarity',
  sdkStandIn: 'the tag and recorder',
  notes:
    "The vendor's CSP article is not in the stored copies; hosts from the npm loader and summaries of that article. Collection goes to lettered hosts (a.clarity.ms, b.clarity.ms, …), hence *.clarity.ms.",
  directives: {
    'script-src': ['https://www.clarity.ms', 'https://scripts.clarity.ms'],
    'connect-src': ['https://*.clarity.ms', 'https://c.bing.com'],
    'img-src': ['https://*.clarity.ms', 'https://c.bing.com'],
  },
})

export const microsoftClarity = presetFactory(microsoftClarityPreset)
