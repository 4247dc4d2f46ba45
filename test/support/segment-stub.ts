/**
 * What the stub answers for Segment in the real-SDK tests: a source's settings (the built-in
 * Segment.io destination sending to `apiHost`, and one device-mode destination, which
 * @segment/analytics-next loads as a script from cdn.segment.com/next-integrations/…), and a
 * stand-in for that destination's bundle (vendor code on Segment's CDN, not on npm).
 */
export function segmentSettings(writeKey: string, apiHost: string) {
  return {
    integrations: { 'Segment.io': { apiKey: writeKey, apiHost, unbundledIntegrations: [] } },
    plan: { track: { __default: { enabled: true, integrations: {} } } },
    analyticsNextEnabled: true,
    remotePlugins: [
      {
        name: 'Cspkit Destination',
        creationName: 'Cspkit Destination',
        libraryName: 'cspkitDestinationDestination',
        url: `https://cdn.segment.com${SEGMENT_DESTINATION_PATH}`,
        settings: {},
      },
    ],
  }
}

/** Where the settings say the device-mode destination's bundle is. */
export const SEGMENT_DESTINATION_PATH = '/next-integrations/actions/cspkit-destination/0a1b2c3d.js'

/** The destination's stand-in: a plugin factory that marks the page when it gets the event. */
export const SEGMENT_DESTINATION_JS = `
window.cspkitDestinationDestination = function () {
  return [{
    name: 'Cspkit Destination', type: 'destination', version: '1.0.0',
    isLoaded: () => true, load: () => Promise.resolve(),
    track: (ctx) => { document.body.dataset.destination = ctx.event.event; return ctx },
  }]
}`
