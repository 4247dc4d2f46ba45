import { existsSync, readdirSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

/**
 * The real sites' outputs for the bench: the five sites of test/real-sites/, as the tests' cache
 * (test/support/real-sites.ts `realSiteOutput`) holds them, built by their own generators.
 */
export const REAL_SITES = [
  { name: 'vitepress-docs', generator: 'VitePress 2' },
  { name: 'vue-test-utils', generator: 'VitePress 1.6' },
  { name: 'kysely', generator: 'Docusaurus 3' },
  { name: 'starlight-links-validator', generator: 'Astro Starlight' },
  { name: 'nextra-docs', generator: 'Next.js static export (Nextra)' },
]
const COMPLETE = '.cspkit-build-complete'
const CACHE = () => process.env.CSPKIT_TEST_CACHE_DIR ?? tmpdir()

/**
 * The newest complete build of `name` in the tests' cache folder. The cache key (sources, generator
 * versions, build recipe) is the tests' own; the bench takes the newest finished build rather than
 * recomputing it, so a build from sources edited since is possible: its date is printed.
 */
export function cachedRealSite(name) {
  const prefix = `cspkit-${name}-`
  let best
  for (const entry of readdirSync(CACHE())) {
    if (!entry.startsWith(prefix) || !/^[0-9a-f]{16}$/.test(entry.slice(prefix.length))) continue
    const marker = join(CACHE(), entry, COMPLETE)
    if (!existsSync(marker)) continue
    const at = statSync(marker).mtimeMs
    if (!best || at > best.at) best = { dir: join(CACHE(), entry), at }
  }
  return best
}

/**
 * Builds the missing sites with the tests' builders (bench/real-sites-build.ts through Vite's module
 * runner: the builders are TypeScript). Each is a generator's real build: minutes, once per cache.
 */
export async function buildRealSites(names) {
  const { runnerImport } = await import('vite')
  const entry = fileURLToPath(new URL('./real-sites-build.ts', import.meta.url))
  const { module } = await runnerImport(entry, { configFile: false, logLevel: 'silent' })
  const built = {}
  for (const name of names) {
    try {
      built[name] = { dir: await module.BUILDERS[name](), at: Date.now() }
    } catch (error) {
      built[name] = { error: String(error).split('\n')[0] }
    }
  }
  return built
}
