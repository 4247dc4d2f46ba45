import { createHash } from 'node:crypto'
import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { processSite } from '../src/site.js'
import { analysePage, analyseStrictPage, processPage } from '../src/page.js'
import { scriptDigests } from '../src/strict/build-scripts.js'
import { resolveOptions, type Options } from '../src/options.js'
import { CspkitError } from '../src/diagnostics.js'
import { getDirective } from '../src/policy/model.js'
import { parsePolicyString } from '../src/policy/parse.js'
// 20 pages: two chunks of 16, one per worker. The built module: worker threads load compiled JavaScript (from the TypeScript source the run stays in one thread).
import { processDirectory } from '../dist/index.js'

// The files as a bundler emitted them; the expected integrity is computed here from the same bytes.
const ENTRY = 'import("./lazy-9f.js").then((m) => m.run())\n'
const SHARED = 'export const shared = "é"\n'
const sri = (code: string, algorithm = 'sha384') => `${algorithm}-${createHash(algorithm).update(Buffer.from(code, 'utf8')).digest('base64')}`
const scripts = [
  { fileName: 'assets/entry-1a.js', code: ENTRY },
  { fileName: 'assets/shared-2b.js', code: SHARED },
]
const page = (body = '', head = '') =>
  `<!doctype html><html><head><meta charset="utf-8">${head}<script type="module" crossorigin src="/assets/entry-1a.js"></script>` +
  `<link rel="modulepreload" crossorigin href="/assets/shared-2b.js"></head><body>${body}</body></html>`
// Most cases look at the attributes, so the module entry stays an element (the loader has its own cases).
const ATTRIBUTES: Options['strict'] = { moduleLoader: false }
const run = (html: string, options: Options = {}, fileName = 'index.html', files = scripts) =>
  processSite([{ fileName, html }], { strict: ATTRIBUTES, ...options }, { scripts: files })
const scriptSrc = (policy: string) => getDirective(parsePolicyString(policy).policy, 'script-src')?.values ?? []
const codes = (r: ReturnType<typeof run>) => r.diagnostics.map((d) => d.code)
/** The import map strict mode writes before a page's first module element: each module file's integrity, for the module loader's own fetches. */
const integrityMapText = (integrity: Record<string, string>) => `{"integrity":${JSON.stringify(integrity)}}`
const mapHash = (integrity: Record<string, string>) => `'sha256-${createHash('sha256').update(integrityMapText(integrity), 'utf8').digest('base64')}'`
const importMapOf = (html: string) => /<script type="importmap"[^>]*>([^<]*)<\/script>/.exec(html)?.[1]

describe('the strict option', () => {
  it('is off by default, true is all defaults, and an object sets each field', () => {
    expect(resolveOptions({}).strict).toBeUndefined()
    expect(resolveOptions({ strict: true }).strict).toEqual({ fallbacks: true, sriAlgorithm: 'sha384', moduleLoader: true })
    const custom = resolveOptions({ strict: { fallbacks: false, sriAlgorithm: 'sha512', moduleLoader: false } })
    expect(custom.strict).toEqual({ fallbacks: false, sriAlgorithm: 'sha512', moduleLoader: false })
    expect(Object.isFrozen(custom.strict)).toBe(true)
  })

  it('rejects bad values with OPTION_INVALID / OPTION_UNKNOWN naming the field', () => {
    const problems = (strict: unknown) => {
      try {
        resolveOptions({ strict } as Options)
      } catch (error) {
        return (error as CspkitError).diagnostics.map((d) => [d.code, d.option])
      }
      return []
    }
    expect(problems('yes')).toEqual([['OPTION_INVALID', 'strict']])
    expect(problems({ fallbacks: 'no' })).toEqual([['OPTION_INVALID', 'strict.fallbacks']])
    expect(problems({ sriAlgorithm: 'md5' })).toEqual([['OPTION_INVALID', 'strict.sriAlgorithm']])
    expect(problems({ fallback: true })).toEqual([['OPTION_UNKNOWN', 'strict.fallback']])
    expect(problems({ moduleLoader: 1 })).toEqual([['OPTION_INVALID', 'strict.moduleLoader']])
    // The loader is an inline script: it needs hash.scripts.
    expect(problems(true)).toEqual([])
    try {
      resolveOptions({ strict: true, hash: { scripts: false } })
      expect.unreachable()
    } catch (error) {
      expect((error as CspkitError).diagnostics.map((d) => d.option)).toEqual(['strict.moduleLoader'])
    }
    expect(() => resolveOptions({ strict: { moduleLoader: false }, hash: { scripts: false } })).not.toThrow()
  })
})

