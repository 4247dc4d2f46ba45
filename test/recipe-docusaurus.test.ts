import { join } from 'node:path'
import { ROOT } from './support/builds.js'
import { describeRecipe, scratchBuild } from './support/recipe-suite.js'

// The README's Docusaurus recipe: a local plugin whose `postBuild` runs processDirectory on the
// output folder, built by a real `docusaurus build` (Docusaurus 3.10, classic preset). The theme's
// inline scripts are hashed; its client router needs site scope, which 'auto' chooses.

const SOURCE = join(ROOT, 'test/fixtures/recipe-docusaurus')

describeRecipe({
  title: 'Docusaurus 3 (a local postBuild plugin)',
  name: 'docusaurus',
  source: SOURCE,
  generators: ['@docusaurus/core', '@docusaurus/preset-classic', 'react'],
  build: scratchBuild({ name: 'recipe-docusaurus', source: SOURCE, bin: '@docusaurus/core/bin/docusaurus.mjs', args: ['build'], output: 'build' }),
  pages: [
    { file: 'index.html', path: '/' },
    { file: 'about/index.html', path: '/about' },
    { file: '404.html', path: '/404.html' },
  ],
  recipeFiles: ['plugins/cspkit.cjs'],
  summary: [/^\[cspkit\] 3 pages, 3 updated, scope: site \(Docusaurus client-side router, seen in [^)]+\)$/m],
  // Docusaurus marks the document once React has hydrated; the landing page's first inline script
  // (the base-URL issue banner's, on that page only) defines insertBanner.
  ran: (path: string) =>
    document.documentElement.dataset.hasHydrated === 'true' &&
    document.documentElement.dataset.theme === 'light' &&
    (path !== '/' || typeof (window as unknown as { insertBanner?: unknown }).insertBanner === 'function'),
  navigation: {
    from: '/',
    // A link in the page (the navbar's collapse into a menu in a narrow window).
    click: 'main a[href="/about"]',
    to: '/about',
    rendered: () => document.querySelector('.about') !== null,
  },
})
