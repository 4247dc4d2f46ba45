import { join } from 'node:path'
import { ROOT } from './support/builds.js'
import { describeRecipe } from './support/recipe-suite.js'

// The README's Hugo recipe: the site's build script, `hugo --minify && cspkit build public --origin …`,
// run as written by a shell (the generator's part cached by content, the cspkit part run fresh every time) with Debian's `hugo` and the real `cspkit` bin on PATH. The layout's inline
// script, <style> and style="" are hashed per page (Hugo has no client-side router: page scope);
// `--origin` makes the absolute URLs Hugo writes from `baseURL` count as the site's own.

const SOURCE = join(ROOT, 'test/fixtures/recipe-hugo')

describeRecipe({
  title: 'Hugo (Debian hugo, then the cspkit CLI)',
  name: 'hugo',
  source: SOURCE,
  generators: [],
  script: { outDir: 'public' },
  pages: [
    { file: 'index.html', path: '/' },
    { file: 'about/index.html', path: '/about/' },
  ],
  recipeFiles: ['package.json'],
  summary: [/^\[cspkit\] build: 2 pages in public, 2 updated, \d+ hashes/m, /^\[cspkit\] scope: page \(no client-side router found in 2 pages\)\.$/m],
  ran: () =>
    document.documentElement.dataset.ran === 'true' &&
    getComputedStyle(document.querySelector('main')!).paddingTop === '16px' &&
    getComputedStyle(document.querySelector('main')!).borderTopColor === 'rgb(255, 0, 0)',
})
