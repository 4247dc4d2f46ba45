// `pnpm build` step after tsc: @cspkit/core's ESM modules as a few files (dist/bundle*.js), the
// package's entry dist/bundle.js. Node loads two files instead of ~100 in every Vite/webpack build, every CLI run
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
// What a build runs is two files: dist/bundle.js (the public exports, no more) re-exports
// dist/bundle-shared.js, every module but those of the lazy groups. Those are the host-file planners
// and writers (headers/), strict mode (strict/), the dev server (dev/) and the unplugin doors: only
// some builds' code, yet compiling their ~200 KB was a third of the core's compile time in every
// `cspkit build`. Each group is a file of its own (dist/bundle-lazy-<group>.js); anywhere outside it,
// a module of a group is a stand-in exporting the same functions, each requiring the group's file
// on its first call (Node ≥ 20.19 require()s an ES module), so sync functions stay sync and the
// exports are unchanged. A group imports the shared modules from bundle-shared.js under private
// names, so every module exists once. A module exporting more than functions and primitive constants
// (a class, a table) cannot have a stand-in: it is shared. Each module Node loads costs ~0.4 ms
// besides its compile: esbuild's own code splitting made seven files of this, hence the layout.
import { readdirSync, readFileSync, rmSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, relative, resolve } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'

const core = fileURLToPath(new URL('../packages/core/', import.meta.url))
const dist = `${core}dist/`
// esbuild is the CLI's dependency (it bundles TypeScript config files).
const { build } = createRequire(new URL('../packages/cli/package.json', import.meta.url))('esbuild')
const { dependencies } = JSON.parse(readFileSync(`${core}package.json`, 'utf8'))
const external = Object.keys(dependencies).filter((name) => name !== 'unplugin')
const SHARED = './bundle-shared.js'

// What every build calls from those folders is shared: resolveOptions resolves the host, dev and
// strict options, and the advice for a blocked load matches sources and looks up presets.
const EVERY_BUILD = new Set([
  'headers/host-options.js',
  'headers/integrity-policy.js',
  'dev/options.js',
  'dev/advice.js',
  'dev/match.js',
  'dev/preset-lookup.js',
  'strict/options.js',
])

/** The modules of dist/ that `path` imports (tsc's output: one per source, `from './x.js'`). */
const importsOf = (path) => [...readFileSync(path, 'utf8').matchAll(/(?:from|import)\s+'(\.[^']+)'/g)].map(([, spec]) => resolve(dirname(path), spec))

/** The modules index.js reaches by static imports. */
function reachable() {
  const found = new Set()
  const visit = (path) => {
    if (found.has(path)) return
    found.add(path)
    for (const next of importsOf(path)) visit(next)
  }
  visit(`${dist}index.js`)
  return [...found].sort()
}

/** A module's exports, when each is a plain function or a primitive constant: what a stand-in can repeat. */
async function standInExports(path) {
  const exports = Object.entries(await import(pathToFileURL(path).href))
  const plain = ([, value]) =>
    typeof value === 'function' ? !/^class\b/.test(Function.prototype.toString.call(value)) : value === null || typeof value !== 'object'
  return exports.every(plain) ? exports : undefined
}

const name = (path) => relative(dist, path).split('\\').join('/')
const modules = new Map() // path → { group?, key, exports }
for (const [i, path] of reachable().entries()) {
  const n = name(path)
  const folder = n.includes('/') ? n.split('/')[0] : undefined
  const candidate = n === 'unplugin.js' ? 'doors' : ['headers', 'strict', 'dev'].includes(folder) && !EVERY_BUILD.has(n) ? folder : undefined
  const stand = candidate ? await standInExports(path) : undefined
  modules.set(path, { group: stand ? candidate : undefined, key: `m${i}`, exports: stand ?? Object.keys(await import(pathToFileURL(path).href)).map((k) => [k]) })
}
const groups = [...new Set([...modules.values()].map((m) => m.group).filter(Boolean))].sort()
// The shared modules a group imports: only theirs get private names.
const forGroups = new Set([...modules].filter(([, m]) => m.group).flatMap(([path]) => importsOf(path)))
const sharedPaths = [...modules].filter(([path, m]) => !m.group && forGroups.has(path))
const publicNames = Object.keys(await import(pathToFileURL(`${dist}index.js`).href))