describe('strict policy composition', () => {
  it("gives script-src 'strict-dynamic', the fallbacks and the integrity of each script; object-src and base-uri 'none'", () => {
    const result = run(page())
    const p = result.pages[0]!
    // The integrity of each script, and the hash of the import map that gives the modules' integrity to the module loader.
    const modules = { '/assets/entry-1a.js': sri(ENTRY), '/assets/shared-2b.js': sri(SHARED) }
    expect(importMapOf(p.html)).toBe(integrityMapText(modules))
    expect(scriptSrc(p.headerPolicy)).toEqual(["'strict-dynamic'", "'unsafe-inline'", 'https:', `'${sri(ENTRY)}'`, `'${sri(SHARED)}'`, mapHash(modules)])
    expect(getDirective(p.policy, 'object-src')?.values).toEqual(["'none'"])
    expect(getDirective(p.policy, 'base-uri')?.values).toEqual(["'none'"])
    // Workers keep what governed them before (default-src 'self'), not the strict script-src.
    expect(getDirective(p.policy, 'worker-src')?.values).toEqual(["'self'"])
    // Neither the fallbacks beside 'strict-dynamic' nor a per-page hash is a warning.
    expect(result.diagnostics.filter((d) => d.severity !== 'info')).toEqual([])
  })

  it('drops hosts and self from script-src, says so, and folds script-src-elem into it', () => {
    const result = run(page(), { policy: { 'default-src': ["'self'"], 'script-src': ["'self'", 'https://cdn.example.com', "'wasm-unsafe-eval'"], 'script-src-elem': ["'self'", "'sha256-AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA='"] } })
    const p = result.pages[0]!
    expect(getDirective(p.policy, 'script-src-elem')).toBeUndefined()
    const values = scriptSrc(p.headerPolicy)
    expect(values).toContain("'wasm-unsafe-eval'")
    expect(values).toContain("'sha256-AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA='")
    expect(values).not.toContain("'self'")
    expect(values).not.toContain('https://cdn.example.com')
    const dropped = result.diagnostics.find((d) => d.code === 'STRICT_SOURCES_DROPPED')!
    expect(dropped.message).toContain("'self'")
    expect(dropped.message).toContain('https://cdn.example.com')
  })

  it('without fallbacks: no unsafe-inline nor https:, and the integrity in the chosen algorithm', () => {
    const p = run(page(), { strict: { fallbacks: false, sriAlgorithm: 'sha256', moduleLoader: false } }).pages[0]!
    expect(scriptSrc(p.headerPolicy)).toEqual(["'strict-dynamic'", `'${sri(ENTRY, 'sha256')}'`, `'${sri(SHARED, 'sha256')}'`, mapHash({ '/assets/entry-1a.js': sri(ENTRY, 'sha256'), '/assets/shared-2b.js': sri(SHARED, 'sha256') })])
    expect(p.html).toContain(`integrity="${sri(ENTRY, 'sha256')}"`)
  })

  it("hashes inline scripts into the same script-src, and gives a page with <base> base-uri 'self'", () => {
    const p = run(page('<script>document.title = "x"</script>', '<base href="/docs/">')).pages[0]!
    // The inline script's and the import map's.
    expect(scriptSrc(p.headerPolicy).filter((s) => s.startsWith("'sha256-"))).toHaveLength(2)
    expect(getDirective(p.policy, 'base-uri')?.values).toEqual(["'self'"])
  })

  it("warns that inline handlers keep a page from being a strict CSP ('unsafe-hashes'), naming the first; none without them or without strict", () => {
    const html = page('<button onclick="go()">a</button><a href="javascript:go()">b</a>')
    const result = run(html)
    expect(scriptSrc(result.pages[0]!.headerPolicy)).toContain("'unsafe-hashes'")
    const warned = result.diagnostics.filter((d) => d.code === 'STRICT_INLINE_HANDLERS')
    expect(warned.map((d) => [d.severity, d.file, d.directive])).toEqual([['warning', expect.stringMatching(/^index\.html:1:\d+$/), 'script-src']])
    expect(warned[0]!.message).toMatch(/<button onclick> and 1 more inline handler/)
    expect(warned[0]!.fix).toMatch(/addEventListener.*hash\.eventHandlers: false/)
    expect(codes(run(page('<button id="go">a</button>')))).not.toContain('STRICT_INLINE_HANDLERS')
    expect(codes(processSite([{ fileName: 'index.html', html }], {}, { scripts }))).not.toContain('STRICT_INLINE_HANDLERS')
    // Handlers left unhashed (blocked) need no 'unsafe-hashes': nothing to warn of here.
    expect(codes(run(html, { hash: { eventHandlers: false, javascriptUrls: false }, failOn: 'never' }))).not.toContain('STRICT_INLINE_HANDLERS')
  })
})

