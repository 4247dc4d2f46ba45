import { describe, expect, it } from 'vitest'
import { processSite } from '../src/site.js'
import { resolveOptions, type Options } from '../src/options.js'
import { CspkitError } from '../src/diagnostics.js'
import { hashSource } from '../src/html/hash.js'
import { allowsInline } from '../src/policy/inline.js'
import type { InlineKind } from '../src/html/scan.js'

const run = (html: string, options: Options = {}) => processSite([{ fileName: 'page.html', html }], options)
const one = (html: string, options: Options = {}) => run(html, options).pages[0]!
const metaContent = (html: string) =>
  [...html.matchAll(/<meta http-equiv="Content-Security-Policy" content="([^"]*)"/gi)].map((m) => m[1]!.replace(/&amp;/g, '&'))

const CORPUS: Record<string, string> = {
  vite: '<!doctype html>\n<html lang="en">\n  <head>\n    <meta charset="UTF-8" />\n    <title>x</title>\n    <style>a{}</style>\n  </head>\n  <body>\n    <script>go()</script>\n  </body>\n</html>\n',
  minified: '<!doctype html><html><head><meta charset=utf-8><title>x</title><script>a()</script></head><body><p style="color:red" onclick="b()">x</body></html>',
  crlf: '<!DOCTYPE html>\r\n<html>\r\n<head>\r\n<meta charset="utf-8">\r\n<script>\r\nvar a = 1;\r\n</script>\r\n</head>\r\n<body></body>\r\n</html>\r\n',
  noHead: '<!doctype html><title>x</title><script>a()</script><p>text',
  existingMeta: '<html><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="img-src https://img.example"><script>a()</script></head></html>',
  lateMeta: '<html><head>\n  <script>early()</script>\n  <meta http-equiv="Content-Security-Policy" content="connect-src https://api.example">\n</head></html>',
  bom: '\uFEFF<!doctype html><html><head><style>b{}</style></head></html>',
  svgAndTemplate: '<html><head></head><body><svg><script>x &amp;&amp; y</script></svg><template><script>t()</script></template></body></html>',
}

const HASH_OPTION: Record<InlineKind, keyof NonNullable<Options['hash']>> = {
  script: 'scripts',
  style: 'styles',
  'event-handler': 'eventHandlers',
  'style-attribute': 'styleAttributes',
  'javascript-url': 'javascriptUrls',
}

