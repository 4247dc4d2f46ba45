/**
 * One package is the whole install: every package packed as it would be published (`pnpm pack`,
 * which turns `workspace:*` into versions), and each entry package's README example built in a
 * scratch project of its own, outside the repository, that npm installed with only that package's
 * tarball and the core's (plus the bundler the example uses). No workspace links, no node_modules
 * of the repository above it. The example's typed preset call must reach the page's policy, and in
 * the TypeScript examples a preset call with a wrong option must fail `tsc`.
 *
 * The npm install is slow, so each project's node_modules is cached by the content of what the two
 * tarballs are made of and the tools' versions (and packing is skipped when every cache is there);
 * the builds run on every run, in a fresh folder beside a link to that node_modules.
 */
import { execFile } from 'node:child_process'
import { createHash } from 'node:crypto'
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, renameSync, rmSync, statSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, relative } from 'node:path'
import { promisify } from 'node:util'
import { beforeAll, describe, expect, it } from 'vitest'
import { googleFonts, hashSource, scanPage, type Preset } from '@cspkit/core'
import { plainEnv } from './support/cli.js'
import { ROOT } from './support/builds.js'
import { packageVersion } from './support/real-sites.js'

const run = promisify(execFile)
const PNPM = ['--yes', 'pnpm@10.34.9']
const TSC = join(ROOT, 'node_modules/typescript/bin/tsc')

/** The page every example builds: one inline script (hashed) and the entry module. */
const SOURCES: Record<string, string> = {
  'src/index.js': "document.documentElement.dataset.bundle = 'ran'\n",
  // Vite's entry page, and the template of the HTML plugins (they add the bundle's script themselves).
  'index.html': `<!doctype html>\n<html><head><meta charset="utf-8"><title>app</title>\n<script>document.documentElement.dataset.ready = 'yes'</script>\n</head><body><script type="module" src="/src/index.js"></script></body></html>\n`,
  'src/index.html': `<!doctype html>\n<html><head><meta charset="utf-8"><title>app</title>\n<script>document.documentElement.dataset.ready = 'yes'</script>\n</head><body></body></html>\n`,
  'src/pages/index.astro': `<html><head><meta charset="utf-8" /><title>app</title><script is:inline>document.documentElement.dataset.ready = 'yes'</script></head><body><p>app</p></body></html>\n`,
  'site/index.html': `<!doctype html>\n<html><head><meta charset="utf-8"><title>app</title>\n<script>document.documentElement.dataset.ready = 'yes'</script>\n</head><body></body></html>\n`,
}

/** Builds that have no CLI of their own in the example's packages: the README config through the bundler's API. */
const SCRIPTS: Record<string, string> = {
  'build-webpack.cjs': `const webpack = require('webpack')\nwebpack(require('./webpack.config.js'), (error, stats) => {\n  if (error || stats.hasErrors()) { console.error(error ?? stats.toString('errors-only')); process.exit(1) }\n})\n`,
  'build-rspack.mjs': `import { rspack } from '@rspack/core'\nimport config from './rspack.config.mjs'\nrspack(config, (error, stats) => {\n  if (error || stats.hasErrors()) { console.error(error ?? stats.toString('errors-only')); process.exit(1) }\n})\n`,
}

interface Door {
  /** The folder under packages/ and the npm name. */
  readonly dir: string
  readonly name: string
  /** What the README example needs beside the tarballs (at the repository's versions). */
  readonly tools: readonly string[]
  /** Each README example (by the config file its first line names), the command that builds it and the page it writes. */
  readonly builds: readonly { config: string; command: readonly string[]; page: string }[]
}

