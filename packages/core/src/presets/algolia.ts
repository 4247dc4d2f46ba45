import { definePreset, presetFactory } from './define.js'

/**
 * Algolia: the hosts from https://www.algolia.com/doc/guides/building-search-ui/algolia-experiences/troubleshooting/
 * (checked 2026-11-24), plus what DocSearch (npm `@docsearch/js` 3.x) needs beyond that list, found
 * by running it in Chromium (test/presets-docsearch.test.ts):
 * - its "Search by Algolia" logo is an inline SVG with a `<style>` element; its hash is in style-src;
 * - with `insights: true` it loads search-insights from jsDelivr: that one file (the version the SDK
 *   pins) is allowed, not all of cdn.jsdelivr.net, which serves any npm package.
 */
const DOCSEARCH_LOGO_STYLE = "'sha256-lYPgVeO0CacLwwUB4DyR9jnHyogvo7NBwUv0zXx/qBY='"
const SEARCH_INSIGHTS = 'https://cdn.jsdelivr.net/npm/search-insights@2.15.0/dist/search-insights.min.js'
const SEARCH_HOSTS = ['https://*.algolia.net', 'https://*.algolianet.com', 'https://*.algolia.io']

export const algoliaPreset = definePreset({
  name: 'algolia',
  title: 'Algolia (search API, DocSearch)',
  docs: 'https://www.algolia.com/doc/guides/building-search-ui/algolia-experiences/troubleshooting/',
  checked: '2026-11-24',
  // Strict mode: the npm client and DocSearch are bundled.
  strictDynamic: 'works',
  sdk: '@docsearch/js',
  notes:
    "Adds what DocSearch needs beyond Algolia's list: the hash of its logo's inline <style> and the search-insights script it loads from jsDelivr.",
  defaultVariant: 'docsearch',
  directives: {
    'connect-src': SEARCH_HOSTS,
    'script-src': [SEARCH_INSIGHTS],
    'style-src': [DOCSEARCH_LOGO_STYLE],
  },
  variants: {
    // The search and insights APIs only, for clients that render their own UI (algoliasearch, InstantSearch bundled from npm).
    api: {
      'connect-src': SEARCH_HOSTS,
    },
    experiences: {
      'connect-src': ['https://*.algolia.com', ...SEARCH_HOSTS],
      'script-src': ['https://cdn.jsdelivr.net', 'https://*.algolia.com'],
    },
  },
})

export const algolia = presetFactory(algoliaPreset)