describe('the module loader (strict.moduleLoader, on by default)', () => {
  const loaderOf = (html: string) => /<script type="module" data-cspkit-src="([^"]*)" data-cspkit-integrity="([^"]*)"[^>]*>([^<]*)<\/script>/.exec(html)
  const sha256 = (text: string) => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`

  it('replaces the module entry by an inline module that inserts it with its integrity, allowed by its own hash', () => {
    const result = run(page(), { strict: true })
    const p = result.pages[0]!
    expect(p.html).not.toContain('<script type="module" crossorigin src=')
    const [, src, integrity, body] = loaderOf(p.html)!
    expect([src, integrity]).toEqual(['/assets/entry-1a.js', sri(ENTRY)])
    expect(body).toContain(`s.src="/assets/entry-1a.js";s.integrity="${sri(ENTRY)}"`)
    const values = scriptSrc(p.headerPolicy)
    expect(values).toContain(sha256(body!))
    // The inserted script is trusted by 'strict-dynamic': its own hash is not needed in the policy; the preload's is.
    expect(values).not.toContain(`'${sri(ENTRY)}'`)
    expect(values).toContain(`'${sri(SHARED)}'`)
    expect(p.strict?.scripts[0]).toEqual({ src: '/assets/entry-1a.js', integrity: sri(ENTRY), module: true })
    expect(p.strict?.modules).toBe(true)
    expect(result.diagnostics.filter((d) => d.severity !== 'info')).toEqual([])
  })

  it('a second run changes nothing; a rebuilt entry gets its loader rewritten with the new integrity', () => {
    const first = run(page(), { strict: true }).pages[0]!
    expect(run(first.html, { strict: true }).pages[0]!.changed).toBe(false)
    const rebuilt = [{ fileName: 'assets/entry-1a.js', code: `${ENTRY};` }, scripts[1]!]
    const again = run(first.html, { strict: true }, 'index.html', rebuilt).pages[0]!
    expect(loaderOf(again.html)![2]).toBe(sri(`${ENTRY};`))
    expect(scriptSrc(again.headerPolicy)).toContain(sha256(loaderOf(again.html)![3]!))
  })
})

describe('the finder', () => {
  const PAGES = [
    page('<link rel="preload" as="script" href="/assets/shared-2b.js"><link rel="preload" as="style" href="/x.css">'),
    page('<!-- <script src="/commented.js"></script> --><template><script src="/t.js"></script></template><svg><script href="/s.js"></script></svg>'),
    page('<script type="text/x-template" src="/data.js"></script><textarea><script src="/text.js"></script></textarea><script>var a = "<script src=/in-text.js>"</script>'),
    page('<SCRIPT\nSRC="/upper.js" INTEGRITY="sha384-abc"></SCRIPT><script src="/a&amp;b.js" crossorigin="use-credentials"></script>', '<base href="/docs/">'),
    page('<script data-x="a<b" src="/lt.js"></script>'),
  ]
  it.each(PAGES.map((p, i) => [i, p]))('page %i: the fast locator finds what parse5 finds (or defers to it)', async (_, html) => {
    const { locateScripts, parseScripts } = await import('../src/strict/find-scripts.js')
    const full = parseScripts(html)
    const fast = locateScripts(html)
    // The located elements also carry the scan's load they were found from (for the one-scan path).
    if (fast) expect({ ...fast, elements: fast.elements.map(({ load, ...el }) => (expect(load?.url).toBe(el.kind === 'loader' ? undefined : el.url), el)) }).toEqual(full)
    expect(full.elements.length).toBeGreaterThan(0)
  })
})

describe('presets under strict', () => {
  it('every built-in preset says whether it works under strict-dynamic', async () => {
    const { presets } = await import('../src/presets/registry.js')
    for (const preset of Object.values(presets) as { name: string; strictDynamic?: unknown }[]) expect(preset.strictDynamic, preset.name).toBeDefined()
  })

  it('a used preset that does not work under strict is PRESET_NOT_STRICT naming it and the fix; one that works, or strict off, says nothing', () => {
    const warned = resolveOptions({ strict: true, presets: ['plausible', 'google-tag-manager'] }).diagnostics.filter((d) => d.code === 'PRESET_NOT_STRICT')
    expect(warned.map((d) => d.preset)).toEqual(['plausible'])
    expect(warned[0]!.severity).toBe('warning')
    expect(warned[0]!.fix).toMatch(/integrity|script cspkit hashes/)
    expect(resolveOptions({ presets: ['plausible'] }).diagnostics.filter((d) => d.code === 'PRESET_NOT_STRICT')).toEqual([])
  })

  it("a user's own preset can say it too", () => {
    const preset = { name: 'own-widget', title: 'Own', docs: 'https://example.com', checked: '2026-12-01', directives: { 'script-src': ['https://widgets.example.com'] }, strictDynamic: { why: 'it is a CDN tag.', fix: 'Pin it.' } }
    const found = resolveOptions({ strict: true, presets: [preset] }).diagnostics.find((d) => d.code === 'PRESET_NOT_STRICT')!
    expect(found.message).toContain("'own-widget'")
    expect(found.message).toContain('it is a CDN tag.')
  })
})

describe('widening under strict', () => {
  it("a second run over strict output (its meta repeats 'unsafe-inline' https: beside 'strict-dynamic') reports nothing new", () => {
    const first = run(page('<script>document.title = "x"</script>'))
    const second = run(first.pages[0]!.html)
    expect(second.pages[0]!.changed).toBe(false)
    expect(second.diagnostics.filter((d) => d.severity !== 'info')).toEqual([])
    expect(codes(second)).not.toContain('PAGE_META_WIDENS')
  })

  it("a page meta that really widens (script-src-elem 'unsafe-inline' https:, where no 'strict-dynamic' disables them) is left out", () => {
    const own = `<meta http-equiv="Content-Security-Policy" content="script-src-elem 'unsafe-inline' https:">`
    const result = run(page('', own))
    const widens = result.diagnostics.find((d) => d.code === 'PAGE_META_WIDENS')!
    expect(widens.message).toContain("'unsafe-inline' https:")
    const p = result.pages[0]!
    expect(getDirective(p.policy, 'script-src-elem')?.values ?? []).not.toContain("'unsafe-inline'")
    expect(getDirective(p.policy, 'script-src-elem')?.values ?? []).not.toContain('https:')
  })

  it("a page meta repeating the fallbacks in script-src beside 'strict-dynamic' widens nothing and is not reported", () => {
    const own = `<meta http-equiv="Content-Security-Policy" content="script-src 'strict-dynamic' 'unsafe-inline' https:">`
    const result = run(page('', own))
    expect(codes(result)).not.toContain('PAGE_META_WIDENS')
    expect(scriptSrc(result.pages[0]!.headerPolicy)[0]).toBe("'strict-dynamic'")
  })
})

describe('integrity from the final bytes', () => {
  it('writes integrity on each script and preload of the build, editing only those attributes, and a second run changes nothing', () => {
    const html = page('<link rel="preload" as="script" href="../assets/shared-2b.js">', '')
    const first = run(html, {}, 'docs/index.html').pages[0]!
    expect(first.html).toContain(`<script integrity="${sri(ENTRY)}" type="module" crossorigin src="/assets/entry-1a.js">`)
    expect(first.html).toContain(`<link integrity="${sri(SHARED)}" rel="modulepreload" crossorigin href="/assets/shared-2b.js">`)
    expect(first.html).toContain(`<link integrity="${sri(SHARED)}" rel="preload" as="script" href="../assets/shared-2b.js">`)
    // Nothing else of the page changed: without the meta, the attributes and the import map it is the input.
    const stripped = first.html.replace(/<meta http-equiv="Content-Security-Policy" content="[^"]*">/, '').replace(/ integrity="[^"]*"/g, '').replace(/<script type="importmap"[^>]*>[^<]*<\/script>/, '')
    expect(stripped).toBe(html)
    expect(first.html.endsWith(html.slice(html.length - first.unchangedTail))).toBe(true)
    expect(first.strict?.scripts).toEqual([
      { src: '/assets/entry-1a.js', integrity: sri(ENTRY), module: true },
      { src: '/assets/shared-2b.js', integrity: sri(SHARED), module: true },
      { src: '../assets/shared-2b.js', integrity: sri(SHARED), module: false },
    ])
    const second = run(first.html, {}, 'docs/index.html').pages[0]!
    expect(second.changed).toBe(false)
    expect(second.html).toBe(first.html)
  })

  it("writes an import map with each module file's integrity before the first module element (the module loader's own fetches check it); a rebuilt file updates it; a page with an import map of its own gets none", () => {
    const first = run(page(), { strict: true }).pages[0]!
    const map = importMapOf(first.html)
    expect(map).toBe(integrityMapText({ '/assets/entry-1a.js': sri(ENTRY), '/assets/shared-2b.js': sri(SHARED) }))
    expect(first.html.indexOf('<script type="importmap"')).toBeLessThan(first.html.indexOf('<script type="module"'))
    expect(run(first.html, { strict: true }).pages[0]!.changed).toBe(false)
    // A rebuilt entry: its loader is rewritten (above), and the map with it.
    const rebuilt = [{ fileName: 'assets/entry-1a.js', code: `${ENTRY};` }, scripts[1]!]
    const again = run(first.html, { strict: true }, 'index.html', rebuilt).pages[0]!
    expect(again.html.match(/<script type="importmap"/g)).toHaveLength(1)
    expect(importMapOf(again.html)).toBe(integrityMapText({ '/assets/entry-1a.js': sri(`${ENTRY};`), '/assets/shared-2b.js': sri(SHARED) }))
    const ownMap = run(page('', '<script type="importmap">{"imports":{"x":"/x.js"}}</script>'), { strict: true })
    const own = ownMap.pages[0]!
    expect(own.html.match(/<script type="importmap"/g)).toHaveLength(1)
    // …and is told so, with the entry to add to its own map.
    const kept = ownMap.diagnostics.find((d) => d.code === 'STRICT_IMPORT_MAP_KEPT')!
    expect(kept.message).toMatch(/^\[cspkit\]|import map of its own/)
    expect(kept.fix).toContain(`"/assets/entry-1a.js": "${sri(ENTRY)}"`)
    expect(codes(run(page(), { strict: true }))).not.toContain('STRICT_IMPORT_MAP_KEPT')
    // A page with no module script gets no map.
    const classic = run('<!doctype html><html><head><script src="/assets/shared-2b.js"></script></head><body></body></html>', { strict: true }).pages[0]!
    expect(importMapOf(classic.html)).toBeUndefined()
  })

  it('finds the file under a base path (/app/assets/… → assets/…)', () => {
    const p = run(page().replaceAll('"/assets/', '"/app/assets/')).pages[0]!
    expect(p.strict?.scripts.map((s) => s.integrity)).toEqual([sri(ENTRY), sri(SHARED)])
  })

  it('keeps a matching integrity attribute (its own algorithm in the policy) and fails on one that does not match', () => {
    const own = sri(ENTRY, 'sha512')
    const kept = run(page().replace('<script type="module"', `<script integrity="${own}" type="module"`)).pages[0]!
    expect(kept.html).toContain(`<script integrity="${own}" type="module"`)
    expect(scriptSrc(kept.headerPolicy)).toContain(`'${own}'`)

    const stale = sri('console.log("before minification")')
    const wrong = run(page().replace('<script type="module"', `<script integrity="${stale}" type="module"`))
    const mismatch = wrong.diagnostics.find((d) => d.code === 'STRICT_INTEGRITY_MISMATCH')!
    expect(mismatch.severity).toBe('error')
    expect(mismatch.file).toMatch(/^index\.html:1:\d+$/)
    expect(mismatch.message).toContain('assets/entry-1a.js')
    expect(wrong.pages[0]!.html).toContain(`integrity="${stale}"`)
    expect(scriptSrc(wrong.pages[0]!.headerPolicy)).not.toContain(`'${stale}'`)
  })

  it('a third-party script without integrity is an error naming page, URL and the three ways out; its host is not allowed', () => {
    const result = run(page('<script src="https://cdn.example.com/widget.js"></script>'))
    const found = result.diagnostics.filter((d) => d.code === 'STRICT_SCRIPT_UNHASHED')
    expect(found).toHaveLength(1)
    expect(found[0]!.severity).toBe('error')
    expect(found[0]!.file).toMatch(/^index\.html:/)
    expect(found[0]!.message).toContain('https://cdn.example.com/widget.js')
    expect(found[0]!.fix).toMatch(/load it from a script of your site/i)
    expect(found[0]!.fix).toMatch(/integrity=/)
    expect(found[0]!.fix).toMatch(/strict: false/)
    // One finding, not a LOAD_BLOCKED beside it; the policy stays strict (no host added).
    expect(codes(result)).not.toContain('LOAD_BLOCKED')
    expect(scriptSrc(result.pages[0]!.headerPolicy)).not.toContain('https://cdn.example.com')
    expect(result.pages[0]!.strict?.scripts.at(-1)).toEqual({ src: 'https://cdn.example.com/widget.js', integrity: undefined, module: false })
  })

  it('a third-party script pinned with its published integrity is allowed by it, with crossorigin added for a classic script', () => {
    const pinned = sri('/* vendor */')
    const result = run(page(`<script src="https://cdn.example.com/widget.js" integrity="${pinned}"></script>`))
    const p = result.pages[0]!
    expect(scriptSrc(p.headerPolicy)).toContain(`'${pinned}'`)
    expect(p.html).toContain(`<script crossorigin="anonymous" src="https://cdn.example.com/widget.js" integrity="${pinned}">`)
    expect(codes(result)).toContain('STRICT_CROSSORIGIN_ADDED')
    expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([])
  })

  it('a same-origin script that is not a file of the build is an error', () => {
    const result = run(page('<script src="/missing.js"></script>'))
    const d = result.diagnostics.find((x) => x.code === 'STRICT_SCRIPT_UNHASHED')!
    expect(d.message).toContain('/missing.js')
    expect(d.message).toContain('not a script file of the build')
  })

  it('leaves data blocks, templates and SVG scripts alone', () => {
    const body = '<script type="text/x-template" src="/assets/entry-1a.js"></script><template><script src="/assets/entry-1a.js"></script></template><svg><script href="/assets/entry-1a.js"></script></svg>'
    const p = run(page(body)).pages[0]!
    expect(p.strict?.scripts).toHaveLength(2)
    expect(p.html.match(/ integrity=/g)).toHaveLength(2)
  })

  it('without strict, nothing of this happens', () => {
    const p = processSite([{ fileName: 'index.html', html: page() }], {}, { scripts }).pages[0]!
    expect(p.html).not.toContain('integrity=')
    expect(p.strict).toBeUndefined()
    expect(p.headerPolicy).not.toContain('strict-dynamic')
  })
})

describe('directory mode', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cspkit-strict-'))
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  it('hashes the files in the folder from their bytes, in worker threads as in this one', async () => {
    mkdirSync(join(dir, 'assets'))
    for (const s of scripts) writeFileSync(join(dir, s.fileName), s.code)
    for (let i = 0; i < 20; i++) writeFileSync(join(dir, `p${i}.html`), page())
    const result = await processDirectory(dir, { strict: true }, { workers: 2 })
    expect(result.workers).toBe(2)
    expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([])
    for (const p of result.pages) expect(p.strict?.scripts.map((s) => s.integrity)).toEqual([sri(ENTRY), sri(SHARED)])
    expect(readFileSync(join(dir, 'p0.html'), 'utf8')).toContain(`integrity="${sri(ENTRY)}"`)
    const again = await processDirectory(dir, { strict: true }, { workers: 0 })
    expect(again.written).toBe(0)
  })
})

describe('one scan per strict page', () => {
  // The scan of the page as it was, carried through strict mode's edits, must be what scanning the edited page gives.
  const ctxOf = (options: Options, files = scripts) => {
    const resolved = resolveOptions({ strict: ATTRIBUTES, ...options })
    const digests = new Map(files.map((f) => [f.fileName, scriptDigests(f.code)] as const))
    return { options: resolved, scripts: digests }
  }
  const entry = '<script type="module" crossorigin src="/assets/entry-1a.js"></script>'
  const PAGES: [string, string][] = [
    ['the usual page', page()],
    ['inline content before, between and after', page('<p style="color:red" onclick="go()">x</p><script>var a = 1</script><style>p{}</style>', '<script>var b = 2</script><style>b{}</style>')],
    ['two entries and a preload on one line, after the meta charset', `<!doctype html><html><head><meta charset="utf-8">${entry}<link rel="modulepreload" href="/assets/shared-2b.js">${entry.replace('entry-1a', 'shared-2b')}<script>x()</script></head><body></body></html>`],
    ['lines in CRLF, a CSP meta of its own, a srcdoc', `<!doctype html>\r\n<html><head>\r\n<meta http-equiv="Content-Security-Policy" content="img-src 'self'">\r\n  ${entry}\r\n  <script src="/assets/shared-2b.js"></script><script>y()</script>\r\n</head><body><iframe srcdoc="<script>z()</script>"></iframe>\r\n<script>w()</script></body></html>`],
    ['a classic script with an integrity to replace, and a <base>', page('<script integrity="" src="shared-2b.js"></script><script>v()</script>', '<base href="/assets/">')],
    ['an element over two lines (scanned again)', page('<script\nsrc="/assets/shared-2b.js"></script><script>u()</script>')],
  ]
  it.each(PAGES)('%s: the analysis is that of the edited page, with the loader and without it', (_, html) => {
    for (const strict of [ATTRIBUTES, true] as const) {
      const ctx = ctxOf({ strict })
      const { input, analysis } = analyseStrictPage({ fileName: 'docs/index.html', html }, ctx)
      expect(analysis).toEqual(analysePage(input, ctx.options))
      // Over its own output too (loaders and the import map from the first run, rewritten for a rebuilt file).
      const out = processPage({ fileName: 'docs/index.html', html }, { ...ctx, basePolicy: ctx.options.basePolicy }).html
      const again = ctxOf({ strict }, [{ fileName: 'assets/entry-1a.js', code: `${ENTRY};` }, scripts[1]!])
      const second = analyseStrictPage({ fileName: 'docs/index.html', html: out }, again)
      expect(second.analysis).toEqual(analysePage(second.input, again.options))
    }
  })
})
