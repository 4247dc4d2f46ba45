import { definePreset, presetFactory } from './define.js'

/**
 * Cloudinary delivery URLs. Cloudinary has no CSP page (none in the stored copies, 2026-12-01): the
 * host is that of its delivery URL docs (https://cloudinary.com/documentation/image_transformations):
 * https://res.cloudinary.com/<cloud>/image/upload/… for images and …/video/upload/… for video
 * (media-src). Private CDN and custom domains (CNAME) deliver from their own host instead.
 *
 * Proven with @cloudinary/url-gen in Chromium (test/presets-sdks-6b.test.ts): an image and a video
 * URL built by the package, shown in the page (the stub serves the media).
 */
export const cloudinaryPreset = definePreset({
  name: 'cloudinary',
  title: 'Cloudinary',
  docs: 'https://cloudinary.com/documentation/image_transformations',
  checked: '2026-12-01',
  // Strict mode: it adds no script sources.
  strictDynamic: 'works',
  sdk: '@cloudinary/url-gen',
  notes: 'No vendor CSP page; host from the delivery URL docs. Images and video from res.cloudinary.com (shared delivery); a custom delivery host needs its own source.',
  directives: {
    'img-src': ['https://res.cloudinary.com'],
    'media-src': ['https://res.cloudinary.com'],
  },
})

export const cloudinary = presetFactory(cloudinaryPreset)
