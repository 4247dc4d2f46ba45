/**
 * Host header files belong to the user too: cspkit changes only the rules it wrote, keeps the rest
 * byte for byte, says what the host does when a user rule and one of cspkit's set the same header for
 * the same URL, and refuses (error, file and pages untouched) files the host would read differently
 * from cspkit. Files keep their symlink, mode and owner, and temporary files of killed runs go.
 * Through a real vite 8 build and the real `cspkit build`; Vercel's outcome through
 * @vercel/routing-utils (the Vercel CLI's routing).
 */
import { spawnSync } from 'node:child_process'
import { chownSync, cpSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, readlinkSync, rmSync, statSync, statfsSync, symlinkSync, writeFileSync, chmodSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createRequire } from 'node:module'
import vitePlugin from '@cspkit/vite'
import webpackPlugin from '@cspkit/webpack'
import type { CspkitApi, Options } from '@cspkit/core'
import { netlifyValues, parseNetlify, routeVercel, vercelResponse } from './fixtures/hosts-support/host-matchers.js'
import { cspkit } from './support/cli.js'
import { buildHostsSite, copyFixture as copyHostsSite } from './support/hosts-site.js'

const ROOT = resolve(fileURLToPath(new URL('..', import.meta.url)))
const require = createRequire(import.meta.url)
const API_CSP = "default-src 'none'; frame-ancestors 'none'"
const ABOUT_CSP = "default-src 'self'"
/** The user's vercel.json: a stricter policy of their own for the API, one for /about, and other settings. */
const USER_VERCEL = `{
  "cleanUrls": true,
  "headers": [
    { "source": "/api/(.*)", "headers": [{ "key": "Content-Security-Policy", "value": "${API_CSP}" }] },
    { "source": "/about", "headers": [{ "key": "Content-Security-Policy", "value": "${ABOUT_CSP}" }] }
  ]
}
`

let work: string
beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'cspkit-host-trust-'))
})
afterAll(() => rmSync(work, { recursive: true, force: true }))

function copyFixture(name: string): string {
  return copyHostsSite('hosts-site', work, name)
}

async function viteBuild(project: string, options: Options): Promise<{ api: CspkitApi; error: Error | undefined }> {
  const plugin = vitePlugin(options) as unknown as { api: CspkitApi }
  try {
    await buildHostsSite(project, plugin)
    return { api: plugin.api, error: undefined }
  } catch (e) {
    return { api: plugin.api, error: e as Error }
  }
}

/** The HTML files in a folder (none when it does not exist): what a failed build must not have written. */
function pagesIn(dir: string): string[] {
  return existsSync(dir) ? (readdirSync(dir, { recursive: true }) as string[]).filter((f) => f.endsWith('.html')) : []
}

/** The pid of a process that has exited: a temporary file named for it is a killed run's. */
function deadPid(): number {
  return spawnSync(process.execPath, ['-e', '0']).pid!
}

