import { describe, expect, it } from 'vitest'
import { processSite } from '../src/site.js'
import { resolveOptions, type Options } from '../src/options.js'
import { CspkitError } from '../src/diagnostics.js'
import { hashSource } from '../src/html/hash.js'
import { getDirective } from '../src/policy/model.js'
import { planHostFiles } from '../src/headers/plan.js'
import { detectRouter, moduleEntry, pageEvidence, routerRegion } from '../src/scope/detect-router.js'
import { processDirectory } from '../src/directory.js'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { scopeSummary } from '../src/summary.js'
import type { PageInput } from '../src/page.js'

// Three pages, each with inline content of every kind the others lack, so a union is visible per directive.
const PAGES: PageInput[] = [
  { fileName: 'index.html', html: '<!doctype html><html><head><meta charset="utf-8"><script>home()</script></head><body><p style="color:red">a</p></body></html>' },
  { fileName: 'guide/index.html', html: '<!doctype html><html><head><style>p{margin:0}</style></head><body><button onclick="go()">b</button><span style="--shiki-light:#D73A49">c</span></body></html>' },
  { fileName: 'about.html', html: '<!doctype html><html><head><script>about()</script></head><body><a href="javascript:void(0)">d</a></body></html>' },
]

// Every kind in its own directive, so the union can be checked directive by directive.
const SPLIT: Options = {
  policy: {
    'default-src': ["'self'"],
    'script-src-elem': ["'self'"],
    'script-src-attr': ["'self'"],
    'style-src-elem': ["'self'"],
    'style-src-attr': ["'self'"],
  },
}

const h = (text: string) => hashSource(text, 'sha256')
const values = (policy: Parameters<typeof getDirective>[0], name: string) => getDirective(policy, name)?.values ?? []
const hashesIn = (policy: Parameters<typeof getDirective>[0], name: string) => values(policy, name).filter((v) => v.startsWith("'sha"))
const meta = (html: string) => /<meta http-equiv="Content-Security-Policy" content="([^"]*)"/.exec(html)?.[1]?.replace(/&#39;|&apos;/g, "'")

