/**
 * The real `cspkit` bin on folders that used to slip through or crash:
 * - symbolic links: a host serves a link's target at the link's URL, so `build` follows links inside
 *   the folder (rewriting each real file once: its meta serves every URL that reaches it) and `check`
 *   checks every URL; links outside the folder, broken ones and loops are named, and fail `check`.
 * - 10,000 nested elements inside `<svg>`: no stack overflow in build or check.
 */
import { lstatSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { tempDir } from './support/builds.js'
import { cspkit, type CliRun } from './support/cli.js'

const page = (marker: string, body = '') => `<!doctype html><html><head><meta charset="utf-8"><title>${marker}</title></head><body><script>window.ran = '${marker}'</script>${body}</body></html>`
const codesFor = (run: CliRun, file: string) =>
  run.stderr
    .split('\n')
    .filter((l) => l.includes(` (${file}`))
    .map((l) => /^\[cspkit\] ([A-Z_]+)/.exec(l)?.[1])

describe('symbolic links in the built folder', () => {
  const site = tempDir('links-site')
  const outside = tempDir('links-outside')
  let before: CliRun
  let build: CliRun
  let after: CliRun
  let afterCleanup: CliRun

  beforeAll(async () => {
    mkdirSync(join(site, 'latest'))
    writeFileSync(join(site, 'latest', 'index.html'), page('latest'))
    writeFileSync(join(outside, 'elsewhere.html'), page('elsewhere'))
    symlinkSync('latest', join(site, 'v2')) // a folder link inside: /v2/ serves latest/index.html
    symlinkSync('latest/index.html', join(site, 'alias.html')) // a page link inside
    symlinkSync(join(outside, 'elsewhere.html'), join(site, 'outside.html'))
    symlinkSync('missing.html', join(site, 'broken.html'))
    before = await cspkit(['check', site])
    build = await cspkit(['build', site])
    after = await cspkit(['check', site])
  })

  it('check, before the build, fails every URL a link reaches, not only the real file', () => {
    expect(before.code).toBe(1)
    for (const file of ['latest/index.html', 'v2/index.html', 'alias.html']) expect(codesFor(before, file), file).toEqual(['CHECK_NO_POLICY'])
  })

  it('build rewrites the real page once, leaves the links links, and warns for the links it cannot follow', () => {
    expect(build.code, build.stderr).toBe(0)
    expect(build.stdout).toMatch(/build: 1 page in /)
    expect(readFileSync(join(site, 'latest', 'index.html'), 'utf8')).toContain('http-equiv="Content-Security-Policy"')
    expect(lstatSync(join(site, 'alias.html')).isSymbolicLink()).toBe(true)
    expect(lstatSync(join(site, 'v2')).isSymbolicLink()).toBe(true)
    expect(codesFor(build, 'outside.html')).toEqual(['LINK_NOT_FOLLOWED'])
    expect(build.stderr).toContain(`outside.html is a symbolic link to ${join(outside, 'elsewhere.html')}, outside the folder`)
    expect(codesFor(build, 'broken.html')).toEqual(['LINK_NOT_FOLLOWED'])
    // What is outside the folder is never touched.
    expect(readFileSync(join(outside, 'elsewhere.html'), 'utf8')).toBe(page('elsewhere'))
  })

  it('check, after the build, passes every URL inside and fails on the links it cannot follow', () => {
    expect(after.code).toBe(1)
    for (const file of ['latest/index.html', 'v2/index.html', 'alias.html']) expect(codesFor(after, file), file).toEqual([])
    expect(codesFor(after, 'outside.html')).toEqual(['CHECK_LINK_NOT_FOLLOWED'])
    expect(codesFor(after, 'broken.html')).toEqual(['CHECK_LINK_NOT_FOLLOWED'])
    expect(after.stdout).toContain('2 symbolic links not followed')
  })

  it('with those two links gone, the check passes', async () => {
    const clean = tempDir('links-clean')
    mkdirSync(join(clean, 'latest'))
    writeFileSync(join(clean, 'latest', 'index.html'), readFileSync(join(site, 'latest', 'index.html')))
    symlinkSync('latest', join(clean, 'v2'))
    afterCleanup = await cspkit(['check', clean])
    expect(afterCleanup.code, afterCleanup.stderr).toBe(0)
    expect(afterCleanup.stdout).toMatch(/check: 2 pages in /)
  })

  it('a folder link back to a folder that contains it is named, not followed forever', async () => {
    const loop = tempDir('links-loop')
    writeFileSync(join(loop, 'index.html'), page('loop'))
    symlinkSync('..', join(loop, 'up'))
    mkdirSync(join(loop, 'sub'))
    symlinkSync('..', join(loop, 'sub', 'up'))
    const run = await cspkit(['check', loop])
    expect(codesFor(run, 'up')).toEqual(['CHECK_LINK_NOT_FOLLOWED'])
    expect(codesFor(run, 'sub/up')).toEqual(['CHECK_LINK_NOT_FOLLOWED'])
    expect(run.stderr).toContain('a folder that contains it')
  })
})

describe('10,000 nested elements', () => {
  // (<template> and <math> through the scanners: packages/core/test/fast-scan.test.ts.)
  it('inside <svg>: build hashes what is inside, check passes it, neither overflows', async () => {
    const site = tempDir('deep')
    const svg = `<svg>${'<g onclick="a()">'.repeat(10_000)}${'</g>'.repeat(10_000)}</svg>`
    writeFileSync(join(site, 'svg.html'), page('svg', svg))
    const build = await cspkit(['build', site])
    expect(build.code, build.stderr).toBe(0)
    expect(build.stderr).not.toContain('Maximum call stack')
    const svgPage = readFileSync(join(site, 'svg.html'), 'utf8')
    // The handler's and the script's hashes (one each: the 10,000 handlers are the same text).
    expect(svgPage.match(/'sha256-/g)).toHaveLength(2)
    const check = await cspkit(['check', site])
    expect(check.code, check.stderr).toBe(0)
    // The negative control: one nested handler changed after the build is found and fails the check.
    writeFileSync(join(site, 'svg.html'), svgPage.replace('<g onclick="a()"></g>', '<g onclick="b()"></g>'))
    const tampered = await cspkit(['check', site])
    expect(tampered.code).toBe(1)
    expect(codesFor(tampered, 'svg.html')).toEqual(['CHECK_INLINE_BLOCKED'])
  })
})