describe('vercel.json through a vite 8 build', () => {
  const options: Options = { meta: false, hosts: ['vercel'] }
  let project: string
  let first: { api: CspkitApi; error: Error | undefined }
  let text: string

  beforeAll(async () => {
    project = copyFixture('vite-vercel')
    // vercel.json is a symlink to a private (0600) file in config/, as some monorepos keep it.
    mkdirSync(join(project, 'config'))
    writeFileSync(join(project, 'config/vercel.json'), USER_VERCEL, { mode: 0o600 })
    chmodSync(join(project, 'config/vercel.json'), 0o600)
    symlinkSync('config/vercel.json', join(project, 'vercel.json'))
    writeFileSync(join(project, `config/.vercel.json.cspkit-${deadPid()}-0123456789ab.tmp`), '{"half": ')
    first = await viteBuild(project, options)
    text = readFileSync(join(project, 'config/vercel.json'), 'utf8')
  }, 120_000)

  it("keeps the user's own CSP rules byte for byte; Vercel sends the user's policy under /api (cspkit's site rule comes first) and cspkit's at the other pages", () => {
    expect(first.error).toBeUndefined()
    for (const line of USER_VERCEL.split('\n').filter((l) => l.includes('"source"'))) expect(text).toContain(line)
    const routed = routeVercel(JSON.parse(text))
    expect(routed.schemaErrors).toEqual([])
    expect(vercelResponse(routed, '/api/users').headers['content-security-policy']).toBe(API_CSP)
    for (const [url, file] of [['/', 'index.html'], ['/docs', 'docs/index.html']] as const)
      expect(vercelResponse(routed, url).headers['content-security-policy'], url).toBe(first.api.page(file)!.headerPolicy)
  })

  it("reports the user's /about rule with Vercel's actual outcome at that page; the /api rule, which matches no page, is no conflict", () => {
    const conflicts = first.api.diagnostics.filter((d) => d.code === 'HEADERS_USER_RULE_CONFLICT').map((d) => d.message)
    expect(conflicts).toHaveLength(1)
    const sent = vercelResponse(routeVercel(JSON.parse(text)), '/about').headers['content-security-policy']
    // What the message says Vercel does is what Vercel's routing does: the user's rule, later than cspkit's site rule, wins there.
    expect(sent).toBe(ABOUT_CSP)
    expect(conflicts[0]).toMatch(/rule for '\/about' sets Content-Security-Policy and comes after cspkit's site-wide rule: Vercel sends your Content-Security-Policy at '\/about', not the policy cspkit made for that page/)
  })

  it('keeps the symlink, the mode and the record of its own rules; removes the dead run\'s temporary file', () => {
    expect(lstatSync(join(project, 'vercel.json')).isSymbolicLink()).toBe(true)
    expect(readlinkSync(join(project, 'vercel.json'))).toBe('config/vercel.json')
    expect(statSync(join(project, 'config/vercel.json')).mode & 0o777).toBe(0o600)
    expect(readdirSync(join(project, 'config'))).toEqual(['vercel.json'])
    // The record sits next to vercel.json as configured (the link), to be committed with it.
    expect(JSON.parse(readFileSync(join(project, '.vercel.json.cspkit'), 'utf8')).rules).toHaveLength(JSON.parse(text).headers.length - 2)
  })

  it("a rebuild without a page removes only cspkit's rule for it; the user's rules stay", async () => {
    rmSync(join(project, 'docs'), { recursive: true })
    const plugin = vitePlugin(options) as unknown as { api: CspkitApi }
    const { build } = (await import('vite8')) as typeof import('vite')
    await build({
      root: project,
      configFile: false,
      logLevel: 'silent',
      build: { outDir: join(project, 'dist'), emptyOutDir: true, rollupOptions: { input: { home: join(project, 'index.html'), about: join(project, 'about.html') } } },
      plugins: [plugin as never],
    })
    const after = readFileSync(join(project, 'config/vercel.json'), 'utf8')
    const sources = (JSON.parse(after).headers as { source: string }[]).map((r) => r.source)
    expect(sources.filter((s) => s === '/api/(.*)' || s === '/about')).toEqual(['/api/(.*)', '/about'])
    for (const line of USER_VERCEL.split('\n').filter((l) => l.includes('"source"'))) expect(after).toContain(line)
    expect(sources.filter((s) => s.startsWith('/docs'))).toEqual([])
    expect(JSON.parse(text).headers.some((r: { source: string }) => r.source.startsWith('/docs'))).toBe(true) // it was there before
  }, 120_000)

  it('refuses a vercel.json with "headers" twice (Vercel reads the last): the build fails naming the line, the file and the output are untouched', async () => {
    const dup = copyFixture('vite-dup')
    const broken = `{\n  "headers": [],\n  "cleanUrls": true,\n  "headers": [{ "source": "/x", "headers": [{ "key": "X-A", "value": "1" }] }]\n}\n`
    writeFileSync(join(dup, 'vercel.json'), broken)
    const { error } = await viteBuild(dup, options)
    expect(error?.message).toMatch(/\[cspkit\] HEADERS_DUPLICATE_KEY \(vercel\.json:4:3\): .*"headers" twice/)
    expect(readFileSync(join(dup, 'vercel.json'), 'utf8')).toBe(broken)
    expect(pagesIn(join(dup, 'dist'))).toEqual([])
    expect(readdirSync(dup).filter((n) => n.includes('.cspkit'))).toEqual([])
  }, 120_000)

  it('on a full disk the build fails with FS_NO_SPACE naming vercel.json before the bundle is written, leaving no temporary file', async (ctx) => {
    const mnt = join(work, 'tmpfs')
    mkdirSync(mnt)
    const mounted = process.getuid?.() === 0 ? spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', mnt], { encoding: 'utf8' }) : undefined
    if (mounted?.status !== 0) {
      const why = mounted ? `mount -t tmpfs failed: ${mounted.stderr.trim() || mounted.error}` : 'not root, cannot mount a tmpfs'
      console.log(`[host-files] full-disk test skipped: ${why}`)
      ctx.skip(why)
    }
    try {
      const full = copyFixture('vite-full')
      writeFileSync(join(mnt, 'vercel.json'), USER_VERCEL)
      const fs = statfsSync(mnt)
      writeFileSync(join(mnt, 'filler'), Buffer.alloc(fs.bavail * fs.bsize))
      const { error } = await viteBuild(full, { ...options, headers: { vercel: { configPath: join(mnt, 'vercel.json') } } })
      expect(error?.message).toMatch(/\[cspkit\] FS_NO_SPACE \(.*vercel\.json\): cspkit could not write .*full \(ENOSPC\)/)
      expect(readFileSync(join(mnt, 'vercel.json'), 'utf8')).toBe(USER_VERCEL)
      expect(readdirSync(mnt).sort()).toEqual(['filler', 'vercel.json'])
      expect(pagesIn(join(full, 'dist'))).toEqual([])
    } finally {
      spawnSync('umount', [mnt])
    }
  }, 120_000)
})

async function webpackBuild(project: string, options: Options) {
  const webpack = require('webpack') as typeof import('webpack')
  // Loaded from the repository (where html-webpack-plugin resolves); it builds the temp copy via `context`.
  const config = require(join(ROOT, 'test/fixtures/hosts-webpack/webpack.config.cjs'))
  const plugin = webpackPlugin(options) as unknown as { api: CspkitApi }
  const stats = await new Promise<import('webpack').Stats>((ok, fail) =>
    webpack({ ...config, context: project, output: { ...config.output, path: join(project, 'dist') }, plugins: [...config.plugins, plugin] }, (err, s) => (err ? fail(err) : ok(s!))),
  )
  return { api: plugin.api, stats }
}

describe('vercel.json through a webpack 5 build', () => {
  it("keeps the user's rules and records cspkit's; a duplicate key fails the build with the file, its record and the output untouched and no temporary file", async () => {
    const project = join(work, 'webpack')
    cpSync(join(ROOT, 'test/fixtures/hosts-webpack'), project, { recursive: true })
    writeFileSync(join(project, 'vercel.json'), USER_VERCEL)
    const first = await webpackBuild(project, { meta: false, hosts: ['vercel'] })
    expect(first.stats.hasErrors(), first.stats.toString('errors-only')).toBe(false)
    const text = readFileSync(join(project, 'vercel.json'), 'utf8')
    for (const line of USER_VERCEL.split('\n').filter((l) => l.includes('"source"'))) expect(text).toContain(line)
    const routed = routeVercel(JSON.parse(text))
    expect(vercelResponse(routed, '/api/users').headers['content-security-policy']).toBe(API_CSP)
    expect(vercelResponse(routed, '/').headers['content-security-policy']).toBe(first.api.page('index.html')!.headerPolicy)
    const record = readFileSync(join(project, '.vercel.json.cspkit'), 'utf8')
    expect(JSON.parse(record).rules.length).toBeGreaterThan(0)

    const broken = text.replace('"cleanUrls": true,', '"cleanUrls": true,\n  "headers": [],')
    writeFileSync(join(project, 'vercel.json'), broken)
    rmSync(join(project, 'dist'), { recursive: true })
    const second = await webpackBuild(project, { meta: false, hosts: ['vercel'] })
    expect(second.stats.toString('errors-only')).toMatch(/\[cspkit\] HEADERS_DUPLICATE_KEY \(vercel\.json:\d+:\d+\)/)
    expect(readFileSync(join(project, 'vercel.json'), 'utf8')).toBe(broken)
    expect(readFileSync(join(project, '.vercel.json.cspkit'), 'utf8')).toBe(record)
    expect(pagesIn(join(project, 'dist'))).toEqual([]) // production webpack emits nothing on errors
    expect(readdirSync(project).filter((n) => /\.tmp$/.test(n))).toEqual([])
  }, 120_000)
})

/** A built site for the CLI: two pages in dist/. */
function site(name: string): string {
  const dir = join(work, name)
  mkdirSync(join(dir, 'dist'), { recursive: true })
  writeFileSync(join(dir, 'dist/index.html'), '<!doctype html><html><head><title>a</title></head><body><script>window.a = 1</script></body></html>\n')
  writeFileSync(join(dir, 'dist/about.html'), '<!doctype html><html><head><title>b</title></head><body><script>window.b = 2</script></body></html>\n')
  return dir
}

function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {}
  const walk = (d: string, rel: string) => {
    for (const name of readdirSync(d)) {
      const p = join(d, name)
      if (lstatSync(p).isDirectory()) walk(p, `${rel}${name}/`)
      else out[`${rel}${name}`] = readFileSync(p).toString('base64')
    }
  }
  walk(dir, '')
  return out
}

