import { join } from 'node:path'
import { ROOT } from './builds.js'
import { buildDocusaurus, buildVitePress, realSiteOutput } from './real-sites.js'

// The recipes of the real sites more than one test file reads, in one place: realSiteOutput's cache key
// includes the build function's text, which the test runner rewrites per importing file (its import
// bindings are numbered by their order there), so the same recipe written in two files builds twice.

export const VITEPRESS_DOCS = join(ROOT, 'test/real-sites/vitepress-docs')
export const KYSELY = join(ROOT, 'test/real-sites/kysely')

/** VitePress's own docs built by VitePress 2 (test/real-sites/vitepress-docs/SOURCE.md). */
export function vitepressDocsOutput(): Promise<string> {
  return realSiteOutput('vitepress-docs', {
    source: VITEPRESS_DOCS,
    generators: ['vitepress2'],
    build: (outDir) => buildVitePress('vitepress-docs', VITEPRESS_DOCS, 'vitepress2', outDir),
  })
}

/** Kysely's docs built by Docusaurus 3 (test/real-sites/kysely/SOURCE.md). */
export function kyselyOutput(): Promise<string> {
  return realSiteOutput('kysely', {
    source: KYSELY,
    generators: ['@docusaurus/core', '@docusaurus/preset-classic', 'react'],
    build: (outDir) => buildDocusaurus('kysely', KYSELY, outDir),
  })
}
