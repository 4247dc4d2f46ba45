/**
 * A user's `npm install @cspkit/astro` beside the Astro they have: the core and the integration packed
 * as published (`pnpm pack`, which turns `workspace:*` into versions), then npm resolves a project
 * holding both tarballs and an exact `astro` (`--package-lock-only`: npm's whole dependency and peer
 * resolution, no package downloaded). Every Astro major the tests build with is accepted; the control
 * is the same tarball with the peer range of before (`^5.0.0`), which npm refuses beside Astro 7
 * (ERESOLVE): the check can fail. The resolutions are kept by content (what the tarballs are made
 * of, the Astro versions, npm's version), so a warm run neither packs nor resolves.
 */
import { execFile } from 'node:child_process'
import { createHash } from 'node:crypto'
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, relative } from 'node:path'
import { promisify } from 'node:util'
import { beforeAll, describe, expect, it } from 'vitest'
import { ROOT } from './support/builds.js'
import { plainEnv } from './support/cli.js'
import { cachedBuild, packageVersion, sourceFiles } from './support/real-sites.js'

const run = promisify(execFile)
/** The range of @cspkit/astro 0.1.0 before Astro 6 and 7 were tested: the control. */
const OLD_RANGE = '^5.0.0'
const RANGE = (JSON.parse(readFileSync(join(ROOT, 'packages/astro/package.json'), 'utf8')) as { peerDependencies: { astro: string } }).peerDependencies.astro
/** The Astro packages the tests build with (test/cli-astro.test.ts, test/astro-latest.test.ts). */
const ASTROS = ['astro', 'astro6', 'astro7'].map((pkg) => ({ pkg, version: packageVersion(pkg) }))
/** Without the npm_config_* a `pnpm test` run passes down (npm_config_local_prefix would aim npm at the repository). */
const env: NodeJS.ProcessEnv = {
  ...Object.fromEntries(Object.entries(plainEnv()).filter(([key]) => !/^(npm|pnpm)_/i.test(key))),
  npm_config_update_notifier: 'false',
}

interface Resolution {
  readonly range: string
  readonly astro: string
  readonly code: number
  readonly stderr: string
  /** From the package-lock npm wrote: the astro it installs and @cspkit/astro's peer range as packed. */
  readonly locked?: { astro: string; peer: string }
}

/** npm's resolution of a project holding the two tarballs and `astro@<astro>`. */
async function resolve(tarballs: string, core: string, integration: string, astro: string): Promise<Omit<Resolution, 'range'>> {
  const project = mkdtempSync(join(tmpdir(), 'cspkit-astro-peer-'))
  try {
    const dependencies = { '@cspkit/core': `file:${join(tarballs, core)}`, '@cspkit/astro': `file:${join(tarballs, integration)}`, astro }
    writeFileSync(join(project, 'package.json'), `${JSON.stringify({ name: 'scratch-astro-peer', private: true, dependencies }, null, 2)}\n`)
    const args = ['install', '--package-lock-only', '--no-audit', '--no-fund', '--loglevel=error', '--prefer-offline']
    const result = await run('npm', args, { cwd: project, env, maxBuffer: 1 << 24 }).then(
      () => ({ code: 0, stderr: '' }),
      (e: { code: number; stderr: string }) => ({ code: e.code, stderr: e.stderr }),
    )
    if (result.code !== 0) return { astro, ...result }
    const lock = JSON.parse(readFileSync(join(project, 'package-lock.json'), 'utf8')) as { packages: Record<string, { version: string; peerDependencies?: Record<string, string> }> }
    return { astro, ...result, locked: { astro: lock.packages['node_modules/astro']!.version, peer: lock.packages['node_modules/@cspkit/astro']!.peerDependencies!.astro! } }
  } finally {
    rmSync(project, { recursive: true, force: true })
  }
}

/** The packed integration with another peer range (the tarball's package.json rewritten, repacked). */
async function withRange(tarballs: string, integration: string, range: string): Promise<string> {
  const unpacked = mkdtempSync(join(tmpdir(), 'cspkit-astro-repack-'))
  try {
    await run('tar', ['xzf', join(tarballs, integration), '-C', unpacked])
    const manifestPath = join(unpacked, 'package/package.json')
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as { peerDependencies: Record<string, string> }
    manifest.peerDependencies.astro = range
    writeFileSync(manifestPath, JSON.stringify(manifest, null, 2))
    const name = `old-range-${integration}`
    await run('tar', ['czf', join(tarballs, name), '-C', unpacked, 'package'])
    return name
  } finally {
    rmSync(unpacked, { recursive: true, force: true })
  }
}

let resolutions: Resolution[]

beforeAll(async () => {
  const key = createHash('sha256').update(`${resolve}${withRange}\0${OLD_RANGE}\0${JSON.stringify(ASTROS)}`)
  for (const pkg of ['core', 'astro']) {
    for (const name of ['package.json', 'README.md', 'index.cjs', 'dist', 'src']) {
      const path = join(ROOT, 'packages', pkg, name)
      if (!existsSync(path)) continue
      for (const file of statSync(path).isDirectory() ? sourceFiles(path) : [path]) {
        if (!file.endsWith('.tsbuildinfo')) key.update(`\0${relative(ROOT, file)}\0`).update(readFileSync(file))
      }
    }
  }
  key.update(`\0npm ${(await run('npm', ['--version'], { env })).stdout}`)
  const dir = await cachedBuild('astro-peer-range', key.digest('hex'), async (out) => {
    mkdirSync(out, { recursive: true })
    const tarballs = join(out, 'tarballs')
    await run('npx', ['--yes', 'pnpm@10.34.9', '--filter', '@cspkit/core', '--filter', '@cspkit/astro', 'pack', '--pack-destination', tarballs], { cwd: ROOT, env, maxBuffer: 1 << 24 })
    const packed = readdirSync(tarballs)
    const core = packed.find((n) => n.startsWith('cspkit-core-'))!
    const integration = packed.find((n) => n.startsWith('cspkit-astro-'))!
    const old = await withRange(tarballs, integration, OLD_RANGE)
    const found = await Promise.all([
      ...ASTROS.map(async ({ version }) => ({ range: RANGE, ...(await resolve(tarballs, core, integration, version)) })),
      resolve(tarballs, core, old, packageVersion('astro7')).then((r) => ({ range: OLD_RANGE, ...r })),
    ])
    writeFileSync(join(out, 'resolutions.json'), JSON.stringify(found, null, 2))
  })
  resolutions = JSON.parse(readFileSync(join(dir, 'resolutions.json'), 'utf8')) as Resolution[]
}, 300_000)

describe(`@cspkit/astro's peer range (${RANGE}) as npm resolves it`, () => {
  it.each(ASTROS)('npm installs the packed @cspkit/astro beside astro@$version without a peer conflict', ({ version }) => {
    const found = resolutions.find((r) => r.range === RANGE && r.astro === version)!
    expect(found.stderr).not.toContain('ERESOLVE')
    expect(found.code).toBe(0)
    expect(found.locked).toEqual({ astro: version, peer: RANGE })
  })

  it(`control: with the range of before (${OLD_RANGE}) npm refuses it beside astro@${packageVersion('astro7')} (ERESOLVE), naming the peer`, () => {
    const found = resolutions.find((r) => r.range === OLD_RANGE)!
    expect(found.code).not.toBe(0)
    expect(found.stderr).toContain('ERESOLVE')
    expect(found.stderr).toContain(`peer astro@"${OLD_RANGE}" from @cspkit/astro@`)
  })
})