describe("scope: 'site'", () => {
  it('gives every page the union of every page\'s hashes, per directive', () => {
    const site = processSite(PAGES, { ...SPLIT, scope: 'site' })
    expect(site.scope.scope).toBe('site')
    // Each directive holds the hashes of every page's items it governs (targets come from the scanner).
    const DIRECTIVE = { 'script-elem': 'script-src-elem', 'script-attr': 'script-src-attr', 'style-elem': 'style-src-elem', 'style-attr': 'style-src-attr' }
    const expected: Record<string, string[]> = {}
    for (const item of site.pages.flatMap((p) => p.inline)) (expected[DIRECTIVE[item.target]] ??= []).push(h(item.text))
    // From more than one page each: a union, not one page's list.
    expect(expected['script-src-elem']).toEqual(expect.arrayContaining([h('home()'), h('about()')]))
    expect(new Set(expected['style-src-attr'])).toEqual(new Set([h('color:red'), h('--shiki-light:#D73A49')]))
    for (const page of site.pages) {
      for (const [directive, hashes] of Object.entries(expected)) {
        expect(new Set(hashesIn(page.policy, directive)), `${page.fileName} ${directive}`).toEqual(new Set(hashes))
      }
      expect(page.blocked).toEqual([])
      expect(meta(page.html)).toBe(page.metaPolicy.replace(/&/g, '&amp;'))
    }
    // The attribute groups still carry 'unsafe-hashes'.
    expect(values(site.pages[0]!.policy, 'style-src-attr')).toContain("'unsafe-hashes'")
  })

  it("per-page policies under scope: 'page' (the control): a page lacks the others' hashes", () => {
    const site = processSite(PAGES, { ...SPLIT, scope: 'page' })
    expect(site.scope).toMatchObject({ scope: 'page' })
    const index = site.pages.find((p) => p.fileName === 'index.html')!
    expect(hashesIn(index.policy, 'script-src-elem')).toEqual([h('home()')])
    expect(hashesIn(index.policy, 'style-src-attr')).toEqual([h('color:red')])
  })

  it('is the same whatever order the pages arrive in, its hashes sorted', () => {
    const a = processSite(PAGES, { ...SPLIT, scope: 'site' })
    const b = processSite([...PAGES].reverse(), { ...SPLIT, scope: 'site' })
    expect(b.pages.map((p) => p.html)).toEqual(a.pages.map((p) => p.html))
    const styles = hashesIn(a.pages[0]!.policy, 'style-src-attr')
    expect(styles).toEqual([...styles].sort((x, y) => (x < y ? -1 : x > y ? 1 : 0)))
    expect(styles.length).toBeGreaterThan(1)
  })

  it('changes nothing when run over its own output', () => {
    const first = processSite(PAGES, { scope: 'site' })
    const second = processSite(first.pages.map((p) => ({ fileName: p.fileName, html: p.html })), { scope: 'site' })
    expect(second.pages.map((p) => p.html)).toEqual(first.pages.map((p) => p.html))
    expect(second.pages.every((p) => !p.changed)).toBe(true)
  })

  it("keeps a page's own CSP meta for that page only, with the site's hashes", () => {
    const own: PageInput = {
      fileName: 'map.html',
      html: '<html><head><meta http-equiv="Content-Security-Policy" content="img-src https://tiles.example"><script>map()</script></head></html>',
    }
    const site = processSite([...PAGES, own], { scope: 'site' })
    const map = site.pages.find((p) => p.fileName === 'map.html')!
    const index = site.pages.find((p) => p.fileName === 'index.html')!
    expect(values(map.policy, 'img-src')).toContain('https://tiles.example')
    expect(values(index.policy, 'img-src')).not.toContain('https://tiles.example')
    expect(values(map.policy, 'script-src')).toEqual(expect.arrayContaining([h('home()'), h('map()')]))
    expect(values(index.policy, 'script-src')).toEqual(expect.arrayContaining([h('home()'), h('map()')]))
    expect(meta(map.html)).toContain('https://tiles.example')
    expect(map.html.match(/http-equiv="Content-Security-Policy"/g)).toHaveLength(1)
  })

  it("gives a page's second CSP meta (a second policy browsers also enforce) the site's hashes too", () => {
    const two: PageInput = {
      fileName: 'two.html',
      html: `<html><head><meta http-equiv="Content-Security-Policy" content="img-src 'self'"><meta http-equiv="Content-Security-Policy" content="style-src 'self'"></head><body><p style="two:1">x</p></body></html>`,
    }
    const site = processSite([...PAGES, two], { scope: 'site' })
    const html = site.pages.find((p) => p.fileName === 'two.html')!.html
    const second = [...html.matchAll(/<meta http-equiv="Content-Security-Policy" content="([^"]*)"/g)][1]![1]!.replace(/&#39;|&apos;/g, "'")
    for (const text of ['two:1', 'color:red', '--shiki-light:#D73A49']) expect(second).toContain(h(text))
  })

  it('sends one site-wide header when every page has the same policy', () => {
    const options = resolveOptions({ scope: 'site', hosts: ['cloudflare'] })
    const site = processSite(PAGES, options)
    const plan = planHostFiles(site.pages, options, () => undefined, site.scope)
    const rules = plan.files[0]!.rules
    expect(rules.map((r) => r.scope)).toEqual(['site'])
    expect(rules[0]!.headers).toContainEqual(['Content-Security-Policy', site.pages[0]!.headerPolicy])
  })

  it('fails with SCOPE_UNION_TOO_LARGE when the union is over a host limit, naming scope and the fixes', () => {
    const many = Array.from({ length: 60 }, (_, i) => ({ fileName: `p${i}.html`, html: `<p style="--i:${i}">x</p>` }))
    const options = resolveOptions({ scope: 'site', hosts: ['cloudflare'] })
    const site = processSite(many, options)
    const plan = planHostFiles(site.pages, options, () => undefined, site.scope)
    const error = plan.diagnostics.find((d) => d.code === 'SCOPE_UNION_TOO_LARGE')
    expect(error, JSON.stringify(plan.diagnostics)).toMatchObject({ severity: 'error', option: 'scope', file: '_headers' })
    expect(error!.message).toMatch(/2000 characters/)
    expect(error!.fix).toMatch(/headers\.overflow: 'meta'.*scope: 'page'/)
    expect(plan.files).toEqual([])
    // The strategy the user chose applies: the header keeps what a meta cannot carry, the meta the rest.
    const metaOptions = resolveOptions({ scope: 'site', hosts: ['cloudflare'], headers: { overflow: 'meta' } })
    const withMeta = planHostFiles(processSite(many, metaOptions).pages, metaOptions, () => undefined, site.scope)
    expect(withMeta.diagnostics.map((d) => d.code)).toContain('HEADERS_OVERFLOW_APPLIED')
    expect(withMeta.files).toHaveLength(1)
  })
})

