import { definePreset, presetFactory } from './define.js'

/**
 * Unsplash images. Unsplash has no CSP page (none in the stored copies, 2026-12-01): its API
 * guidelines (https://unsplash.com/documentation#hotlinking) require hotlinking photos from
 * https://images.unsplash.com (img-src); Unsplash+ photos come from https://plus.unsplash.com.
 * The 'api' variant adds, for pages that call the API from the browser, https://api.unsplash.com
 * (unsplash-js 8's default base URL, the download ping included) and https://views.unsplash.com
 * (its trackNonHotLinkedPhotoView beacon).
 *
 * Proven with unsplash-js in Chromium (test/presets-sdks-6b.test.ts, 'api' variant): the package's
 * own client and beacon; the stub answers the API and serves the photo.
 */
export const unsplashPreset = definePreset({
  name: 'unsplash',
  title: 'Unsplash',
  docs: 'https://unsplash.com/documentation#hotlinking',
  checked: '2026-12-01',
  // Strict mode: it adds no script sources.
  strictDynamic: 'works',
  sdk: 'unsplash-js',
  notes: "No vendor CSP page; hosts from the API guidelines. Default: hotlinked images. 'api': also browser calls to api.unsplash.com (the download ping included) and unsplash-js's view beacon (views.unsplash.com). Unsplash advises a server-side proxy for the API key: then 'self' covers the API.",
  defaultVariant: 'images',
  directives: {
    'img-src': ['https://images.unsplash.com', 'https://plus.unsplash.com'],
  },
  variants: {
    api: {
      'img-src': ['https://images.unsplash.com', 'https://plus.unsplash.com'],
      'connect-src': ['https://api.unsplash.com', 'https://views.unsplash.com'],
    },
  },
})

export const unsplash = presetFactory(unsplashPreset)