describe('files the host would read differently: cspkit build refuses them and changes nothing', () => {
  const cases: [name: string, file: string, bytes: Buffer, hosts: string, message: RegExp][] = [
    ['invalid UTF-8 in _headers', 'dist/_headers', Buffer.concat([Buffer.from('/assets/*\n  X-Note: caf'), Buffer.from([0xe9]), Buffer.from('\n')]), 'netlify', /\[cspkit\] HEADERS_FILE_NOT_UTF8 \(_headers:2\): _headers is not valid UTF-8 \(from line 2\)/],
    ['a BOM in vercel.json', 'vercel.json', Buffer.from('\uFEFF{ "cleanUrls": true }\n'), 'vercel', /\[cspkit\] HEADERS_FILE_BOM \(vercel\.json:1:1\): .*byte-order mark, which Vercel reads with JSON\.parse and rejects/],
    ['a vercel.json nested 100,000 deep', 'vercel.json', Buffer.from(`{ "x": ${'['.repeat(100_000)}${']'.repeat(100_000)} }\n`), 'vercel', /\[cspkit\] HEADERS_FILE_TOO_DEEP \(vercel\.json:1:\d+\): .*more than 64 levels deep/],
  ]
  for (const [name, file, bytes, hosts, message] of cases)
    it(`${name}: an error naming the file and line, no stack trace, every page and the file as they were`, async () => {
      const dir = site(name.replace(/\W+/g, '-'))
      writeFileSync(join(dir, file), bytes)
      const before = snapshot(dir)
      const run = await cspkit(['build', 'dist', '--hosts', hosts], dir)
      expect(run.code).toBe(1)
      expect(run.stderr).toMatch(message)
      expect(run.stderr).toMatch(/\[cspkit\] SITE_NOT_WRITTEN .*No page or header file was written/)
      expect(run.stderr).not.toMatch(/^\s+at /m)
      expect(snapshot(dir)).toEqual(before)
    })

  it('control: the same site with a valid _headers is processed, the user lines kept', async () => {
    const dir = site('valid-headers')
    writeFileSync(join(dir, 'dist/_headers'), '/assets/*\n  X-Note: café\n')
    const before = snapshot(dir)
    const run = await cspkit(['build', 'dist', '--hosts', 'netlify'], dir)
    expect(run.code, run.stderr).toBe(0)
    expect(snapshot(dir)).not.toEqual(before)
    expect(readFileSync(join(dir, 'dist/_headers'), 'utf8').startsWith('/assets/*\n  X-Note: café\n')).toBe(true)
  })
})

