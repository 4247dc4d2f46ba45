import { definePreset, presetFactory } from './define.js'

/**
 * Amplitude Browser SDK. Amplitude has no CSP page: the hosts are the ones its Browser SDK 2 docs
 * name (https://amplitude.com/docs/sdks/analytics/browser/browser-sdk-2, checked 2026-11-24): the
 * snippet loads the SDK from cdn.amplitude.com; events go to api2.amplitude.com, or
 * api.eu.amplitude.com with serverZone 'EU'.
 */
export const amplitudePreset = definePreset({
  name: 'amplitude',
  title: 'Amplitude (Browser SDK)',
  docs: 'https://amplitude.com/docs/sdks/analytics/browser/browser-sdk-2',
  checked: '2026-11-24',
  notes: 'No vendor CSP page; hosts from the Browser SDK docs. Session Replay and Experiment use further amplitude.com hosts this preset does not add. Not proven in a browser: the SDK (@amplitude/analytics-browser) could not be installed for the tests (its dependencies are missing from the package mirror used).',
  defaultVariant: 'us',
  directives: {
    'script-src': ['https://cdn.amplitude.com'],
    'connect-src': ['https://api2.amplitude.com'],
  },
  variants: {
    eu: {
      'script-src': ['https://cdn.eu.amplitude.com'],
      'connect-src': ['https://api.eu.amplitude.com'],
    },
  },
})

export const amplitude = presetFactory(amplitudePreset)