const DOORS: readonly Door[] = [
  { dir: 'vite', name: '@cspkit/vite', tools: ['vite'], builds: [{ config: 'vite.config.ts', command: ['node_modules/vite/bin/vite.js', 'build'], page: 'dist/index.html' }] },
  {
    dir: 'webpack',
    name: '@cspkit/webpack',
    tools: ['webpack', 'html-webpack-plugin'],
    builds: [{ config: 'webpack.config.js', command: ['build-webpack.cjs'], page: 'dist/index.html' }],
  },
  {
    dir: 'rollup',
    name: '@cspkit/rollup',
    tools: ['rollup', '@rollup/plugin-html'],
    builds: [{ config: 'rollup.config.mjs', command: ['node_modules/rollup/dist/bin/rollup', '-c', 'rollup.config.mjs'], page: 'dist/index.html' }],
  },
  {
    dir: 'rolldown',
    name: '@cspkit/rolldown',
    tools: ['rolldown', '@rollup/plugin-html'],
    builds: [{ config: 'rolldown.config.mjs', command: ['node_modules/rolldown/bin/cli.mjs', '-c', 'rolldown.config.mjs'], page: 'dist/index.html' }],
  },
  {
    dir: 'rspack',
    name: '@cspkit/rspack',
    tools: ['@rspack/core', '@rsbuild/core'],
    builds: [
      { config: 'rspack.config.mjs', command: ['build-rspack.mjs'], page: 'dist/index.html' },
      { config: 'rsbuild.config.mjs', command: ['node_modules/@rsbuild/core/bin/rsbuild.js', 'build'], page: 'dist/index.html' },
    ],
  },
  { dir: 'astro', name: '@cspkit/astro', tools: ['astro'], builds: [{ config: 'astro.config.mjs', command: ['node_modules/astro/astro.js', 'build'], page: 'dist/index.html' }] },
  { dir: 'cli', name: 'cspkit', tools: [], builds: [{ config: 'cspkit.config.ts', command: ['node_modules/cspkit/dist/bin.js', 'build', 'site'], page: 'site/index.html' }] },
]

/** The fenced code block of a README whose first line is `// <config>` (the rest of that line may say more). */
function readmeExample(dir: string, config: string): string {
  const readme = readFileSync(join(ROOT, 'packages', dir, 'README.md'), 'utf8')
  const block = [...readme.matchAll(/^```\w*\n([\s\S]*?)^```/gm)].map((m) => m[1]!).find((code) => code.startsWith(`// ${config}\n`) || code.startsWith(`// ${config} `))
  if (!block) throw new Error(`[cspkit tests] packages/${dir}/README.md has no example starting with "// ${config}"`)
  return block
}

/** What `pnpm pack` makes a package's tarball from. */
function packInputs(dir: string, hash: ReturnType<typeof createHash>): void {
  const root = join(ROOT, 'packages', dir)
  const walk = (path: string): void => {
    if (!existsSync(path)) return
    if (statSync(path).isDirectory()) for (const name of readdirSync(path).sort()) walk(join(path, name))
    else if (!path.endsWith('.tsbuildinfo')) hash.update(`\0${relative(root, path)}\0`).update(readFileSync(path))
  }
  for (const name of ['package.json', 'README.md', 'index.cjs', 'dist', 'src']) walk(join(root, name))
}

const cacheRoot = process.env.CSPKIT_TEST_CACHE_DIR ?? tmpdir()
/**
 * The children's environment: none of the npm_config_* and npm_package_* variables a `pnpm test` run
 * passes down (npm_config_local_prefix would point npm's install at the repository itself).
 */
const env: NodeJS.ProcessEnv = {
  ...Object.fromEntries(Object.entries(plainEnv()).filter(([key]) => !/^(npm|pnpm)_/i.test(key))),
  ASTRO_TELEMETRY_DISABLED: '1',
  NO_COLOR: '1',
  npm_config_update_notifier: 'false',
}

function cacheDir(door: Door): string {
  const key = createHash('sha256')
  for (const dir of ['core', door.dir]) packInputs(dir, key)
  for (const tool of door.tools) key.update(`\0${tool}@${packageVersion(tool)}`)
  return join(cacheRoot, `cspkit-one-package-${door.dir}-${key.digest('hex').slice(0, 16)}`)
}

const VERSIONS: Record<string, string> = Object.fromEntries(
  ['core', ...DOORS.map((d) => d.dir)].map((dir) => {
    const manifest = JSON.parse(readFileSync(join(ROOT, 'packages', dir, 'package.json'), 'utf8')) as { name: string; version: string }
    return [manifest.name, manifest.version]
  }),
)
/** The file `pnpm pack` writes for a package. */
const tarballName = (name: string) => `${name.replace('@', '').replace('/', '-')}-${VERSIONS[name]}.tgz`