describe('processPage', () => {
  it.each(Object.entries(CORPUS))('%s: a second run changes nothing', (_name, html) => {
    const first = one(html)
    expect(first.changed).toBe(true)
    const second = one(first.html)
    expect(second.changed).toBe(false)
    expect(second.html).toBe(first.html)
  })

  it.each(Object.entries({ ...CORPUS, twoMetas: '<head><meta http-equiv="Content-Security-Policy" content="img-src \'self\'"><meta http-equiv="Content-Security-Policy" content="style-src \'self\'"><style>é{}</style></head><body>ü</body>' }))(
    '%s: the last unchangedTail characters are the input\'s own end (directory mode writes them from the bytes it read)',
    (_name, html) => {
      const result = one(html)
      expect(result.unchangedTail).toBeGreaterThan(0)
      expect(result.unchangedTail).toBeLessThanOrEqual(html.length)
      expect(result.html.slice(result.html.length - result.unchangedTail)).toBe(html.slice(html.length - result.unchangedTail))
      expect(one(result.html).unchangedTail).toBe(result.html.length)
    },
  )

  it.each(Object.entries(CORPUS).filter(([n]) => !['existingMeta', 'lateMeta'].includes(n)))(
    '%s: outside the inserted meta the page is byte-identical',
    (_name, html) => {
      const out = one(html).html
      const removed = out.replace(/(\r?\n[ \t]*)?<meta http-equiv="Content-Security-Policy" content="[^"]*"( \/)?>/, '')
      expect(removed).toBe(html)
    },
  )

  it('updates an existing CSP meta in place, merged with the configured policy', () => {
    const out = one(CORPUS.existingMeta!, { policy: { 'default-src': ["'self'"] } })
    expect(metaContent(out.html)).toEqual([`default-src 'self'; img-src https://img.example; script-src 'self' ${hashSource('a()')}`])
    expect(out.html.replace(/content="[^"]*"/, '')).toBe(CORPUS.existingMeta!.replace(/content="[^"]*"/, ''))
  })

  it('moves a CSP meta that comes after content it should govern, and says so', () => {
    const result = run(CORPUS.lateMeta!)
    const html = result.pages[0]!.html
    expect(html.indexOf('http-equiv')).toBeLessThan(html.indexOf('early()'))
    expect(metaContent(html)).toHaveLength(1)
    expect(metaContent(html)[0]).toContain('connect-src https://api.example')
    expect(result.diagnostics.map((d) => d.code)).toContain('META_MOVED')
  })

  it('adds the hashes to a second CSP meta too, since browsers enforce both', () => {
    const html = '<html><head><meta http-equiv="Content-Security-Policy" content="img-src *"><meta http-equiv="Content-Security-Policy" content="script-src \'self\'"><script>a()</script></head></html>'
    const [first, second] = metaContent(one(html).html)
    expect(first).toContain(hashSource('a()'))
    expect(second).toBe(`script-src 'self' ${hashSource('a()')}`)
  })

  it('uses the configured algorithm', () => {
    expect(one(CORPUS.noHead!, { algorithm: 'sha384' }).hashes).toEqual([hashSource('a()', 'sha384')])
  })

  it('leaves meta-only-ignored directives out of the meta, keeps them for headers, and warns once for many pages', () => {
    const pages = ['a.html', 'b.html', 'c.html', 'd.html'].map((fileName) => ({ fileName, html: CORPUS.vite! }))
    const result = processSite(pages, { policy: "default-src 'self'; frame-ancestors 'none'" })
    expect(metaContent(result.pages[0]!.html)[0]).not.toContain('frame-ancestors')
    expect(result.pages[0]!.headerPolicy).toContain("frame-ancestors 'none'")
    const warnings = result.diagnostics.filter((d) => d.code === 'META_IGNORED_DIRECTIVE')
    expect(warnings).toHaveLength(1)
    expect(warnings[0]!.file).toBe('4 pages: a.html, b.html, c.html and 1 more')
  })

  it("keeps 'unsafe-inline' working where the user chose it, and warns how to make it strict", () => {
    const result = run(CORPUS.vite!, { policy: "default-src 'self'; style-src 'self' 'unsafe-inline'" })
    expect(metaContent(result.pages[0]!.html)[0]).toContain("style-src 'self' 'unsafe-inline';")
    const kept = result.diagnostics.find((d) => d.code === 'UNSAFE_INLINE_KEPT')!
    expect(kept.directive).toBe('style-src')
    expect(kept.fix).toContain("unsafeInline: 'override'")
  })

  it("names the preset that brought 'unsafe-inline', and does not advise removing it", () => {
    const result = run(CORPUS.vite!, { presets: ['gleap'] })
    const kept = result.diagnostics.find((d) => d.code === 'UNSAFE_INLINE_KEPT')!
    expect(kept).toMatchObject({ directive: 'style-src', preset: 'gleap', severity: 'info' })
    expect(kept.message).toContain("added by the 'gleap' preset")
    expect(kept.fix).toContain("Nothing to do while you use 'gleap'")
  })

  it('reports inline content it was told not to hash, with where it is and which option to change', () => {
    const result = run(CORPUS.minified!, { hash: { eventHandlers: false } })
    const blocked = result.diagnostics.filter((d) => d.code === 'INLINE_BLOCKED')
    expect(blocked).toHaveLength(1)
    const column = CORPUS.minified!.indexOf('onclick') + 1
    expect(blocked[0]).toMatchObject({ directive: 'script-src', file: `page.html:1:${column}` })
    expect(blocked[0]!.message).toContain('onclick on <p>')
    expect(blocked[0]!.fix).toContain('hash.eventHandlers: true')
  })

  it('writes no meta with meta: false but still computes the page policy', () => {
    const page = one(CORPUS.vite!, { meta: false })
    expect(page.changed).toBe(false)
    expect(page.headerPolicy).toContain(hashSource('go()'))
  })

  it("reports as blocked exactly what a browser enforcing the page's policy blocks, and as added exactly the hashes the policy holds", () => {
    // Seeded random policies, page metas, hash options and inline content (repeated texts, texts the
    // policy already allows by hash), each page checked item by item with the full allowsInline rule.
    let seed = 7
    const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31)
    const pick = <T,>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!
    const texts = ['a()', 'b()', 'color:red', 'x{}']
    const sources = ["'self'", "'none'", "'unsafe-inline'", "'unsafe-hashes'", "'strict-dynamic'", "'nonce-abc'", "'inline-speculation-rules'", 'https:', hashSource('a()'), hashSource('color:red')]
    const names = ['default-src', 'script-src', 'script-src-elem', 'script-src-attr', 'style-src', 'style-src-elem', 'style-src-attr']
    // The configured policy must be valid (distinct directives, no 'none' beside sources); a page's own meta need not be.
    const policyText = (valid: boolean) =>
      [...new Set(Array.from({ length: 1 + Math.floor(rand() * 3) }, () => pick(names)))]
        .map((name) => `${name} ${[...new Set(Array.from({ length: 1 + Math.floor(rand() * 3) }, () => pick(sources)))].filter((v) => !valid || v !== "'none'").join(' ')}`)
        .join('; ')
    const items = [
      () => `<script>${pick(texts)}</script>`,
      () => `<script type="speculationrules">${pick(texts)}</script>`,
      () => `<style>${pick(texts)}</style>`,
      () => `<p style="${pick(texts)}">x</p>`,
      () => `<p onclick="${pick(texts)}">x</p>`,
      () => `<a href="javascript:${pick(texts)}">x</a>`,
    ]
    let blockedSeen = 0
    for (let p = 0; p < 400; p++) {
      const options: Options = {
        policy: policyText(true),
        unsafeInline: rand() < 0.5 ? 'respect' : 'override',
        hash: { scripts: rand() < 0.8, styles: rand() < 0.8, eventHandlers: rand() < 0.8, styleAttributes: rand() < 0.8, javascriptUrls: rand() < 0.8 },
        lint: 'off',
        failOn: 'never',
      }
      const ownMeta = rand() < 0.3 ? `<meta http-equiv="Content-Security-Policy" content="${policyText(false)}">` : ''
      const body = Array.from({ length: 1 + Math.floor(rand() * 5) }, () => pick(items)()).join('')
      const page = one(`<!doctype html><html><head><meta charset="utf-8">${ownMeta}</head><body>${body}</body></html>`, options)
      const context = `${String(options.policy)} | ${ownMeta} | ${body} | ${JSON.stringify(options.hash)} ${options.unsafeInline}`
      expect(page.blocked, context).toEqual(page.inline.filter((item) => !allowsInline(page.policy, item)))
      const hashed = page.inline.flatMap((item) => (options.hash![HASH_OPTION[item.kind]] ? [hashSource(item.text)] : []))
      const inPolicy = [...new Set(hashed)].filter((h) => page.policy.directives.some((d) => d.values.includes(h)))
      expect([...page.hashes].sort(), context).toEqual(inPolicy.sort())
      blockedSeen += page.blocked.length
    }
    expect(blockedSeen).toBeGreaterThan(50) // the cases include both outcomes
  })

  it('warns about report-only and out-of-head CSP metas, which browsers ignore', () => {
    const html = '<html><head><meta http-equiv="Content-Security-Policy-Report-Only" content="default-src \'none\'"></head><body><meta http-equiv="Content-Security-Policy" content="img-src *"></body></html>'
    expect(run(html).diagnostics.map((d) => d.code).sort()).toEqual(['META_OUTSIDE_HEAD', 'META_REPORT_ONLY_IGNORED'])
  })
})

