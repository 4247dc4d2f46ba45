import { join } from 'node:path'
import { ROOT } from './support/builds.js'
import { describeRecipe, scratchBuild } from './support/recipe-suite.js'

// The README's Eleventy recipe: processDirectory in the `eleventy.after` event, on the output folder,
// built by a real `eleventy` (Eleventy 3). The layout's inline script, <style> and style="" and a
// page's own inline script are hashed per page: Eleventy has no client-side router, so 'auto' keeps
// page scope.

const SOURCE = join(ROOT, 'test/fixtures/recipe-eleventy')

describeRecipe({
  title: 'Eleventy 3',
  name: 'eleventy',
  source: SOURCE,
  generators: ['@11ty/eleventy'],
  build: scratchBuild({ name: 'recipe-eleventy', source: SOURCE, bin: '@11ty/eleventy/cmd.cjs', output: '_site' }),
  pages: [
    { file: 'index.html', path: '/' },
    { file: 'about/index.html', path: '/about/' },
  ],
  recipeFiles: ['eleventy.config.js'],
  summary: [/^\[cspkit\] 2 pages, 2 updated, scope: page \(no client-side router found in 2 pages\)$/m],
  ran: (path: string) =>
    document.documentElement.dataset.ran === 'true' &&
    getComputedStyle(document.querySelector('main')!).paddingTop === '16px' &&
    getComputedStyle(document.querySelector('main')!).borderTopColor === 'rgb(255, 0, 0)' &&
    (path !== '/about/' || (document.querySelector('.about') as HTMLElement | null)?.dataset.own === 'ran'),
})
