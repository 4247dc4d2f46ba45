import { definePreset, presetFactory } from './define.js'

/**
 * Inkeep (AI search and chat for docs sites). From Inkeep's own CSP page
 * (https://docs.inkeep.com/customization-guides/content-security-policy, checked 2026-12-01 against
 * the stored copy): the widgets call https://api.management.inkeep.com, https://api.inkeep.com and
 * wss://api.inkeep.com (connect-src). That is the default: the npm packages bundled. Added to
 * Inkeep's list: https://api.io.inkeep.com, the analytics host the current widget bundle uses by
 * default (`analyticsApiBaseUrl` in @inkeep/cxkit-js 0.5.64's dist/embed.js, read 2026-12-01).
 *
 * NOT PROVEN in a browser: the widget bundle (React) also creates <style> elements at run time and
 * references a Google Fonts stylesheet; under a strict policy those may need style-src additions
 * (and the 'google-fonts' preset) that this list does not have.
 *
 * 'js-snippet': the JS-snippet install also loads the widget script. Inkeep names two hosts for it,
 * https://uikit.inkeep.com and https://unpkg.com; only Inkeep's own host is here, since allowing
 * unpkg.com would let the page run any package published to npm. Load the snippet from
 * uikit.inkeep.com (or add unpkg.com yourself, knowing that).
 */
const API = ['https://api.management.inkeep.com', 'https://api.inkeep.com', 'wss://api.inkeep.com', 'https://api.io.inkeep.com']

export const inkeepPreset = definePreset({
  name: 'inkeep',
  title: 'Inkeep',
  docs: 'https://docs.inkeep.com/customization-guides/content-security-policy',
  checked: '2026-12-01',
  // Strict mode: the npm widgets are bundled.
  strictDynamic: 'works',
  notes: "Inkeep's own list, plus api.io.inkeep.com (the current widget's analytics host). Not browser-proven: the widget creates <style> elements at run time, which a strict style-src may block. Default: the bundled npm widgets (API hosts). 'js-snippet': plus the widget script from uikit.inkeep.com; Inkeep's other script host, unpkg.com, is left out on purpose (it serves any npm package). With Inkeep's proxy options, 'self' covers the API.",
  defaultVariant: 'npm',
  directives: {
    'connect-src': API,
  },
  variants: {
    'js-snippet': {
      'connect-src': API,
      'script-src': ['https://uikit.inkeep.com'],
    },
  },
})

export const inkeep = presetFactory(inkeepPreset)