/** A project with only the entry package's and the core's tarballs and the tools, installed by npm. */
async function install(door: Door, tarballs: string, into: string): Promise<void> {
  const tmp = `${into}.tmp-${process.pid}`
  rmSync(tmp, { recursive: true, force: true })
  mkdirSync(tmp, { recursive: true })
  const dependencies: Record<string, string> = {}
  for (const name of ['@cspkit/core', door.name]) {
    cpSync(join(tarballs, tarballName(name)), join(tmp, tarballName(name)))
    dependencies[name] = `file:./${tarballName(name)}`
  }
  for (const tool of door.tools) dependencies[tool] = packageVersion(tool)
  writeFileSync(join(tmp, 'package.json'), `${JSON.stringify({ name: `scratch-${door.dir}`, private: true, dependencies }, null, 2)}\n`)
  await run('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error', '--prefer-offline'], { cwd: tmp, env, maxBuffer: 1 << 24 })
  writeFileSync(join(tmp, 'COMPLETE'), '')
  rmSync(into, { recursive: true, force: true })
  renameSync(tmp, into)
  removeStale(door, into)
}

/**
 * Installs for tarballs made of older sources (a few hundred MB for Astro's) go once no run has used
 * them for a day: another checkout on this machine may still be building in one.
 */
function removeStale(door: Door, keep: string): void {
  const pattern = new RegExp(`^cspkit-one-package-${door.dir}-[0-9a-f]{16}$`)
  for (const name of readdirSync(cacheRoot)) {
    const dir = join(cacheRoot, name)
    if (!pattern.test(name) || dir === keep) continue
    const used = existsSync(join(dir, 'COMPLETE')) ? statSync(join(dir, 'COMPLETE')).mtimeMs : 0
    if (Date.now() - used > 86_400_000) rmSync(dir, { recursive: true, force: true })
  }
}

const TS_EXAMPLES = DOORS.flatMap((door) => door.builds.filter((b) => b.config.endsWith('.ts')).map((b) => ({ door, config: b.config })))

/**
 * tsc over a TypeScript example as written and over a copy whose typed preset call gets an option the
 * preset lacks (the negative control: types that resolved to any would accept it).
 */
async function typeCheck(project: string, dir: string, config: string): Promise<{ code: number; stdout: string }> {
  const wrong = `wrong-${config}`
  writeFileSync(join(project, wrong), readmeExample(dir, config).replace('googleFonts()', "googleFonts({ variant: 'no-such-variant' })"))
  const tsconfig = `tsconfig.${config}.json`
  writeFileSync(
    join(project, tsconfig),
    JSON.stringify({ compilerOptions: { module: 'nodenext', moduleResolution: 'nodenext', target: 'es2022', strict: true, skipLibCheck: true, noEmit: true, types: [] }, files: [config, wrong] }),
  )
  return run(process.execPath, [TSC, '-p', tsconfig], { cwd: project, env }).then(
    () => ({ code: 0, stdout: '' }),
    (e: { code: number; stdout: string }) => ({ code: e.code, stdout: e.stdout }),
  )
}
const typeChecks = new Map<string, { code: number; stdout: string }>()

interface Built {
  /** The scratch project the build ran in. */
  project: string
  /** node_modules as npm installed it (the link's target). */
  installed: string
  pages: Map<string, string>
}
const built = new Map<string, Built>()

