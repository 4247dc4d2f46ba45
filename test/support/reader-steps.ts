import type { Find, ReaderStep } from './reader-visit.js'

// Reader steps several real-site tests take the same way, defined once.

/** In the page: Vue mounted its app on `#app` (VitePress hydrated). Self-contained: it runs in the browser. */
export const vueAppMounted = (): boolean => Boolean((document.querySelector('#app') as unknown as { __vue_app__?: object } | null)?.__vue_app__)

/** In the page: React 18+ took over Docusaurus's server-rendered root (it marks the container with a `__reactContainer$…` key). */
export const reactRootMounted = (): boolean => Object.keys(document.querySelector('#__docusaurus') ?? {}).some((k) => k.startsWith('__reactContainer'))

/**
 * Opens Algolia DocSearch with the button at `open` and types `query`. Offline, Algolia cannot answer: the
 * proof is the dialog (a lazy chunk on VitePress and Docusaurus) open with the query typed in.
 */
export function docSearchStep(open: string, query: string, find?: Find): ReaderStep {
  return {
    name: 'open search and type a query',
    act: async (r) => {
      await r.click(open, find)
      await r.fill('.DocSearch-Input', query)
    },
    proof: async (r) => {
      await r.waitFor('.DocSearch-Modal')
      const typed = await r.evaluate(() => document.querySelector<HTMLInputElement>('.DocSearch-Input')?.value)
      if (typed !== query) throw new Error(`the query ${JSON.stringify(query)} was not typed into DocSearch (it holds ${JSON.stringify(typed)})`)
    },
  }
}
