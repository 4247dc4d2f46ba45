// `pnpm build` step after tsc: @cspkit/core's ESM modules as one file (dist/bundle.js), the
// package's entry. Node loads one file instead of ~100 in every Vite/webpack build, every CLI run
// and every worker thread of directory mode (about half of the core's load time). tsc's per-module
// output stays for types and source maps; dependencies stay external, but for one.
//
// unplugin is bundled in: its entry module loads every bundler's adapter with their dependencies
// (~7 ms in each `vite build`), while the doors (unplugin.ts) use only createVitePlugin and
// createWebpackPlugin, which tree-shake to ~23 KB. What that code loads at run time now resolves
// from @cspkit/core, so @cspkit/core depends on it too: picomatch (imported by unplugin's filters;
// Vite loads the same package, so a Vite build finds it already in memory) and
// webpack-virtual-modules (required whenever a webpack plugin is made). unplugin's transform/load
// loaders are files next to its own entry, which this bundle does not have: a transform or load
// hook in unplugin.ts needs unplugin external again. unplugin stays a dependency for its types.
//
// picomatch is imported at the top of unplugin's filter module but only called when a plugin filters
// ids: the import is replaced by a function that requires it on its first call, so `cspkit build` and
// every worker thread do not load and compile it (~6 ms of start-up) for nothing.
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { fileURLToPath } from 'node:url'

const core = fileURLToPath(new URL('../packages/core/', import.meta.url))
// esbuild is the CLI's dependency (it bundles TypeScript config files).
const { build } = createRequire(new URL('../packages/cli/package.json', import.meta.url))('esbuild')
const { dependencies } = JSON.parse(readFileSync(`${core}package.json`, 'utf8'))

await build({
  entryPoints: [`${core}dist/index.js`],
  outfile: `${core}dist/bundle.js`,
  bundle: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  external: Object.keys(dependencies).filter((name) => name !== 'unplugin'),
  logLevel: 'warning',
  plugins: [lazyPicomatch()],
})

/** `import picomatch from 'picomatch'` → a stand-in that requires picomatch when first called. */
function lazyPicomatch() {
  return {
    name: 'lazy-picomatch',
    setup(build) {
      build.onResolve({ filter: /^picomatch$/ }, () => ({ path: 'picomatch', namespace: 'lazy-picomatch' }))
      build.onLoad({ filter: /.*/, namespace: 'lazy-picomatch' }, () => ({
        contents: [
          "import { createRequire } from 'node:module'",
          'let loaded',
          'export default function picomatch(...args) {',
          "  loaded ??= createRequire(import.meta.url)('picomatch')",
          '  return loaded(...args)',
          '}',
        ].join('\n'),
        loader: 'js',
      }))
    },
  }
}
