import { definePreset, presetFactory } from './define.js'

/**
 * Pagefind, the static search index Starlight, Nextra and many Hugo and Eleventy sites ship. Its
 * script and index are the site's own files ('self'); its search runs in WebAssembly, which a policy
 * without 'wasm-unsafe-eval' (or 'unsafe-eval') blocks: the search box then finds nothing. The
 * keyword allows WebAssembly compilation only, not eval() (Pagefind's own repository says so in the
 * change that documents it, PR 1098). Proven by the Starlight and Nextra real-site tests in
 * Chromium (test/real-site-starlight.test.ts, test/real-site-nextra-export.test.ts), 2026-12-01.
 */
export const pagefindPreset = definePreset({
  name: 'pagefind',
  title: 'Pagefind (static search)',
  docs: 'https://github.com/Pagefind/pagefind/pull/1098',
  checked: '2026-12-01',
  // Strict mode: pagefind's scripts are files of the site, hashed like the build's.
  strictDynamic: 'works',
  notes: "Adds 'wasm-unsafe-eval' to script-src: Pagefind's search compiles WebAssembly. Its files are the site's own, so 'self' covers them.",
  directives: {
    'script-src': ["'wasm-unsafe-eval'"],
  },
})

export const pagefind = presetFactory(pagefindPreset)
