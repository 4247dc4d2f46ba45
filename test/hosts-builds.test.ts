/**
 * Header files from real builds (vite 8 and webpack 5), checked with the hosts' own parsers:
 * Netlify's @netlify/headers-parser for `_headers`, Vercel's @vercel/routing-utils for `vercel.json`
 * (written to the project root). Each build runs once per scenario; the rebuild must be a no-op.
 * The vite build is then served with the headers each host's rules give each URL and loaded in
 * Chromium, Firefox and WebKit: the header arrives and the page runs with zero violations.
 */
import { readFileSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import vitePlugin from '@cspkit/vite'
import webpackPlugin from '@cspkit/webpack'
import type { CspkitApi, Options } from '@cspkit/core'
import { netlifyValues, parseNetlify, routeVercel, vercelResponse } from './fixtures/hosts-support/host-matchers.js'
import { serveDir, type StaticServer } from './support/browser.js'
import { ENGINES } from './support/engines/index.js'
import { buildHostsSite, copyFixture, expectHeaderPolicyHolds, expectInjectedScriptRuns } from './support/hosts-site.js'

const ROOT = resolve(fileURLToPath(new URL('..', import.meta.url)))
const require = createRequire(import.meta.url)

const USER_VERCEL = `{
  "$schema": "https://openapi.vercel.sh/vercel.json",
  "cleanUrls": true,
  "rewrites": [{ "source": "/api/(.*)", "destination": "/api/handler" }],
  "redirects": [{ "source": "/old-about", "destination": "/about", "permanent": true }],
  "headers": [
    { "source": "/assets/(.*)", "headers": [{ "key": "Cache-Control", "value": "public, max-age=31536000, immutable" }] }
  ]
}
`

/** Emits `_headers` the way copy-webpack-plugin does (an asset added at the ADDITIONAL stage). */
class UserHeadersPlugin {
  constructor(private readonly text: string) {}
  apply(compiler: import('webpack').Compiler) {
    compiler.hooks.thisCompilation.tap('user-headers', (compilation) => {
      compilation.hooks.processAssets.tap({ name: 'user-headers', stage: compiler.webpack.Compilation.PROCESS_ASSETS_STAGE_ADDITIONAL }, () => {
        compilation.emitAsset('_headers', new compiler.webpack.sources.RawSource(this.text))
      })
    })
  }
}

async function webpackBuild(project: string, options: Options, userHeaders?: string) {
  const webpack = require('webpack') as typeof import('webpack')
  // Loaded from the repository (where html-webpack-plugin resolves); it builds the temp copy via `context`.
  const config = require(join(ROOT, 'test/fixtures/hosts-webpack/webpack.config.cjs'))
  const plugin = webpackPlugin(options) as unknown as { api: CspkitApi }
  const stats = await new Promise<import('webpack').Stats>((ok, fail) =>
    webpack(
      {
        ...config,
        context: project,
        output: { ...config.output, path: join(project, 'dist') },
        plugins: [...config.plugins, ...(userHeaders ? [new UserHeadersPlugin(userHeaders)] : []), plugin],
      },
      (err, s) => (err ? fail(err) : ok(s!)),
    ),
  )
  return { api: plugin.api, stats }
}

function expectOneCspPerUrl(api: CspkitApi, netlify: Awaited<ReturnType<typeof parseNetlify>>, urls: Record<string, string>) {
  expect(netlify.errors).toEqual([])
  for (const [url, file] of Object.entries(urls)) expect(netlifyValues(netlify, url), url).toEqual([api.page(file)!.headerPolicy])
}

function expectVercelRoutes(api: CspkitApi, config: Record<string, unknown>, urls: Record<string, string>) {
  const routed = routeVercel(config)
  expect(routed.schemaErrors).toEqual([])
  expect(routed.routeError).toBeUndefined()
  for (const [url, file] of Object.entries(urls)) {
    const res = vercelResponse(routed, url)
    expect(res.redirected, url).toBe(false)
    expect(res.headers['content-security-policy'], url).toBe(api.page(file)!.headerPolicy)
  }
}

describe('vite 8 build with hosts netlify + vercel', () => {
  const options: Options = { meta: false, hosts: ['netlify', 'vercel'], headers: { security: true } }
  let project: string
  let api: CspkitApi
  let first: { headers: string; vercel: string }

  beforeAll(async () => {
    project = copyFixture('hosts-site')
    writeFileSync(join(project, 'vercel.json'), USER_VERCEL)
    api = await buildHostsSite(project, vitePlugin(options))
    first = { headers: readFileSync(join(project, 'dist/_headers'), 'utf8'), vercel: readFileSync(join(project, 'vercel.json'), 'utf8') }
  }, 120_000)

  it('writes a _headers that Netlify matches to exactly one CSP per page URL, after the user\'s own lines', async () => {
    expect(first.headers.startsWith(readFileSync(join(project, 'public/_headers'), 'utf8'))).toBe(true)
    const parsed = await parseNetlify(join(project, 'dist'))
    expectOneCspPerUrl(api, parsed, {
      '/': 'index.html',
      '/index.html': 'index.html',
      '/about': 'about.html',
      '/about.html': 'about.html',
      '/docs': 'docs/index.html',
      '/docs/': 'docs/index.html',
    })
    expect(netlifyValues(parsed, '/assets/x.js', 'cache-control')).toEqual(['public, max-age=31536000, immutable'])
  })

  it('edits vercel.json in the project root: user content kept, every page URL routed to its one CSP', () => {
    const config = JSON.parse(first.vercel)
    const original = JSON.parse(USER_VERCEL)
    for (const key of ['$schema', 'cleanUrls', 'rewrites', 'redirects']) expect(config[key], key).toEqual(original[key])
    expect(first.vercel).toContain(USER_VERCEL.split('\n').find((l) => l.includes('/assets/(.*)'))!)
    expectVercelRoutes(api, config, { '/': 'index.html', '/about': 'about.html', '/docs': 'docs/index.html' })
  })

  it("exposes the files on the plugin's api, as written", () => {
    expect(api.hostFiles.map((f) => [f.host, f.location, f.fileName])).toEqual([
      ['netlify', 'output', '_headers'],
      ['vercel', 'project', 'vercel.json'],
    ])
    expect(api.hostFiles.find((f) => f.host === 'vercel')!.text).toBe(first.vercel)
  })

  it('a second build leaves both files byte-identical', async () => {
    await buildHostsSite(project, vitePlugin(options))
    expect(readFileSync(join(project, 'dist/_headers'), 'utf8')).toBe(first.headers)
    expect(readFileSync(join(project, 'vercel.json'), 'utf8')).toBe(first.vercel)
  })
  // The written files as each host applies them (Netlify: every matching rule, later wins, as netlify
  // dev does; Vercel: its routes for the URL), served on 127.0.0.1 and loaded in every engine. The
  // build has meta off, so the header is the page's only policy: an injected script is each load's
  // negative control and must be refused by it.
  describe('served with each host\'s headers, in every engine', () => {
    const servers: Partial<Record<'netlify' | 'vercel' | 'none', StaticServer>> = {}
    beforeAll(async () => {
      const dist = join(project, 'dist')
      servers.none = await serveDir(dist)
      const netlify = await parseNetlify(dist)
      servers.netlify = await serveDir(dist, { headers: (path) => Object.assign({}, ...netlify.rules.filter((r) => r.forRegExp.test(path)).map((r) => r.values)) })
      const vercel = routeVercel(JSON.parse(readFileSync(join(project, 'vercel.json'), 'utf8')))
      servers.vercel = await serveDir(dist, { headers: (path) => vercelResponse(vercel, path).headers })
    })
    afterAll(async () => {
      await Promise.all(Object.values(servers).map((s) => s.close()))
    })

    const pages: [string, string, string[]][] = [
      ['/', 'index.html', ['home', 'main']],
      ['/about', 'about.html', ['about', 'main']],
      ['/docs/', 'docs/index.html', ['main']],
    ]
    const cases = (['netlify', 'vercel'] as const).flatMap((host) => ENGINES.flatMap((engine) => pages.map(([url, file, ran]) => [host, url, engine, file, ran] as const)))
    it.each(cases)('%s: %s runs in %s with zero violations under its header policy', async (host, url, engine, file, ran) => {
      const server = servers[host]!
      const res = await fetch(`${server.url}${url}`)
      expect(res.headers.get('content-security-policy')).toBe(api.page(file)!.headerPolicy)
      await expectHeaderPolicyHolds(engine, `${server.url}${url}`, ran)
    })

    // Negative control: the same files without the hosts' headers (meta is off) have no policy at all,
    // so the refusal above is the header's doing, in each engine.
    it.each(ENGINES)('negative control (%s): served without the header, the injected script runs', async (engine) => {
      const url = `${servers.none!.url}/`
      expect((await fetch(url)).headers.get('content-security-policy')).toBeNull()
      await expectInjectedScriptRuns(engine, url)
    })
  })
})

describe('webpack 5 build with hosts netlify + vercel', () => {
  const options: Options = { meta: false, hosts: ['netlify', 'vercel'] }
  const USER_HEADERS = '/static/*\n  Cache-Control: public, max-age=600\n'
  let project: string
  let api: CspkitApi

  beforeAll(async () => {
    project = copyFixture('hosts-webpack')
    const built = await webpackBuild(project, options, USER_HEADERS)
    expect(built.stats.hasErrors(), built.stats.toString('errors-only')).toBe(false)
    api = built.api
  }, 120_000)

  it("merges into a _headers another plugin emitted, and Netlify matches one CSP per page URL", async () => {
    const text = readFileSync(join(project, 'dist/_headers'), 'utf8')
    expect(text.startsWith(USER_HEADERS)).toBe(true)
    expect(api.page('index.html')!.headerPolicy).not.toBe(api.page('about.html')!.headerPolicy)
    expectOneCspPerUrl(api, await parseNetlify(join(project, 'dist')), { '/': 'index.html', '/about': 'about.html', '/about.html': 'about.html' })
  })

  it('creates vercel.json in the project root (compiler context) that routes each page to its CSP', () => {
    const config = JSON.parse(readFileSync(join(project, 'vercel.json'), 'utf8'))
    expectVercelRoutes(api, config, { '/': 'index.html', '/about.html': 'about.html' })
  })

  it('fails the build on an unreadable vercel.json, naming the position, and leaves the file as it was', async () => {
    const broken = '{\n  "cleanUrls": true,\n  "headers": [\n    { "source": "/x", }\n  ]\n}\n'
    writeFileSync(join(project, 'vercel.json'), broken)
    const { stats } = await webpackBuild(project, options)
    expect(stats.toString('errors-only')).toMatch(/HEADERS_FILE_UNREADABLE \(vercel\.json:4:\d+\)/)
    expect(readFileSync(join(project, 'vercel.json'), 'utf8')).toBe(broken)
  })
})