describe('cspkit build keeps what it does not own', () => {
  it("netlify.toml: a symlink stays one, its target keeps mode 0600 and its owner; stale temporary files go, a live run's stay", async () => {
    const dir = site('toml-link')
    mkdirSync(join(dir, 'conf'))
    const target = join(dir, 'conf/netlify.toml')
    writeFileSync(target, '[build]\n  publish = "dist"\n')
    chmodSync(target, 0o600)
    const owner = process.getuid?.() === 0 ? 65534 : process.getuid!()
    if (process.getuid?.() === 0) chownSync(target, owner, owner)
    symlinkSync('conf/netlify.toml', join(dir, 'netlify.toml'))
    const dead = deadPid()
    const stale = [`conf/.netlify.toml.cspkit-${dead}-00112233aabb.tmp`, `dist/.index.html.cspkit-${dead}-44556677ccdd.tmp`]
    const live = `dist/.about.html.cspkit-${process.pid}-8899aabbccdd.tmp`
    for (const f of [...stale, live]) writeFileSync(join(dir, f), 'partial')
    const run = await cspkit(['build', 'dist', '--hosts', 'netlify-toml'], dir)
    expect(run.code, run.stderr).toBe(0)
    expect(lstatSync(join(dir, 'netlify.toml')).isSymbolicLink()).toBe(true)
    const after = readFileSync(target, 'utf8')
    expect(after.startsWith('[build]\n  publish = "dist"\n')).toBe(true)
    expect(after).toContain('[[headers]]')
    expect(statSync(target).mode & 0o777).toBe(0o600)
    expect(statSync(target).uid).toBe(owner)
    for (const f of stale) expect(existsSync(join(dir, f)), f).toBe(false)
    expect(existsSync(join(dir, live))).toBe(true)
  })
})

