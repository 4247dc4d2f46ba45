import { definePreset, presetFactory } from './define.js'

/**
 * Inkeep (AI search and chat for docs sites). From Inkeep's own CSP page
 * (https://docs.inkeep.com/customization-guides/content-security-policy, checked 2026-12-01 against
 * the stored copy): the widgets call https://api.management.inkeep.com, https://api.inkeep.com and
 * wss://api.inkeep.com (connect-src). That is the default: the npm packages bundled.
 *
 * 'js-snippet': the JS-snippet install also loads the widget script. Inkeep names two hosts for it,
 * https://uikit.inkeep.com and https://unpkg.com; only Inkeep's own host is here, since allowing
 * unpkg.com would let the page run any package published to npm. Load the snippet from
 * uikit.inkeep.com (or add unpkg.com yourself, knowing that).
 */
const API = ['https://api.management.inkeep.com', 'https://api.inkeep.com', 'wss://api.inkeep.com']

export const inkeepPreset = definePreset({
  name: 'inkeep',
  title: 'Inkeep',
  docs: 'https://docs.inkeep.com/customization-guides/content-security-policy',
  checked: '2026-12-01',
  notes: "Inkeep's own list. Default: the bundled npm widgets (API hosts). 'js-snippet': plus the widget script from uikit.inkeep.com; Inkeep's other script host, unpkg.com, is left out on purpose (it serves any npm package). With Inkeep's proxy options, 'self' covers the API.",
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
