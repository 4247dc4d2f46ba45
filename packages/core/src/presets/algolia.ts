import { definePreset, presetFactory } from './define.js'

/** Algolia (search API, DocSearch): the sources from https://www.algolia.com/doc/guides/building-search-ui/algolia-experiences/troubleshooting/ (checked 2026-11-24). */
export const algoliaPreset = definePreset({
  name: 'algolia',
  title: 'Algolia (search API, DocSearch)',
  docs: 'https://www.algolia.com/doc/guides/building-search-ui/algolia-experiences/troubleshooting/',
  checked: '2026-11-24',
  notes: "Default: the search and insights hosts every Algolia client queries (DocSearch bundled from npm). 'experiences' adds the loader and API of Algolia Experiences.",
  defaultVariant: 'search',
  directives: {
    'connect-src': ['https://*.algolia.net', 'https://*.algolianet.com', 'https://*.algolia.io'],
  },
  variants: {
    'experiences': {
      'connect-src': ['https://*.algolia.com', 'https://*.algolia.net', 'https://*.algolianet.com', 'https://*.algolia.io'],
      'script-src': ['https://cdn.jsdelivr.net', 'https://*.algolia.com'],
    },
  },
})

export const algolia = presetFactory(algoliaPreset)