// Small pages shaped like each generator's real output (the marker exactly as it writes it).
const FRAMEWORK_PAGES: Record<string, string> = {
  VitePress:
    '<!DOCTYPE html><html lang="en-US"><head><meta charset="utf-8"><meta name="generator" content="VitePress v1.6.4"><script type="module" src="/assets/app.xNRWTgcx.js"></script></head><body><div id="app"></div><script>window.__VP_HASH_MAP__=JSON.parse("{\\"index.md\\":\\"DF4uw--Q\\"}");window.__VP_SITE_DATA__=JSON.parse("{}");</script></body></html>',
  Docusaurus:
    '<!doctype html><html lang="en" dir="ltr"><head><meta charset="UTF-8"><meta name="generator" content="Docusaurus v3.5.2"><script src="/assets/js/runtime~main.5e0b8b2f.js" defer="defer"></script></head><body><div id="__docusaurus"></div></body></html>',
  Nuxt: '<!DOCTYPE html><html><head><link rel="modulepreload" as="script" crossorigin href="/_nuxt/BLQW1qS4.js"></head><body><div id="__nuxt"><main>hi</main></div><script type="application/json" data-nuxt-data="nuxt-app" id="__NUXT_DATA__">[{}]</script><script>window.__NUXT__={};window.__NUXT__.config={public:{},app:{baseURL:"/"}}</script></body></html>',
  'Next.js':
    '<!DOCTYPE html><html lang="en"><head><meta charSet="utf-8"/><script src="/_next/static/chunks/webpack-1f0a9d2c.js" async=""></script></head><body><div>hi</div><script>(self.__next_f=self.__next_f||[]).push([0])</script></body></html>',
  Gatsby:
    '<!DOCTYPE html><html><head><meta charSet="utf-8"/><meta name="generator" content="Gatsby 5.13.3"/></head><body><div id="___gatsby"><div style="outline:none" tabindex="-1" id="gatsby-focus-wrapper"></div></div><script id="gatsby-script-loader">/*<![CDATA[*/window.pagePath="/";/*]]>*/</script></body></html>',
  'Astro view transitions':
    '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><meta name="astro-view-transitions-enabled" content="true"><meta name="astro-view-transitions-fallback" content="animate"><script type="module" src="/_astro/ClientRouter.astro_astro_type_script_index_0_lang.CDGfc0hd.js"></script></head><body></body></html>',
  SvelteKit:
    '<!doctype html><html lang="en"><head><meta charset="utf-8"><link href="./_app/immutable/entry/start.BdA3Vx6C.js" rel="modulepreload"></head><body data-sveltekit-preload-data="hover"><div style="display: contents"><script>{ __sveltekit_1u5hy0b = { base: new URL(".", location).pathname.slice(0, -1) }; }</script></div></body></html>',
}

