// `pnpm build` step after tsc: @cspkit/core's ESM modules as one file (dist/bundle.js), the
// package's entry. Node loads one file instead of ~100 in every Vite/webpack build, every CLI run
// and every worker thread of directory mode (about half of the core's load time). tsc's per-module
// output stays for types and source maps; dependencies stay external.
import { createRequire } from 'node:module'
import { fileURLToPath } from 'node:url'

const core = fileURLToPath(new URL('../packages/core/', import.meta.url))
// esbuild is the CLI's dependency (it bundles TypeScript config files).
const { build } = createRequire(new URL('../packages/cli/package.json', import.meta.url))('esbuild')

await build({
  entryPoints: [`${core}dist/index.js`],
  outfile: `${core}dist/bundle.js`,
  bundle: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  packages: 'external',
  logLevel: 'warning',
})
