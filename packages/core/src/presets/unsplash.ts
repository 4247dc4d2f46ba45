import { definePreset, presetFactory } from './define.js'

/**
 * Unsplash images. Unsplash has no CSP page (none in the stored copies, 2026-12-01): its API
 * guidelines (https://unsplash.com/documentation#hotlinking) require hotlinking photos from
 * https://images.unsplash.com (img-src); Unsplash+ photos come from https://plus.unsplash.com.
 * The 'api' variant adds the API host for pages that call https://api.unsplash.com from the browser.
 */
export const unsplashPreset = definePreset({
  name: 'unsplash',
  title: 'Unsplash',
  docs: 'https://unsplash.com/documentation#hotlinking',
  checked: '2026-12-01',
  notes: "No vendor CSP page; hosts from the API guidelines. Default: hotlinked images. 'api': also browser calls to api.unsplash.com (the download-tracking ping included).",
  defaultVariant: 'images',
  directives: {
    'img-src': ['https://images.unsplash.com', 'https://plus.unsplash.com'],
  },
  variants: {
    api: {
      'img-src': ['https://images.unsplash.com', 'https://plus.unsplash.com'],
      'connect-src': ['https://api.unsplash.com'],
    },
  },
})

export const unsplash = presetFactory(unsplashPreset)