describe('options', () => {
  it('lists every problem at once, naming the option, with did-you-mean', () => {
    let error: unknown
    try {
      resolveOptions({ polcy: {}, algorithm: 'md5', hash: { script: true } } as never)
    } catch (e) {
      error = e
    }
    expect(error).toBeInstanceOf(CspkitError)
    const messages = (error as CspkitError).message.split('\n')
    expect(messages).toHaveLength(3)
    expect(messages[0]).toBe("[cspkit] OPTION_UNKNOWN (option polcy): 'polcy' is not a cspkit option. Fix: Did you mean 'policy'?")
    expect(messages[1]).toContain("(option algorithm): 'algorithm' must be one of 'sha256', 'sha384', 'sha512', got \"md5\".")
    expect(messages[2]).toContain("Did you mean 'hash.scripts'?")
    expect((error as Error).stack).not.toMatch(/\n\s+at /)
  })

  it('returns frozen options', () => {
    const options = resolveOptions({})
    expect(Object.isFrozen(options)).toBe(true)
    expect(Object.isFrozen(options.hash)).toBe(true)
    expect(Object.isFrozen(options.policy.directives[0])).toBe(true)
  })
})

describe("a page's own CSP meta is read as the browser reads it", () => {
  const withMeta = (content: string) =>
    `<!doctype html><html><head><meta http-equiv="Content-Security-Policy" content="${content}"><title>x</title></head><body><script>a()</script></body></html>`

  it('a "," (several policies to Chromium and WebKit, one to Firefox) leaves the page as it was, with an error naming it', () => {
    const html = withMeta("script-src 'self', img-src 'none'")
    const result = run(html)
    expect(result.pages[0]!.html).toBe(html)
    expect(result.pages[0]!.changed).toBe(false)
    const error = result.diagnostics.find((d) => d.code === 'PAGE_META_UNREADABLE')
    expect(error?.severity).toBe('error')
    expect(error?.file).toBe('page.html:1')
    expect(error?.fix).toMatch(/one policy/)
  })

  it('line breaks inside the content are whitespace: the page builds exactly as with the same policy on one line', () => {
    const oneLine = one(withMeta("connect-src https://api.example; img-src https://img.example"))
    const broken = one(withMeta("connect-src\n  https://api.example;\r\n\timg-src https://img.example"))
    expect(metaContent(broken.html)).toEqual(metaContent(oneLine.html))
    expect(metaContent(broken.html)[0]).toContain('https://api.example')
    expect(run(withMeta("connect-src\n  https://api.example")).diagnostics.map((d) => d.code)).not.toContain('POLICY_INJECTION')
  })
})
