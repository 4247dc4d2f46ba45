import { join } from 'node:path'
import { ROOT } from './support/builds.js'
import { describeRecipe, scratchBuild } from './support/recipe-suite.js'

// The README's Nuxt recipe: processDirectory in Nitro's `prerender:done` hook, on the public folder
// `nuxt generate` wrote, built by a real `nuxt generate` (Nuxt 4.3, which runs on Node 20.19). Nuxt's
// inline `window.__NUXT__` config script and its inlined component styles are hashed, its payload
// `<script type="application/json">` is a data block; its router needs site scope, which 'auto' chooses.

const SOURCE = join(ROOT, 'test/fixtures/recipe-nuxt')

describeRecipe({
  title: 'Nuxt 4 `nuxt generate`',
  name: 'nuxt',
  source: SOURCE,
  generators: ['nuxt'],
  build: scratchBuild({ name: 'recipe-nuxt', source: SOURCE, bin: 'nuxt/bin/nuxt.mjs', args: ['generate'], output: '.output/public', env: { NUXT_TELEMETRY_DISABLED: '1' } }),
  pages: [
    { file: 'index.html', path: '/' },
    { file: 'about/index.html', path: '/about' },
    { file: 'contact/index.html', path: '/contact' },
    // Nuxt's SPA fallback and not-found page, rendered by the same app.
    { file: '200.html', path: '/200.html' },
    { file: '404.html', path: '/404.html' },
  ],
  recipeFiles: ['nuxt.config.ts'],
  // Under CI=true Nuxt's logger (consola's basic reporter) puts `[log] ` before each line.
  summary: [/^(?:\[log\] )?\[cspkit\] 5 pages, 5 updated, scope: site \(Nuxt client-side router, seen in [^)]+\)$/m],
  ran: () => document.documentElement.dataset.hydrated === 'true',
  navigation: {
    from: '/',
    click: 'nav a[href="/about"]',
    to: '/about',
    rendered: () => document.querySelector('h1')?.textContent === 'About' && getComputedStyle(document.querySelector('.about')!).color === 'rgb(0, 128, 0)',
  },
})
