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
//
// The bundle is split: the host-file planners and writers (headers/), strict mode (strict/), the dev
// server (dev/) and the unplugin doors are only some builds' code, yet compiling
// their ~250 KB was a third of `cspkit build`'s start-up on a small site. Each of those modules,
// imported from outside its group, is replaced by a stand-in that exports the same functions, each
// requiring the group's file (dist/bundle-lazy-<group>.js) on its first call: sync functions stay
// sync (Node ≥ 20.19 require()s an ES module) and the public exports are unchanged. Code shared by
// the entry and a group lands in dist/bundle-chunk-*.js, so every module still exists once. A module
// exporting anything but functions and primitive constants (a class, a table) stays in the entry.
import { readdirSync, readFileSync, rmSync } from 'node:fs'
import { createRequire } from 'node:module'
import { relative } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'

const core = fileURLToPath(new URL('../packages/core/', import.meta.url))
const dist = `${core}dist/`
// esbuild is the CLI's dependency (it bundles TypeScript config files).
const { build } = createRequire(new URL('../packages/cli/package.json', import.meta.url))('esbuild')
const { dependencies } = JSON.parse(readFileSync(`${core}package.json`, 'utf8'))

// What every build calls from those folders stays in the entry: resolveOptions resolves the host,
// dev and strict options, and the advice for a blocked load matches sources and looks up presets.
const EVERY_BUILD = new Set([
  'headers/host-options.js',
  'headers/integrity-policy.js',
  'dev/options.js',
  'dev/advice.js',
  'dev/match.js',
  'dev/preset-lookup.js',
  'strict/options.js',
])

/** The group a module of dist/ loads with, or undefined: it loads with the entry. */
function lazyGroup(path) {
  const name = relative(dist, path).split('\\').join('/')
  if (EVERY_BUILD.has(name)) return undefined
  if (name === 'unplugin.js') return 'doors'
  const top = name.split('/')[0]
  return ['headers', 'strict', 'dev'].includes(top) && name.includes('/') ? top : undefined
}

/** A module's exports, when each is a plain function or a primitive constant: what a stand-in can repeat. */
async function standInExports(path) {
  const namespace = await import(pathToFileURL(path).href)
  const exports = Object.entries(namespace)
  const plain = ([, value]) =>
    typeof value === 'function' ? !/^class\b/.test(Function.prototype.toString.call(value)) : value === null || typeof value !== 'object'
  return exports.every(plain) ? exports : undefined
}

for (const file of readdirSync(dist)) if (/^bundle-(lazy|chunk)-.*\.js$/.test(file)) rmSync(`${dist}${file}`)

// Stand-ins are found while bundling, and a group's own modules can import another group's: bundle
// without writing until no stand-in is new, then write that bundle.
const groups = new Map() // group → Map(path → its key in the group's entry)
const known = () => [...groups.values()].reduce((n, members) => n + members.size, 0)
for (let seen = -1, write = false; ; ) {
  await build({
    entryPoints: { bundle: `${dist}index.js`, ...Object.fromEntries([...groups.keys()].map((g) => [`bundle-lazy-${g}`, `lazy-entry:${g}`])) },
    outdir: dist,
    chunkNames: 'bundle-chunk-[hash]',
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    external: Object.keys(dependencies).filter((name) => name !== 'unplugin'),
    logLevel: 'warning',
    write,
    plugins: [lazyPicomatch(), lazyGroups(groups)],
  })
  if (write) break
  write = known() === seen
  seen = known()
}

/** Stand-ins for the lazy groups' modules, and each group's entry (written once every import is seen). */
function lazyGroups(groups) {
  return {
    name: 'lazy-groups',
    setup(build) {
      const exportsOf = new Map()
      build.onResolve({ filter: /^lazy-entry:/ }, (args) => ({ path: args.path.slice('lazy-entry:'.length), namespace: 'lazy-entry' }))
      build.onResolve({ filter: /^\./ }, async (args) => {
        if (args.namespace !== 'file' || !args.importer.startsWith(dist)) return undefined
        const path = fileURLToPath(new URL(args.path, pathToFileURL(args.importer)))
        const group = lazyGroup(path)
        if (!group || lazyGroup(args.importer) === group) return undefined
        if (!exportsOf.has(path)) exportsOf.set(path, await standInExports(path))
        if (!exportsOf.get(path)) return undefined
        const members = groups.get(group) ?? groups.set(group, new Map()).get(group)
        if (!members.has(path)) members.set(path, `m${members.size}`)
        return { path, namespace: 'lazy-stand-in', pluginData: { group, key: members.get(path), exports: exportsOf.get(path) } }
      })
      build.onLoad({ filter: /.*/, namespace: 'lazy-stand-in' }, ({ pluginData: { group, key, exports } }) => ({
        contents: [
          "import { createRequire } from 'node:module'",
          'let loaded',
          `const load = () => (loaded ??= createRequire(import.meta.url)('./bundle-lazy-${group}.js').${key})`,
          ...exports.map(([name, value]) =>
            typeof value === 'function' ? `export function ${name}(...args) { return load().${name}(...args) }` : `export const ${name} = ${value === undefined ? 'undefined' : JSON.stringify(value)}`,
          ),
        ].join('\n'),
        loader: 'js',
        resolveDir: dist,
      }))
      build.onLoad({ filter: /.*/, namespace: 'lazy-entry' }, ({ path: group }) => {
        const members = [...groups.get(group)]
        return {
          contents: members.map(([path, key]) => `export * as ${key} from ${JSON.stringify(path)}`).join('\n'),
          loader: 'js',
          resolveDir: dist,
        }
      })
    },
  }
}

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
