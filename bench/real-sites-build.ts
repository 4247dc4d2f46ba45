import { join } from 'node:path'
import { ROOT } from '../test/support/builds.js'
import { buildAstro, buildDocusaurus, buildNextExport, buildVitePress, realSiteOutput } from '../test/support/real-sites.js'

/**
 * The five real sites of test/real-sites/, built by their own generators with the tests' own
 * builders and cache (test/support/real-sites.ts: `realSiteOutput`, content-keyed, in
 * CSPKIT_TEST_CACHE_DIR or the system tmpdir). Loaded by bench/real-sites.mjs through Vite's module
 * runner (it is TypeScript, as the builders are), only for the sites no cache holds.
 */
const site = (name: string) => join(ROOT, 'test/real-sites', name)

export const BUILDERS: Record<string, () => Promise<string>> = {
  'vue-test-utils': () =>
    realSiteOutput('vue-test-utils', { source: site('vue-test-utils'), generators: ['vitepress'], build: (out) => buildVitePress('vue-test-utils', site('vue-test-utils'), 'vitepress', out) }),
  'vitepress-docs': () =>
    realSiteOutput('vitepress-docs', { source: site('vitepress-docs'), generators: ['vitepress2'], build: (out) => buildVitePress('vitepress-docs', site('vitepress-docs'), 'vitepress2', out) }),
  kysely: () =>
    realSiteOutput('kysely', { source: site('kysely'), generators: ['@docusaurus/core', '@docusaurus/preset-classic', 'react'], build: (out) => buildDocusaurus('kysely', site('kysely'), out) }),
  'starlight-links-validator': () =>
    realSiteOutput('starlight-links-validator', {
      source: site('starlight-links-validator'),
      generators: ['astro', '@astrojs/starlight'],
      build: (out) => buildAstro('starlight-links-validator', site('starlight-links-validator'), out),
    }),
  'nextra-docs': () =>
    realSiteOutput('nextra-docs', {
      source: site('nextra-docs'),
      generators: ['next', 'nextra', 'nextra-theme-docs', 'pagefind'],
      build: (out) => buildNextExport('nextra-docs', site('nextra-docs'), out),
    }),
}
