import { readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { expect, it } from 'vitest'
import { hashSource } from '@cspkit/core'
import { ROOT } from './support/builds.js'
import { describeRecipe, scratchBuild, htmlFiles, recipeOutput, type RecipeSite } from './support/recipe-suite.js'

// The README's SvelteKit recipe: adapter-static wrapped so processDirectory runs on the folder it wrote
// (the prerendered pages are written after Vite's bundle, where no Vite plugin sees them), built by a
// real `vite build` (SvelteKit 2, Vite 8). SvelteKit's inline bootstrap script and the app template's
// style="" are hashed; its client router needs site scope, which 'auto' chooses; the route announcer's
// style="" (inserted by the client) needs the hash the recipe adds.

const SOURCE = join(ROOT, 'test/fixtures/recipe-sveltekit')

const site: RecipeSite = {
  title: 'SvelteKit 2 + adapter-static',
  name: 'sveltekit',
  source: SOURCE,
  generators: ['@sveltejs/kit', '@sveltejs/adapter-static', '@sveltejs/vite-plugin-svelte', 'svelte', 'vite'],
  build: scratchBuild({ name: 'recipe-sveltekit', source: SOURCE, bin: 'vite/bin/vite.js', args: ['build'], output: 'build' }),
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
}

/**
 * Why the recipe is not the Vite plugin: the same site with `@cspkit/vite` in vite.config and
 * adapter-static alone in svelte.config. The plugin runs in Vite's bundle, which holds no page:
 * the pages adapter-static writes afterwards have no policy.
 */
const vitePluginOnly: RecipeSite = {
  ...site,
  name: 'sveltekit-vite-plugin',
  build: scratchBuild({
    name: 'recipe-sveltekit-vite-plugin',
    source: SOURCE,
    bin: 'vite/bin/vite.js',
    args: ['build'],
    output: 'build',
    prepare: (dir) => {
      writeFileSync(
        join(dir, 'vite.config.js'),
        "import { sveltekit } from '@sveltejs/kit/vite'\nimport csp from '@cspkit/vite'\nexport default { plugins: [sveltekit(), csp()] }\n",
      )
      writeFileSync(join(dir, 'svelte.config.js'), "import adapter from '@sveltejs/adapter-static'\nexport default { kit: { adapter: adapter({ pages: 'build' }) } }\n")
    },
  }),
}

describeRecipe(site, (built) => {
  it('@cspkit/vite in vite.config instead never sees the pages adapter-static writes (so the recipe wraps the adapter)', async () => {
    const { dir } = await recipeOutput(vitePluginOnly)
    const pages = htmlFiles(dir)
    expect(pages).toEqual(site.pages.map((p) => p.file).sort())
    for (const file of pages) expect(readFileSync(join(dir, file), 'utf8'), file).not.toContain('Content-Security-Policy')
    // The recipe's own build of the same site has it on every page (the control).
    for (const file of pages) expect(readFileSync(join(built().dir, file), 'utf8'), file).toContain('http-equiv="Content-Security-Policy"')
  }, 300_000)

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