beforeAll(async () => {
  const caches = new Map(DOORS.map((d) => [d.dir, cacheDir(d)]))
  const missing = DOORS.filter((d) => !existsSync(join(caches.get(d.dir)!, 'COMPLETE')))
  if (missing.length > 0) {
    const tarballs = mkdtempSync(join(tmpdir(), 'cspkit-tarballs-'))
    await run('npx', [...PNPM, '-r', '--filter', './packages/*', 'pack', '--pack-destination', tarballs], { cwd: ROOT, env, maxBuffer: 1 << 24 })
    await Promise.all(missing.map((d) => install(d, tarballs, caches.get(d.dir)!)))
  }
  // Every build at once: most of each is waiting on its own tool's start-up.
  await Promise.all(
    DOORS.map(async (door) => {
      // Marks the install as in use (removeStale keeps it another day).
      utimesSync(join(caches.get(door.dir)!, 'COMPLETE'), new Date(), new Date())
      const installed = join(caches.get(door.dir)!, 'node_modules')
      const project = mkdtempSync(join(tmpdir(), `cspkit-one-package-${door.dir}-`))
      symlinkSync(installed, join(project, 'node_modules'), 'dir')
      cpSync(join(caches.get(door.dir)!, 'package.json'), join(project, 'package.json'))
      for (const [file, text] of Object.entries({ ...SOURCES, ...SCRIPTS })) {
        mkdirSync(join(project, file, '..'), { recursive: true })
        writeFileSync(join(project, file), text)
      }
      const pages = new Map<string, string>()
      for (const { config, command, page } of door.builds) {
        writeFileSync(join(project, config), readmeExample(door.dir, config))
        rmSync(join(project, 'dist'), { recursive: true, force: true })
        await run(process.execPath, [...command], { cwd: project, env, maxBuffer: 1 << 24 }).catch((e: { stdout: string; stderr: string }) => {
          throw new Error(`[cspkit tests] ${door.name}: ${config} did not build:\n${e.stdout}\n${e.stderr}`)
        })
        pages.set(config, readFileSync(join(project, page), 'utf8'))
        if (config.endsWith('.ts')) typeChecks.set(`${door.dir}/${config}`, await typeCheck(project, door.dir, config))
      }
      built.set(door.dir, { project, installed, pages })
    }),
  )
}, 600_000)

// What the examples' googleFonts() call adds, from the preset's own definition.
const fontSources = (googleFonts().preset as Preset).directives['font-src']!

describe.each(DOORS)('$name alone', (door) => {
  const get = () => built.get(door.dir)!

  it('is installed from its tarball with only the core beside it, no workspace link', () => {
    const { installed } = get()
    const cspkitPackages = readdirSync(join(installed, '@cspkit')).map((n) => `@cspkit/${n}`)
    const expected = door.name === 'cspkit' ? ['@cspkit/core'] : ['@cspkit/core', door.name]
    expect(cspkitPackages.sort()).toEqual(expected.sort())
    if (door.name === 'cspkit') expect(existsSync(join(installed, 'cspkit/package.json'))).toBe(true)
    // A real copy inside the scratch project, never a link back into the repository.
    for (const name of expected) expect(realpathSync(join(installed, name))).not.toContain(ROOT)
  })

  it.each(door.builds)("builds the README's $config example: the page's policy holds its inline script's hash and the typed preset call's sources", ({ config }) => {
    const html = get().pages.get(config)!
    const meta = /<meta http-equiv="Content-Security-Policy" content="([^"]*)"/.exec(html)?.[1]
    expect(meta, `${config}: a CSP meta`).toBeDefined()
    const script = scanPage(html).inline.find((item) => item.kind === 'script')!
    // As shipped: the HTML plugins' minifiers may have rewritten it.
    expect(script.text).toMatch(/dataset\.ready ?= ?["']yes["']/)
    const directives = new Map(meta!.split(';').map((d) => d.trim().split(/\s+/)).map(([name, ...sources]) => [name!, sources]))
    expect(directives.get('script-src')).toContain(hashSource(script.text, 'sha256'))
    expect(directives.get('font-src')).toEqual(expect.arrayContaining([...fontSources]))
  })
})

describe('the installed CLI', () => {
  it("cspkit --version prints the packed package's version", async () => {
    const { project } = built.get('cli')!
    const { stdout } = await run(process.execPath, ['node_modules/cspkit/dist/bin.js', '--version'], { cwd: project, env })
    expect(stdout).toBe(`${VERSIONS.cspkit}\n`)
  })
})

describe('the TypeScript examples type-check against the installed package alone', () => {
  it.each(TS_EXAMPLES)("$config ($door.name): as written it passes; with an option the preset call does not take it fails", ({ door, config }) => {
    const { code, stdout } = typeChecks.get(`${door.dir}/${config}`)!
    // One tsc run over both files: errors only in the wrong copy, at the preset call.
    expect(code).not.toBe(0)
    const errors = stdout.split('\n').filter((l) => l.includes('error TS'))
    expect(errors.length).toBeGreaterThan(0)
    for (const line of errors) expect(line).toMatch(new RegExp(`^wrong-${config.replace('.', '\\.')}\\(\\d+,\\d+\\): error TS2322: Type 'string' is not assignable to type 'undefined'`))
  })
})