describe("_headers: a user rule setting cspkit's header is reported with what the host sends", () => {
  it("Netlify: a user's /* policy is overridden at every page by cspkit's later rule (checked with Netlify's parser); a user's /api/* policy, which matches no page, is no conflict on its own", async () => {
    const dir = site('netlify-outcome')
    const user = `/*\n  Content-Security-Policy: default-src *\n/api/*\n  X-Robots-Tag: noindex\n`
    writeFileSync(join(dir, 'dist/_headers'), user)
    const run = await cspkit(['build', 'dist', '--hosts', 'netlify', '--no-meta'], dir)
    expect(run.code, run.stderr).toBe(0)
    const text = readFileSync(join(dir, 'dist/_headers'), 'utf8')
    expect(text.startsWith(user)).toBe(true)
    const warnings = run.stderr.split('\n').filter((l) => l.includes('HEADERS_USER_RULE_CONFLICT'))
    expect(warnings).toHaveLength(1)
    expect(warnings[0]).toMatch(/\(_headers:2\): Your rule '\/\*' sets Content-Security-Policy; at '\/about', '\/about\.html', '\/', 1 more page URL Netlify sends cspkit's Content-Security-Policy instead/)
    // Netlify's own parser: both rules match '/', and the last one (cspkit's) is the one sent.
    const values = netlifyValues(await parseNetlify(join(dir, 'dist')), '/')
    expect(values[0]).toBe('default-src *')
    expect(values[values.length - 1]).not.toBe('default-src *')
  })

  it("Cloudflare: a user's /api/* policy is joined with cspkit's site-wide one there (two policies, both enforced), which the message says", async () => {
    const dir = site('cloudflare-outcome')
    writeFileSync(join(dir, 'dist/_headers'), `/api/*\n  Content-Security-Policy: default-src 'none'\n`)
    const run = await cspkit(['build', 'dist', '--hosts', 'cloudflare', '--no-meta'], dir)
    expect(run.code, run.stderr).toBe(0)
    const text = readFileSync(join(dir, 'dist/_headers'), 'utf8')
    const siteRule = /\n\/\*\n((?: {2}.*\n)+)/.exec(text)?.[1] ?? ''
    // cspkit's site-wide rule sets the policy at /* with no detach, so Cloudflare joins the two at /api/….
    expect(siteRule).toMatch(/^ {2}Content-Security-Policy: /m)
    expect(siteRule).not.toContain('! Content-Security-Policy')
    expect(run.stderr).toMatch(/HEADERS_USER_RULE_CONFLICT \(_headers:2\): Your rule '\/api\/\*' sets Content-Security-Policy; at URLs such as '\/api\/x' .*Cloudflare sends yours and cspkit's joined with a comma: two policies, both enforced/)
    // Pages are not matched by the user's rule: nothing is said about them.
    expect(run.stderr).not.toMatch(/at '\/about'/)
  })
})

describe("netlify.toml: a user's [[headers]] table setting cspkit's header is reported with what Netlify sends", () => {
  it("a user's /* policy before cspkit's block is overridden at the pages (checked with Netlify's parser), and the message says so", async () => {
    const dir = site('toml-outcome')
    const user = `[build]\n  publish = "dist"\n\n[[headers]]\n  for = "/*"\n  [headers.values]\n    Content-Security-Policy = "default-src *"\n`
    writeFileSync(join(dir, 'netlify.toml'), user)
    const run = await cspkit(['build', 'dist', '--hosts', 'netlify-toml', '--no-meta'], dir)
    expect(run.code, run.stderr).toBe(0)
    expect(readFileSync(join(dir, 'netlify.toml'), 'utf8').startsWith(user)).toBe(true)
    expect(run.stderr).toMatch(/HEADERS_USER_RULE_CONFLICT \(netlify\.toml \[\[headers\]\] for = '\/\*'\): Your rule '\/\*' sets Content-Security-Policy; at '\/about'.* Netlify sends cspkit's Content-Security-Policy instead/)
    const values = netlifyValues(await parseNetlify(undefined, join(dir, 'netlify.toml')), '/about')
    expect(values[0]).toBe('default-src *')
    expect(values[values.length - 1]).not.toBe('default-src *')
  })
})
