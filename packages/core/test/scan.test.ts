import { createHash } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { scanPage } from '../src/html/scan.js'
import { hashSource } from '../src/html/hash.js'

const page = (body: string, head = '') => `<!doctype html><html><head><meta charset="utf-8">${head}</head><body>${body}</body></html>`
const texts = (html: string) => scanPage(html).inline.map((i) => [i.kind, i.text])

describe('what needs a hash (CSP-RULES b1–b6)', () => {
  it('finds classic, module, importmap and speculationrules scripts; skips data blocks, empty and classic nomodule scripts', () => {
    const html = page(
      [
        '<script>a()</script>',
        '<script type="module">b()</script>',
        '<script type="importmap">{"imports":{}}</script>',
        '<script type="speculationrules">{"prerender":[]}</script>',
        '<script type="text/JavaScript">c()</script>',
        '<script language="javascript">d()</script>',
        '<script type="application/ld+json">{}</script>',
        '<script type="text/template"><p></script>',
        '<script></script>',
        '<script nomodule>legacy()</script>',
        '<script type="module" nomodule>e()</script>',
        '<script src="/x.js"></script>',
      ].join(''),
    )
    expect(scanPage(html).inline.map((i) => [i.scriptType, i.text])).toEqual([
      ['classic', 'a()'],
      ['module', 'b()'],
      ['importmap', '{"imports":{}}'],
      ['speculationrules', '{"prerender":[]}'],
      ['classic', 'c()'],
      ['classic', 'd()'],
      ['module', 'e()'],
    ])
  })

  it('checks whitespace-only scripts and every <style>, even an empty one', () => {
    expect(texts(page('<script> </script><script>\n</script>', '<style></style>'))).toEqual([
      ['style', ''],
      ['script', ' '],
      ['script', '\n'],
    ])
    // The hash Chromium reports for an empty style element.
    expect(hashSource('')).toBe("'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU='")
  })

  it('finds scripts inside <template> and inline SVG', () => {
    expect(texts(page('<template><script>t()</script></template><svg><script>s()</script><style>x{}</style></svg>'))).toEqual([
      ['script', 't()'],
      ['script', 's()'],
      ['style', 'x{}'],
    ])
  })

  it('finds event handlers, style attributes and javascript: URLs with their decoded values', () => {
    const html = page('<a href=" JAVASCRIPT:go(1)" onclick="f(&quot;x&quot;)" style="color:red&amp;">x</a><img src="x.png">')
    expect(texts(html)).toEqual([
      ['javascript-url', ' JAVASCRIPT:go(1)'],
      ['event-handler', 'f("x")'],
      ['style-attribute', 'color:red&'],
    ])
  })
})

describe('the text that is hashed (CSP-RULES a1–a10)', () => {
  const sha = (s: string) => createHash('sha256').update(Buffer.from(s, 'utf8')).digest('base64')

  it('normalises CRLF and lone CR to LF', () => {
    const [item] = scanPage(page('<script>\r\na()\rb()\r\n</script>')).inline
    expect(item!.text).toBe('\na()\nb()\n')
  })

  it('keeps character references raw in HTML scripts and decodes them (and CDATA) in SVG', () => {
    const items = scanPage(page('<script>x &amp;&amp; y</script><svg><script>x &amp;&amp; y<![CDATA[ && z]]></script></svg>')).inline
    expect(items.map((i) => i.text)).toEqual(['x &amp;&amp; y', 'x && y && z'])
  })

  it('replaces NUL with U+FFFD and hashes non-ASCII text as UTF-8', () => {
    const [nul, utf] = scanPage(page('<script>a\u0000b</script><script>"héllo ✓ \u2028"</script>')).inline
    expect(nul!.text).toBe('a\uFFFDb')
    expect(hashSource(utf!.text)).toBe(`'sha256-${sha('"héllo ✓ \u2028"')}'`)
  })

  it('records where each item is, for diagnostics', () => {
    const [item] = scanPage('<!doctype html>\n<html>\n<body>\n  <script>a()</script>').inline
    expect([item!.line, item!.column]).toEqual([4, 3])
  })
})

describe('existing CSP metas and the insertion point (CSP-RULES d1–d3c)', () => {
  it('inserts after <meta charset>, matching indentation and void-tag style', () => {
    const html = '<!doctype html>\n<html>\n  <head>\n    <meta charset="utf-8" />\n    <title>x</title>\n  </head>\n</html>'
    const { insertion } = scanPage(html)
    expect(html.slice(0, insertion.offset).endsWith('<meta charset="utf-8" />')).toBe(true)
    expect(insertion).toMatchObject({ prefix: '\n    ', selfClosing: true })
  })

  it('inserts right after <head> when something that loads comes before <meta charset>', () => {
    const html = '<html><head><link rel="stylesheet" href="/a.css"><meta charset="utf-8"></head></html>'
    const { insertion } = scanPage(html)
    expect(html.slice(0, insertion.offset)).toBe('<html><head>')
    expect(insertion.prefix).toBe('')
  })

  it('without a <head> tag, inserts where the parser still puts it into the implied head', () => {
    expect(html0('<!doctype html><title>x</title><p>hi')).toBe('<!doctype html>')
    expect(html0('<html lang="en"><p>hi')).toBe('<html lang="en">')
    function html0(html: string) {
      return html.slice(0, scanPage(html).insertion.offset)
    }
  })

  it('tells metas that cover the page from ones that come too late, report-only ones and ones outside <head>', () => {
    const html =
      '<html><head><meta charset="utf-8"><meta http-equiv="content-security-policy" content="a">' +
      '<script>x()</script><meta http-equiv="Content-Security-Policy" content="b">' +
      '<meta http-equiv="Content-Security-Policy-Report-Only" content="c"></head>' +
      '<body><meta http-equiv="Content-Security-Policy" content="d"></body></html>'
    expect(scanPage(html).metas.map((m) => [m.policy, m.coversPage, m.reportOnly, m.inHead])).toEqual([
      ['a', true, false, true],
      ['b', false, false, true],
      ['c', false, true, true],
      ['d', false, false, false],
    ])
  })
})
