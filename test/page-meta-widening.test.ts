/**
 * Never weaker than asked: a page's own CSP meta cannot widen what scripts, workers, plugins,
 * `<base>` or `default-src` allow beyond the configured policy without PAGE_META_WIDENS naming the
 * page and the sources; `pageMeta` decides whether they are left out ('narrow-only', the default),
 * an error, or merged. The policy a page ends up with is linted like the configured one. Through
 * processSite(), a real Vite build, the real `cspkit build` bin, and the browsers.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CspkitError, processSite, type Diagnostic, type Options } from '@cspkit/core'
import { ROOT, tempDir } from './support/builds.js'
import { cspkit } from './support/cli.js'
import { serveDir, type StaticServer } from './support/browser.js'
import { ENGINES, loadInEngine } from './support/engines/index.js'

const page = (meta: string, body = '<p>hi</p>') =>
  `<!doctype html><html><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="${meta}"><title>t</title></head><body>${body}</body></html>`

function run(meta: string, options: Options = {}, body?: string) {
  const site = processSite([{ fileName: 'docs/page.html', html: page(meta, body) }], { failOn: 'never', ...options })
  const policy = Object.fromEntries(site.pages[0]!.policy.directives.map((d) => [d.name, d.values]))
  const widens = site.diagnostics.filter((d) => d.code === 'PAGE_META_WIDENS')
  return { site, policy, widens }
}

const HOSTILE = "script-src * 'unsafe-inline' 'unsafe-eval'"

describe('processSite: a page meta that widens the configured policy', () => {
  it("by default ('narrow-only') leaves the widening sources out and warns, naming the page, the directive and the sources", () => {
    const { policy, widens } = run(HOSTILE)
    // What governs scripts: script-src, or default-src when the page's script-src went entirely.
    expect(policy['script-src'] ?? policy['default-src']).toEqual(["'self'"])
    expect(widens).toHaveLength(1)
    expect(widens[0]).toMatchObject({ severity: 'warning', file: 'docs/page.html:1', directive: 'script-src', option: 'pageMeta' })
    expect(widens[0]!.message).toContain("adds * 'unsafe-inline' 'unsafe-eval' to 'script-src'")
    expect(widens[0]!.message).toContain('left them out')
  })

  it("'merge' keeps them (the negative control), warns, and lints the merged policy like the configured one", () => {
    const { policy, widens, site } = run(HOSTILE, { pageMeta: 'merge' })
    expect(policy['script-src']).toEqual(expect.arrayContaining(['*', "'unsafe-inline'", "'unsafe-eval'"]))
    expect(widens[0]).toMatchObject({ severity: 'warning', file: 'docs/page.html:1' })
    expect(widens[0]!.message).toContain("cspkit merged them (pageMeta: 'merge')")
    // The lint findings of the merged policy name the page; the configured default policy has none of them.
    const lint = site.diagnostics.filter((d) => d.code.startsWith('LINT_'))
    expect(lint.map((d) => [d.code, d.file])).toEqual(
      expect.arrayContaining([['LINT_WILDCARD', 'docs/page.html'], ['LINT_UNSAFE_EVAL', 'docs/page.html'], ['LINT_UNSAFE_INLINE', 'docs/page.html']]),
    )
    expect(run(HOSTILE, { pageMeta: 'merge', lint: 'off' }).site.diagnostics.filter((d) => d.code.startsWith('LINT_'))).toEqual([])
  })

  it("'error' leaves them out and is an error that fails the build", () => {
    const { policy, widens } = run(HOSTILE, { pageMeta: 'error' })
    expect(policy['script-src'] ?? policy['default-src']).toEqual(["'self'"])
    expect(widens[0]).toMatchObject({ severity: 'error', file: 'docs/page.html:1' })
  })

  it('object-src, base-uri, default-src, and a worker host through child-src count too; other directives merge quietly', () => {
    const { policy, widens } = run("object-src *; base-uri https://evil.example; default-src https:; child-src https://w.example; img-src https://tiles.example")
    const added = (d: Diagnostic) => /adds (.+?) to '/.exec(d.message)?.[1]
    expect(Object.fromEntries(widens.map((w) => [w.directive, added(w)]))).toEqual({
      'object-src': '*',
      'base-uri': 'https://evil.example',
      'default-src': 'https:',
      'child-src': 'https://w.example',
    })
    expect(policy['object-src']).toEqual(["'none'"])
    expect(policy['base-uri']).toEqual(["'self'"])
    expect(policy['default-src']).toEqual(["'self'"])
    expect(policy['img-src']).toContain('https://tiles.example')
  })

  it('a meta that stays inside the configured policy (repeats, a host inside a configured wildcard, a hash) is merged without a warning', () => {
    const configured: Options = { policy: { 'default-src': ["'self'"], 'script-src': ["'self'", 'https://*.cdn.example'], 'object-src': ["'none'"], 'base-uri': ["'self'"] } }
    const { policy, widens } = run("script-src 'self' https://a.cdn.example 'sha256-AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA='; img-src https://tiles.example", configured)
    expect(widens).toEqual([])
    expect(policy['script-src']).toContain('https://a.cdn.example')
    expect(policy['img-src']).toContain('https://tiles.example')
  })

  it('a second run over its own output changes nothing and warns of nothing', () => {
    const first = processSite([{ fileName: 'a.html', html: page("script-src 'self' https://evil.example", '<script>x()</script><p onclick="y()">p</p>') }], { failOn: 'never' })
    const second = processSite([{ fileName: 'a.html', html: first.pages[0]!.html }], { failOn: 'never' })
    expect(second.pages[0]!.html).toBe(first.pages[0]!.html)
    expect(second.diagnostics.filter((d) => d.code === 'PAGE_META_WIDENS')).toEqual([])
  })

  it('an unknown pageMeta is OPTION_INVALID with a did-you-mean', () => {
    let error: unknown
    try {
      processSite([], { pageMeta: 'narow-only' as never })
    } catch (e) {
      error = e
    }
    expect(error).toBeInstanceOf(CspkitError)
    expect((error as CspkitError).diagnostics[0]).toMatchObject({ code: 'OPTION_INVALID', option: 'pageMeta' })
    expect((error as CspkitError).diagnostics[0]!.fix).toBe("Did you mean 'narrow-only'?")
  })
})

describe('vite build: the page meta of index.html', () => {
  const pluginUrl = pathToFileURL(join(ROOT, 'packages/vite/dist/index.js')).href
  async function build(pageMeta?: string): Promise<{ error: unknown; html: string; warnings: string[] }> {
    const { build: viteBuild } = (await import('vite8')) as typeof import('vite8')
    const root = tempDir('page-meta-vite')
    writeFileSync(join(root, 'index.html'), page("script-src 'self' https://evil.example 'unsafe-eval'", '<script type="module" src="/main.js"></script>'))
    writeFileSync(join(root, 'main.js'), "document.body.append('ok')\n")
    writeFileSync(join(root, 'vite.config.mjs'), `import csp from ${JSON.stringify(pluginUrl)}\nexport default { plugins: [csp(${pageMeta ? JSON.stringify({ pageMeta }) : ''})] }\n`)
    const warnings: string[] = []
    const logger = { info() {}, warn: (m: string) => warnings.push(m), warnOnce: (m: string) => warnings.push(m), error() {}, clearScreen() {}, hasErrorLogged: () => false, hasWarned: false }
    try {
      await viteBuild({ root, configFile: join(root, 'vite.config.mjs'), configLoader: 'native', logLevel: 'silent', customLogger: logger, build: { outDir: join(root, 'dist') } })
      return { error: undefined, html: readFileSync(join(root, 'dist', 'index.html'), 'utf8'), warnings }
    } catch (error) {
      return { error, html: '', warnings }
    }
  }

  it("warns and writes the configured ceiling by default; pageMeta: 'error' fails the build with the page named", async () => {
    const narrow = await build()
    expect(narrow.error).toBeUndefined()
    expect(narrow.warnings.join('\n')).toMatch(/\[cspkit\] PAGE_META_WIDENS \(index\.html:1, option pageMeta\): The page's own CSP meta adds https:\/\/evil\.example 'unsafe-eval' to 'script-src'/)
    const meta = /<meta http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(narrow.html)![1]!
    expect(meta).not.toContain('evil.example')
    expect(meta).not.toContain('unsafe-eval')

    const failed = await build('error')
    expect(failed.error).toBeInstanceOf(Error)
    expect((failed.error as Error).message).toContain("[cspkit] PAGE_META_WIDENS (index.html:1, option pageMeta): The page's own CSP meta adds https://evil.example 'unsafe-eval' to 'script-src'")
  })
})

describe.each(ENGINES)('%s: a script host only the page meta allows', (engine) => {
  let thirdParty: StaticServer
  const sites: Record<string, StaticServer> = {}
  const stderr: Record<string, string> = {}

  beforeAll(async () => {
    const vendor = tempDir('page-meta-vendor')
    writeFileSync(join(vendor, 'x.js'), 'window.ranVendor = true\n')
    thirdParty = await serveDir(vendor) // another origin (its own port)
    for (const pageMeta of ['narrow-only', 'merge'] as const) {
      const dir = tempDir(`page-meta-${pageMeta}`)
      mkdirSync(join(dir, 'dist'))
      writeFileSync(join(dir, 'dist', 'index.html'), page(`script-src 'self' ${thirdParty.url}`, `<script src="${thirdParty.url}/x.js"></script>`))
      writeFileSync(join(dir, 'cspkit.config.json'), JSON.stringify({ pageMeta, failOn: 'never' }))
      const built = await cspkit(['build', 'dist', '--workers', '1'], dir)
      expect(built.code, built.stderr).toBe(0)
      stderr[pageMeta] = built.stderr
      sites[pageMeta] = await serveDir(join(dir, 'dist'))
    }
  })
  afterAll(async () => {
    await Promise.all([thirdParty?.close(), ...Object.values(sites).map((s) => s.close())])
  })

  it("is refused with the default pageMeta, and the build said so; with 'merge' it runs (the negative control)", async () => {
    expect(stderr['narrow-only']).toContain(`[cspkit] PAGE_META_WIDENS (index.html:1, option pageMeta): The page's own CSP meta adds ${thirdParty.url} to 'script-src'`)
    const narrow = await loadInEngine(engine, `${sites['narrow-only']!.url}/`)
    expect(await narrow.page.evaluate('window.ranVendor === true')).toBe(false)
    expect(narrow.violations.map((v) => v.blockedURI)).toContain(`${thirdParty.url}/x.js`)
    await narrow.page.close()

    const merged = await loadInEngine(engine, `${sites.merge!.url}/`)
    expect(await merged.page.evaluate('window.ranVendor === true')).toBe(true)
    await merged.page.close()
  })
})


