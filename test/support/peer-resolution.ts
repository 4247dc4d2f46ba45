/**
 * What a user's npm does with a cspkit package's peer range: the core and the package packed as
 * published (`pnpm pack`, which turns `workspace:*` into versions), then npm resolves a project holding
 * both tarballs and an exact version of the peer (`--package-lock-only`: npm's whole dependency and peer
 * resolution, no package downloaded); and the control, the same tarball with an older range written
 * into its package.json. The resolutions are kept by content (what the tarballs are made of, the peer
 * versions, npm's version), so a warm run neither packs nor resolves.
 */
import { execFile } from 'node:child_process'
import { createHash } from 'node:crypto'
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, relative } from 'node:path'
import { promisify } from 'node:util'
import { ROOT } from './builds.js'
import { plainEnv } from './cli.js'
import { cachedBuild, sourceFiles } from './real-sites.js'

const run = promisify(execFile)
/** Without the npm_config_* a `pnpm test` run passes down (npm_config_local_prefix would aim npm at the repository). */
const env: NodeJS.ProcessEnv = {
  ...Object.fromEntries(Object.entries(plainEnv()).filter(([key]) => !/^(npm|pnpm)_/i.test(key))),
  npm_config_update_notifier: 'false',
}

export interface PeerQuestion {
  /** The workspace folder under packages/ (`rspack`) and its package name (`@cspkit/rspack`). */
  readonly dir: string
  readonly name: string
  /** The peer dependency (`@rspack/core`) and the exact versions to resolve it at. */
  readonly peer: string
  readonly versions: readonly string[]
  /** The control: this range in place of the package's, resolved beside `controlVersion`. */
  readonly oldRange: string
  readonly controlVersion: string
}

export interface PeerResolution {
  /** The package's peer range as packed, or the control's. */
  readonly range: string
  readonly version: string
  readonly code: number
  readonly stderr: string
  /** From the package-lock npm wrote: the peer version it installs and the package's peer range as it read it. */
  readonly locked?: { version: string; peer: string }
}

/** The package's peer range as its package.json (the one packed) states it. */
export function peerRange(dir: string, peer: string): string {
  return (JSON.parse(readFileSync(join(ROOT, 'packages', dir, 'package.json'), 'utf8')) as { peerDependencies: Record<string, string> }).peerDependencies[peer]!
}

/** npm's resolution of a project holding the two tarballs and `<peer>@<version>`. */
async function resolve(q: PeerQuestion, tarballs: string, core: string, pkg: string, version: string): Promise<Omit<PeerResolution, 'range'>> {
  const project = mkdtempSync(join(tmpdir(), `cspkit-${q.dir}-peer-`))
  try {
    const dependencies = { '@cspkit/core': `file:${join(tarballs, core)}`, [q.name]: `file:${join(tarballs, pkg)}`, [q.peer]: version }
    writeFileSync(join(project, 'package.json'), `${JSON.stringify({ name: `scratch-${q.dir}-peer`, private: true, dependencies }, null, 2)}\n`)
    const args = ['install', '--package-lock-only', '--no-audit', '--no-fund', '--loglevel=error', '--prefer-offline']
    const result = await run('npm', args, { cwd: project, env, maxBuffer: 1 << 24 }).then(
      () => ({ code: 0, stderr: '' }),
      (e: { code: number; stderr: string }) => ({ code: e.code, stderr: e.stderr }),
    )
    if (result.code !== 0) return { version, ...result }
    const lock = JSON.parse(readFileSync(join(project, 'package-lock.json'), 'utf8')) as { packages: Record<string, { version: string; peerDependencies?: Record<string, string> }> }
    return { version, ...result, locked: { version: lock.packages[`node_modules/${q.peer}`]!.version, peer: lock.packages[`node_modules/${q.name}`]!.peerDependencies![q.peer]! } }
  } finally {
    rmSync(project, { recursive: true, force: true })
  }
}

/** The packed package with another peer range (the tarball's package.json rewritten, repacked). */
async function withRange(q: PeerQuestion, tarballs: string, pkg: string): Promise<string> {
  const unpacked = mkdtempSync(join(tmpdir(), `cspkit-${q.dir}-repack-`))
  try {
    await run('tar', ['xzf', join(tarballs, pkg), '-C', unpacked])
    const manifestPath = join(unpacked, 'package/package.json')
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as { peerDependencies: Record<string, string> }
    manifest.peerDependencies[q.peer] = q.oldRange
    writeFileSync(manifestPath, JSON.stringify(manifest, null, 2))
    const name = `old-range-${pkg}`
    await run('tar', ['czf', join(tarballs, name), '-C', unpacked, 'package'])
    return name
  } finally {
    rmSync(unpacked, { recursive: true, force: true })
  }
}

/** Each of `versions` resolved beside the packed package as it is, then the control. */
export async function peerResolutions(q: PeerQuestion): Promise<PeerResolution[]> {
  const range = peerRange(q.dir, q.peer)
  const key = createHash('sha256').update(`${resolve}${withRange}\0${JSON.stringify(q)}`)
  for (const pkg of ['core', q.dir]) {
    for (const name of ['package.json', 'README.md', 'index.cjs', 'dist', 'src']) {
      const path = join(ROOT, 'packages', pkg, name)
      if (!existsSync(path)) continue
      for (const file of statSync(path).isDirectory() ? sourceFiles(path) : [path]) {
        if (!file.endsWith('.tsbuildinfo')) key.update(`\0${relative(ROOT, file)}\0`).update(readFileSync(file))
      }
    }
  }
  key.update(`\0npm ${(await run('npm', ['--version'], { env })).stdout}`)
  const dir = await cachedBuild(`${q.dir}-peer-range`, key.digest('hex'), async (out) => {
    mkdirSync(out, { recursive: true })
    const tarballs = join(out, 'tarballs')
    await run('npx', ['--yes', 'pnpm@10.34.9', '--filter', '@cspkit/core', '--filter', q.name, 'pack', '--pack-destination', tarballs], { cwd: ROOT, env, maxBuffer: 1 << 24 })
    const packed = readdirSync(tarballs)
    const core = packed.find((n) => n.startsWith('cspkit-core-'))!
    const pkg = packed.find((n) => n.startsWith(`${q.name.replace('@', '').replace('/', '-')}-`))!
    const old = await withRange(q, tarballs, pkg)
    const found = await Promise.all([
      ...q.versions.map(async (version) => ({ range, ...(await resolve(q, tarballs, core, pkg, version)) })),
      resolve(q, tarballs, core, old, q.controlVersion).then((r) => ({ range: q.oldRange, ...r })),
    ])
    writeFileSync(join(out, 'resolutions.json'), JSON.stringify(found, null, 2))
  })
  return JSON.parse(readFileSync(join(dir, 'resolutions.json'), 'utf8')) as PeerResolution[]
}
