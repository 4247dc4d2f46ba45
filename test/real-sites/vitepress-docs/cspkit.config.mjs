// cspkit's default policy plus what this site's theme needs, nothing with 'unsafe-inline':
// the VitePress preset (the appearance switch's run-time <style>), Algolia DocSearch (the site's
// search), Carbon Ads' script (the site's ad; the theme loads it scheme-relative, so no scheme here)
// and the web font its stylesheet loads from jsDelivr. The Fathom analytics script in every page's
// head is deliberately not allowed: the build must announce it, and the reader's visit sees it blocked.
import { defaultPolicy, defineConfig } from '@cspkit/core'

export default defineConfig({
  policy: {
    ...defaultPolicy,
    'script-src': ["'self'", 'cdn.carbonads.com'],
    'font-src': [...defaultPolicy['font-src'], 'https://cdn.jsdelivr.net/npm/vazirmatn@33.0.3/'],
  },
  presets: ['vitepress', 'algolia'],
})
