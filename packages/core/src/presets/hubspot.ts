import { definePreset, presetFactory } from './define.js'

/**
 * HubSpot tracking code. HubSpot documents security headers for HubSpot-hosted pages
 * (https://knowledge.hubspot.com/domains-and-urls/ssl-and-domain-security-in-hubspot) but publishes
 * no allowlist for its tracking code on other sites. NOT CONFIRMED against vendor text (searched
 * again 2026-11-25: neither that article nor any HubSpot CSP list for the tracking code is in the
 * stored copies). The hosts below are the ones the tracking code (js.hs-scripts.com/<hub id>.js)
 * loads its parts from (analytics, cookie banner, collected forms, chat) and reports to; a stored
 * copy of a site's tracking loader shows js.hs-analytics.net, js.hscollectedforms.net and
 * js.hs-banner.com being inserted. Left as they were.
 */
export const hubspotPreset = definePreset({
  name: 'hubspot',
  title: 'HubSpot tracking code',
  docs: 'https://knowledge.hubspot.com/domains-and-urls/ssl-and-domain-security-in-hubspot',
  checked: '2026-11-24',
  strictDynamic: {
    why: 'its documented tag loads the tracking code with a <script src> from the vendor\'s host, which \'strict-dynamic\' ignores: without integrity the browser blocks it.',
    fix: 'Insert that script from a script cspkit hashes (an inline snippet that creates the <script> element, or the vendor\'s npm loader), pin it with integrity="…" if the vendor publishes a fixed hash, or leave strict mode off.',
  },
  notes: 'No vendor allowlist for the tracking code: hosts from what the tracking code loads. Not proven in a browser (no npm SDK). Forms, meetings and chat embeds need more HubSpot hosts.',
  directives: {
    'script-src': ['https://js.hs-scripts.com', 'https://js.hs-analytics.net', 'https://js.hs-banner.com', 'https://js.hscollectedforms.net', 'https://js.usemessages.com'],
    'connect-src': ['https://api.hubspot.com', 'https://forms.hscollectedforms.net', 'https://api.hubapi.com'],
    'img-src': ['https://track.hubspot.com'],
    'frame-src': ['https://app.hubspot.com'],
  },
})

export const hubspot = presetFactory(hubspotPreset)
