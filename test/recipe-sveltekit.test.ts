import { cpSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { expect, it } from 'vitest'
import { hashSource } from '@cspkit/core'
import { ROOT } from './support/builds.js'
import { describeRecipe, runBin } from './support/recipe-suite.js'
import { scratchProject } from './support/real-sites.js'

// The README's SvelteKit recipe: adapter-static wrapped so processDirectory runs on the folder it wrote
// (the prerendered pages are written after Vite's bundle, where no Vite plugin sees them), built by a
// real `vite build` (SvelteKit 2, Vite 8). SvelteKit's inline bootstrap script and the app template's
// style="" are hashed; its client router needs site scope, which 'auto' chooses; the route announcer's
// style="" (inserted by the client) needs the hash the recipe adds.

const SOURCE = join(ROOT, 'test/fixtures/recipe-sveltekit')

describeRecipe({
  title: 'SvelteKit 2 + adapter-static',
  name: 'sveltekit',
  source: SOURCE,
  generators: ['@sveltejs/kit', '@sveltejs/adapter-static', '@sveltejs/vite-plugin-svelte', 'svelte', 'vite'],
  build: async (outDir) => {
    const project = scratchProject('recipe-sveltekit', SOURCE)
    try {
      const log = await runBin('vite/bin/vite.js', ['build'], project.dir)
      cpSync(join(project.dir, 'build'), outDir, { recursive: true })
      return log
    } finally {
      project.done()
    }
  },
  pages: [
    { file: 'index.html', path: '/' },
    { file: 'about.html', path: '/about' },
    { file: 'contact.html', path: '/contact' },
  ],
  recipeFiles: ['svelte.config.js'],
  summary: [/^\[cspkit\] 3 pages, 3 updated, scope: site \(SvelteKit client-side router, seen in [^)]+\)$/m],
  ran: () => document.documentElement.dataset.hydrated === 'true',
  navigation: {
    from: '/',
    click: 'nav a[href="/about"]',
    to: '/about',
    rendered: () => document.querySelector('h1')?.textContent === 'About' && getComputedStyle(document.querySelector('.about')!).color === 'rgb(0, 128, 0)',
  },
}, (built) => {
  it("the recipe's style-src hash is that of the route announcer's style=\"\" in SvelteKit's client code", () => {
    const client = join(built().dir, '_app/immutable')
    const code = readdirSync(client, { recursive: true, encoding: 'utf8' })
      .filter((f) => f.endsWith('.js'))
      .map((f) => readFileSync(join(client, f), 'utf8'))
      .join('\n')
    const style = /id="svelte-announcer"[^>]*style="([^"]+)"/.exec(code)?.[1]
    expect(style, 'the announcer in the client chunks').toBeDefined()
    expect(readFileSync(join(SOURCE, 'svelte.config.js'), 'utf8')).toContain(hashSource(style!, 'sha256'))
  })
})