const options = { bundle: true, format: 'esm', platform: 'node', target: 'node20', logLevel: 'warning', outdir: dist }
const virtual = (contents) => ({ contents, loader: 'js', resolveDir: dist })

// The public entry: exactly index.js's exports.
await build({
  ...options,
  stdin: { ...virtual(`export { ${publicNames.join(', ')} } from '${SHARED}'`), sourcefile: 'entry-public.js' },
  outdir: undefined,
  outfile: `${dist}bundle.js`,
  plugins: [sharedExternal()],
})
// The shared modules: index.js's exports, and every shared module's under a private name (`m12_parsePolicy`) for the groups.
await build({
  ...options,
  stdin: {
    ...virtual(
      [
        "export * from './index.js'",
        ...sharedPaths.map(([path, m]) => `export { ${m.exports.map(([e]) => `${e} as ${m.key}_${e}`).join(', ')} } from ${JSON.stringify(path)}`),
      ].join('\n'),
    ),
    sourcefile: 'entry-shared.js',
  },
  outdir: undefined,
  outfile: `${dist}bundle-shared.js`,
  external,
  plugins: [sharedExternal(), lazyPicomatch(), lazyGroups(undefined)],
})
// Each group: its modules' namespaces, as its stand-ins ask for them.
for (const group of groups) {
  const members = [...modules].filter(([, m]) => m.group === group)
  await build({
    ...options,
    stdin: { ...virtual(members.map(([path, m]) => `export * as ${m.key} from ${JSON.stringify(path)}`).join('\n')), sourcefile: `entry-${group}.js` },
    outdir: undefined,
    outfile: `${dist}bundle-lazy-${group}.js`,
    external,
    plugins: [sharedExternal(), lazyPicomatch(), lazyGroups(group)],
  })
}

// A group left from an older layout: gone (each file above is overwritten in place, never missing).
const written = new Set(['bundle.js', 'bundle-shared.js', ...groups.map((g) => `bundle-lazy-${g}.js`)])
for (const file of readdirSync(dist)) if (/^bundle.*\.js$/.test(file) && !written.has(file)) rmSync(`${dist}${file}`)

/**
 * Inside the bundle of `group` (undefined: the shared one), a relative import of a module of another
 * group becomes that module's stand-in and, in a group, one of a shared module becomes an import of
 * its private names from bundle-shared.js.
 */
function lazyGroups(group) {
  return {
    name: 'lazy-groups',
    setup(build) {
      build.onResolve({ filter: /^\./ }, (args) => {
        if (args.namespace !== 'file' || !args.importer.startsWith(dist)) return undefined
        const path = resolve(dirname(args.importer), args.path)
        const m = modules.get(path)
        if (!m || m.group === group) return undefined
        return { path, namespace: m.group ? 'lazy-stand-in' : 'shared-module' }
      })
      build.onLoad({ filter: /.*/, namespace: 'lazy-stand-in' }, ({ path }) => {
        const m = modules.get(path)
        return virtual(
          [
            "import { createRequire } from 'node:module'",
            'let loaded',
            `const load = () => (loaded ??= createRequire(import.meta.url)('./bundle-lazy-${m.group}.js').${m.key})`,
            ...m.exports.map(([e, value]) =>
              typeof value === 'function' ? `export function ${e}(...args) { return load().${e}(...args) }` : `export const ${e} = ${value === undefined ? 'undefined' : JSON.stringify(value)}`,
            ),
          ].join('\n'),
        )
      })
      build.onLoad({ filter: /.*/, namespace: 'shared-module' }, ({ path }) => {
        const m = modules.get(path)
        return virtual(m.exports.length ? `export { ${m.exports.map(([e]) => `${m.key}_${e} as ${e}`).join(', ')} } from '${SHARED}'` : 'export {}')
      })
    },
  }
}

/** bundle-shared.js, imported by the entry and the groups, stays a file of its own. */
function sharedExternal() {
  return { name: 'shared-external', setup: (build) => build.onResolve({ filter: /^\.\/bundle-shared\.js$/ }, () => ({ path: SHARED, external: true })) }
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
