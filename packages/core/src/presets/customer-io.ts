import { definePreset, presetFactory } from './define.js'

/**
 * Customer.io (JavaScript client): the sources from https://docs.customer.io/integrations/data-in/connections/javascript/content-security-policy/
 * (checked 2026-11-25 against the stored copy of the vendor page: its "Standard directives" for the
 * US and EU data centers are exactly the two lists here). The legacy `_cio` snippet has its own,
 * different list (…/javascript/legacy-js/content-security-policy/) that this preset does not cover.
 *
 * Tested with @customerio/cdp-analytics-browser in Chromium (test/presets-sdks-5.test.ts), both data
 * centers: the SDK fetches the workspace settings from its CDN (dist/pkg/browser/index.js
 * loadLegacySettings: cdp.customer.io, or cdp-eu.customer.io with the README's EU cdnURL), sends
 * events to the settings' apiHost (dist/pkg/plugins/customerio/index.js), and with the in-app plugin
 * runs customerio-gist-web (bundled from npm), which asks consumer.cloud.gist.build for the
 * visitor's messages and shows one in an iframe of renderer.gist.build/3.0 (its dist/gist.min.js:
 * GIST_QUEUE_API_ENDPOINT, GIST_VIEW_ENDPOINT). Every request was within this list. style-src
 * 'unsafe-inline' is needed too: gist-web inserts each in-app message as HTML with its own <style>
 * element, which Chromium blocked (style-src-elem) when the test ran the page without it. Gist's
 * message page is served by Gist, not npm: a stand-in played it. script-src cdp.customer.io is for
 * the CDN snippet and for device-mode destinations the settings can name
 * (dist/pkg/plugins/remote-loader); the npm SDK bundles itself and needed none here.
 */
export const customerIoPreset = definePreset({
  name: 'customer-io',
  title: 'Customer.io (JavaScript client)',
  docs: 'https://docs.customer.io/integrations/data-in/connections/javascript/content-security-policy/',
  checked: '2026-11-25',
  // Strict mode: its snippet is inline and inserts the SDK by script.
  strictDynamic: 'works',
  sdk: '@customerio/cdp-analytics-browser',
  sdkStandIn: "Gist's in-app message page",
  notes: "'us' and 'eu' are Customer.io's two data centers. Not for the legacy _cio snippet, which Customer.io documents separately. Proven with the npm SDK in both data centers, in-app messages included (the EU variant keeps Gist's hosts, which have no EU counterpart). style-src 'unsafe-inline' is required by the in-app messages, which bring their own <style>.",
  defaultVariant: 'us',
  directives: {
    'script-src': ['https://cdp.customer.io'],
    'connect-src': ['https://cdp.customer.io', 'https://*.api.gist.build', 'https://*.cloud.gist.build'],
    'frame-src': ['https://renderer.gist.build', 'https://code.gist.build'],
    'style-src': ["'unsafe-inline'"],
  },
  variants: {
    'eu': {
      'script-src': ['https://cdp-eu.customer.io'],
      'connect-src': ['https://cdp-eu.customer.io', 'https://*.api.gist.build', 'https://*.cloud.gist.build'],
      'frame-src': ['https://renderer.gist.build', 'https://code.gist.build'],
      'style-src': ["'unsafe-inline'"],
    },
  },
})

export const customerIo = presetFactory(customerIoPreset)