describe("scope: 'auto'", () => {
  it.each(Object.entries(FRAMEWORK_PAGES))('chooses site scope on %s output and says why', (framework, html) => {
    expect(detectRouter(html)?.framework).toBe(framework)
    const site = processSite([{ fileName: 'docs/a.html', html }, { fileName: 'index.html', html }])
    expect(site.scope).toEqual({ scope: 'site', reason: `${framework} client-side router, seen in index.html`, diagnostics: [] })
  })

  it('stays per page on a plain multi-page site, with nothing to say', () => {
    const site = processSite(PAGES)
    expect(site.scope).toEqual({ scope: 'page', reason: 'no client-side router found in 3 pages', diagnostics: [] })
    const index = site.pages.find((p) => p.fileName === 'index.html')!
    expect(hashesIn(index.policy, 'script-src')).toEqual([h('home()')])
    expect(site.diagnostics.filter((d) => d.code.startsWith('SCOPE_'))).toEqual([])
  })

  it('says so (SCOPE_AMBIGUOUS, naming scope) when every page loads the same entry script', () => {
    const page = (name: string, body: string) => ({
      fileName: name,
      html: `<!doctype html><html><head><script type="module" crossorigin src="/assets/main-Ck3j2.js"></script></head><body>${body}</body></html>`,
    })
    const site = processSite([page('index.html', '<p style="a:b">x</p>'), page('about.html', '')])
    expect(site.scope.scope).toBe('page')
    const d = site.diagnostics.find((x) => x.code === 'SCOPE_AMBIGUOUS')
    expect(d).toMatchObject({ severity: 'info', option: 'scope' })
    expect(d!.message).toContain('/assets/main-Ck3j2.js')
    expect(d!.fix).toMatch(/scope: 'site'.*scope: 'page'/)
    // Different entries (a real multi-page build) are not ambiguous.
    const other = { fileName: 'contact.html', html: '<script type="module" src="/assets/contact.js"></script>' }
    expect(processSite([page('index.html', ''), other]).diagnostics.map((x) => x.code)).not.toContain('SCOPE_AMBIGUOUS')
  })

  it('looks only in the head and the first tags of the body, where every marker is written', () => {
    const page = (before: number) =>
      `<html><head><title>t</title></head><body>${'<p>é漢</p>'.repeat(before)}<div id="__nuxt"></div></body></html>`
    expect(pageEvidence('a.html', page(10)).router?.framework).toBe('Nuxt')
    // A marker deep in a page's content (an article quoting it) is not a router.
    expect(pageEvidence('a.html', page(40)).router).toBeUndefined()
    expect(routerRegion(page(40)).length).toBeLessThan(page(40).length)
    // No </head> or <body> (a fragment): the whole page.
    expect(pageEvidence('a.html', `${'<p>x</p>'.repeat(40)}<div id="___gatsby"></div>`).router?.framework).toBe('Gatsby')
  })

  // Material for MkDocs 8.2 as it writes a page: the generator meta in the head, the config JSON last in the body.
  const material = (features: string, content = '') =>
    `<!doctype html><html lang="en" class="no-js"><head><meta charset="utf-8"><meta name="generator" content="mkdocs-1.4.2, mkdocs-material-8.2.5"><title>HTTPX</title><script>__md_scope=new URL(".",location)</script></head><body dir="ltr"><div class="md-container">${'<p>text</p>'.repeat(40)}${content}</div><script id="__config" type="application/json">{"base": ".", "features": [${features}], "search": "assets/javascripts/workers/search.bd0b6b67.min.js", "translations": {"search.placeholder": "Search"}}</script><script src="assets/javascripts/bundle.467223ff.min.js"></script></body></html>`

  it("chooses site scope on Material for MkDocs with instant navigation (its config JSON, last in the body)", async () => {
    const html = material('"navigation.tabs", "navigation.instant"')
    expect(detectRouter(routerRegion(html))?.framework).toBe('Material for MkDocs instant navigation')
    const site = processSite([{ fileName: 'quickstart/index.html', html }, { fileName: 'index.html', html }])
    expect(site.scope).toEqual({ scope: 'site', reason: 'Material for MkDocs instant navigation client-side router, seen in index.html', diagnostics: [] })
    // Directory mode reads the region from bytes: the same answer.
    const dir = mkdtempSync(join(tmpdir(), 'cspkit-scope-material-'))
    try {
      writeFileSync(join(dir, 'index.html'), html.replace('<p>text</p>', '<p>漢字é</p>'))
      expect((await processDirectory(dir, {}, { workers: 0, write: false })).scope).toEqual({ scope: 'site', reason: 'Material for MkDocs instant navigation client-side router, seen in index.html', diagnostics: [] })
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })

  it('keeps page scope on Material for MkDocs without instant navigation, and on a page only quoting the feature', () => {
    // Other features (navigation.instant.progress needs navigation.instant, so alone it is not the router's switch).
    expect(processSite([{ fileName: 'index.html', html: material('"navigation.tabs", "navigation.instant.progress"') }, { fileName: 'a.html', html: material('') }]).scope.scope).toBe('page')
    // The feature named in the content, not in the config.
    expect(detectRouter(routerRegion(material('"search.highlight"', '<code>features: ["navigation.instant"]</code>')))).toBeUndefined()
    // The config script without Material's generator meta (another theme's page): not Material's router.
    expect(detectRouter(routerRegion(material('"navigation.instant"').replace(', mkdocs-material-8.2.5', '')))).toBeUndefined()
    // On a Material page, another framework's marker deep in the content (a page quoting it) is still not a router.
    expect(detectRouter(routerRegion(material('', '<code>&lt;div id="__nuxt"&gt;</code>')))).toBeUndefined()
  })

  it('directory mode, reading bytes, sees the same region as processSite reading text', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cspkit-scope-region-'))
    try {
      // Multi-byte characters before the marker: the region is counted in tags, so bytes and text agree.
      const near = `<html><head><title>é</title></head><body>${'<p>漢字é</p>'.repeat(12)}<div id="__nuxt"></div><p style="x:y">z</p></body></html>`
      writeFileSync(join(dir, 'index.html'), near)
      writeFileSync(join(dir, 'b.html'), '<html><head></head><body><p style="b:c">b</p></body></html>')
      const fromText = processSite([{ fileName: 'index.html', html: near }, { fileName: 'b.html', html: '<html><head></head><body><p style="b:c">b</p></body></html>' }])
      const fromBytes = await processDirectory(dir, {}, { workers: 0, write: false })
      expect(fromBytes.scope).toEqual(fromText.scope)
      expect(fromText.scope.reason).toBe('Nuxt client-side router, seen in index.html')
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })

  it('reads the module entry in every spelling, and nothing from other scripts', () => {
    expect(moduleEntry('<script type="module" crossorigin src="/a.js"></script>')).toBe('/a.js')
    expect(moduleEntry("<script src='/b.js' type='module'></script>")).toBe('/b.js')
    expect(moduleEntry('<script type=module src=/c.js></script>')).toBe('/c.js')
    expect(moduleEntry('<script src="/d.js"></script>')).toBeUndefined()
    expect(moduleEntry('<link rel="modulepreload" href="/e.js"><p type="module">')).toBeUndefined()
  })
})

describe('the scope option', () => {
  it.each([
    ['sitee', "Did you mean 'site'?"],
    ['Page', "Did you mean 'page'?"],
    [3, "Set 'scope' to 'page', 'site' or 'auto'"],
  ])('rejects %j with OPTION_INVALID', (value, fix) => {
    let error: unknown
    try {
      resolveOptions({ scope: value as never })
    } catch (e) {
      error = e
    }
    expect(error).toBeInstanceOf(CspkitError)
    const d = (error as CspkitError).diagnostics[0]!
    expect(d).toMatchObject({ code: 'OPTION_INVALID', option: 'scope' })
    expect(d.fix).toContain(fix)
    expect((error as Error).message).toMatch(/^\[cspkit\] OPTION_INVALID \(option scope\)/)
  })

  it("defaults to 'auto' and is frozen", () => {
    const resolved = resolveOptions({})
    expect(resolved.scope).toBe('auto')
    expect(Object.isFrozen(resolved)).toBe(true)
  })
})

describe('scopeSummary', () => {
  it("states the scope, why, and the union's size against each host's limit", () => {
    const options = resolveOptions({ scope: 'site', hosts: ['cloudflare', 'vercel'] })
    const site = processSite(PAGES, options)
    const { headerPolicy, metaPolicy, hashes } = site.pages[0]!
    const line = scopeSummary(site.scope, site.pages, options.hosts, options.headers)
    const n = (x: number) => x.toLocaleString('en')
    expect(line).toBe(
      `[cspkit] scope: site (scope: 'site' in the options): every page's policy allows the site's ${hashes.length} hashes, ` +
        `meta ${n(metaPolicy.length)} characters, header ${n(headerPolicy.length)} characters ` +
        `(cloudflare: line ${n(`Content-Security-Policy: ${headerPolicy}`.length)} of 2,000; vercel: value ${n(headerPolicy.length)} of 32,768).`,
    )
    const plain = processSite(PAGES)
    expect(scopeSummary(plain.scope, plain.pages, [], options.headers)).toBe('[cspkit] scope: page (no client-side router found in 3 pages).')
  })
})
