import { join } from 'node:path'
import { ROOT } from './support/builds.js'
import { describeRecipe } from './support/recipe-suite.js'

// The README's Next.js recipe: a plain app-router site with `output: 'export'` (Next 16), whose build
// script, `next build && cspkit build out`, is run as written by a shell (the generator's part cached by content, the cspkit part run fresh every time) (Next has no hook after the
// export). Next's inline `self.__next_f` scripts are hashed; its router needs site scope, which
// 'auto' chooses.

const SOURCE = join(ROOT, 'test/fixtures/recipe-next-export')

describeRecipe({
  title: "Next.js `output: 'export'`",
  name: 'next-export',
  source: SOURCE,
  generators: ['next', 'react', 'react-dom'],
  script: { outDir: 'out', env: { NEXT_TELEMETRY_DISABLED: '1' } },
  pages: [
    { file: 'index.html', path: '/' },
    { file: 'about.html', path: '/about' },
    { file: '404.html', path: '/404.html' },
    { file: '_not-found.html', path: '/_not-found', sameAs: '404.html' },
  ],
  recipeFiles: ['package.json'],
  summary: [/^\[cspkit\] build: 4 pages in out, 4 updated, \d+ hashes/m, /^\[cspkit\] scope: site \(Next\.js client-side router, seen in [^)]+\)/m],
  // The app router is up once React has hydrated.
  ran: () => Boolean((window as unknown as { next?: { router?: object } }).next?.router),
  navigation: {
    from: '/',
    click: 'nav a[href="/about"]',
    to: '/about',
    rendered: () => document.querySelector('.about') !== null,
  },
})
