import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join, relative, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { beforeAll, describe, expect, it } from 'vitest'
import { fastScanPage } from '../src/html/fast-scan.js'
import { parse5ScanPage, scanPage } from '../src/html/scan.js'
import { vitepressSiteOutput } from '../../../test/support/global-setup.js'
// The bench's own page generator (plain JavaScript, no types).
// @ts-expect-error no declaration file
import { generatePage, random } from '../../../bench/generate.mjs'

// Differential test: the single-pass scanner against parse5's tree. Whenever the fast scanner
// answers, its answer must equal parse5's exactly; and it must answer for real built pages, or the
// speed-up would be imaginary.

const ROOT = resolve(fileURLToPath(new URL('../../..', import.meta.url)))

/** Compares both scanners on one page; returns whether the fast path answered. */
function agree(html: string, label: string): boolean {
  const fast = fastScanPage(html)
  if (fast === undefined) return false
  expect(fast, label).toStrictEqual(parse5ScanPage(html))
  return true
}

function htmlFiles(dir: string): string[] {
  const out: string[] = []
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      if (name === 'node_modules' || name === '.git') continue
      const p = join(d, name)
      if (statSync(p).isDirectory()) walk(p)
      else if (name.endsWith('.html')) out.push(p)
    }
  }
  walk(dir)
  return out.sort()
}


describe('fast scan = parse5 scan on real pages, and takes the fast path there', () => {
  let vitepressPages: string[] = []

  beforeAll(async () => {
    // VitePress output is the directory mode's main customer: the fixture site as VitePress built it
    // (once per run, shared with the CLI tests; only read here).
    vitepressPages = htmlFiles(await vitepressSiteOutput())
  })

  it('every HTML file in the repository (examples, their built output, test fixtures)', () => {
    // Generators' templates (Hugo's {{ }}, SvelteKit's %sveltekit.head%) are no pages a browser gets.
    const isTemplate = (f: string) => /\{\{|%sveltekit\./.test(readFileSync(f, 'utf8'))
    const files = [...htmlFiles(join(ROOT, 'examples')), ...htmlFiles(join(ROOT, 'test/fixtures'))].filter((f) => !isTemplate(f))
    expect(files.length).toBeGreaterThan(10)
    const slow = files.filter((f) => !agree(readFileSync(f, 'utf8'), f)).map((f) => relative(ROOT, f))
    // Every example and fixture takes the fast path, except the page built to test a <script>
    // inside inline SVG (foreign content is left to parse5).
    // (Built copies under examples/*/dist exist only after a demo run, so only sources are listed.)
    expect(slow.filter((f) => !f.includes('/dist/'))).toEqual(['examples/vite-mpa/about/index.html'])
    for (const f of slow) expect(readFileSync(join(ROOT, f), 'utf8')).toMatch(/<svg[^>]*><script>/)
  })

  it('VitePress output', () => {
    expect(vitepressPages.length).toBe(4)
    const slow = vitepressPages.filter((f) => !agree(readFileSync(f, 'utf8'), f))
    expect(slow).toEqual([])
  })

  it('the bench generator\'s pages (20–200 KB), also with CRLF line ends', () => {
    const rand = random(7)
    let fast = 0
    for (let n = 0; n < 12; n++) {
      const page = generatePage(n, rand) as string
      if (agree(page, `bench page ${n}`)) fast++
      if (agree(page.replace(/\n/g, '\r\n'), `bench page ${n} (CRLF)`)) fast++
    }
    expect(fast).toBe(24)
  })
})

describe('deep input and foreign namespaces', () => {
  it('10,000 nested elements inside <svg>, <template> and <math> are scanned, every item found', () => {
    for (const [open, close, items] of [['<svg>', '</svg>', 10001], ['<template>', '</template>', 10001], ['<math>', '</math>', 10000]] as const) {
      const html = page(`${open}${'<g onclick="a()">'.repeat(10000)}<script>b()</script>${'</g>'.repeat(10000)}${close}`)
      // In <math> a <script> is MathML's, not a script: only the handlers.
      expect(parse5ScanPage(html).inline, open).toHaveLength(items)
      expect(scanPage(html).inline, open).toHaveLength(items)
    }
  })

  it('on* attributes on MathML elements are event handlers (checked against script-src-attr)', () => {
    const scan = scanPage(page('<math><mi onclick="a()">x</mi></math>'))
    expect(scan.inline.map((i) => [i.kind, i.tag, i.attribute, i.target])).toEqual([['event-handler', 'mi', 'onclick', 'script-attr']])
  })

  it('srcdoc documents, nested too, add their inline content at the outermost srcdoc attribute', () => {
    let inner = '<script>deep()</script>'
    for (let i = 0; i < 40; i++) inner = `<iframe srcdoc="${inner.replace(/&/g, '&amp;').replace(/"/g, '&quot;')}"></iframe>`
    const html = page(`<p onclick="own()">x</p>${inner}`)
    const scan = scanPage(html)
    expect(scan.inline.map((i) => [i.text, i.inSrcdoc ?? false])).toEqual([['own()', false], ['deep()', true]])
    expect(scan.inline[1]!.column).toBe(html.indexOf('srcdoc=') + 1)
    expect(scan.srcdocs).toHaveLength(40)
  })
})

describe('fast scan = parse5 scan on tricky HTML', () => {
  it('hand-written edge cases', () => {
    const cases = EDGE_CASES.map((body) => (body.includes('<head') ? body : page(body)))
    let fast = 0
    for (const html of cases) if (agree(html, JSON.stringify(html))) fast++
    // Most of these are meant to fall back; the rest must agree (asserted above).
    expect(fast).toBeGreaterThan(20)
  })

  it('thousands of seeded random pages', () => {
    // The generator is built to be hostile; still, a good share must take the fast path for the
    // comparison to mean something.
    expect(fastShare(20240611, randomPage)).toBeGreaterThan(0.2)
  })

  it('bodies of plain markup (skipped by one regex step) with hostile attributes mixed in', () => {
    // About half fall back (an unclosed template or formatting element with inline content, an
    // attribute name the tokenizer reads oddly, …): the other half checks the regex step.
    const share = fastShare(20261125, (rand) => page(Array.from({ length: 1 + Math.floor(rand() * 30) }, () => plainChunk(rand)).join('')))
    expect(share).toBeGreaterThan(0.35)
  })

  it('heads of built pages (module scripts, preloads, metas: skipped by one regex step) with hostile attributes mixed in', () => {
    expect(fastShare(20261126, randomHeadPage)).toBeGreaterThan(0.25)
  })

  it('heads as bundlers write them (Vite, html-webpack-plugin: module scripts, stylesheets, modulepreloads, one regex step each) and their near misses', () => {
    const rand = random(20261202)
    let fast = 0
    let loads = 0
    for (let n = 0; n < 1000; n++) {
      const tags = Array.from({ length: 1 + Math.floor(rand() * 6) }, () => pick(rand, ['\n  ', '', ' ', '\n', '\r\n']) + bundlerHeadTag(rand)).join('')
      const html = `<!doctype html>\n<html>\n<head>\n<meta charset="utf-8">\n<title>t</title>\n<script>i()</script>${tags}\n</head>\n<body>\n<p style="b">x</p>\n</body>\n</html>\n`
      if (!agree(html, JSON.stringify(html))) continue
      fast++
      loads += fastScanPage(html)!.loads.length
    }
    // Near misses are read tag by tag, still by the fast scanner: every page takes it.
    expect(fast).toBe(1000)
    expect(loads).toBeGreaterThan(2000)
  })

  it('inline SVG icons take the fast path (a page full of them need not go through parse5)', () => {
    const icons = [
      '<svg width="24" height="24" viewBox="0 0 24 24"><path d="M0 0h24v24H0z" fill="none"/><path d="M12 2l3 7h7z"/></svg>',
      '<a href="/x" class="icon"><svg aria-hidden="true"><use href="#i"/></svg></a>',
      '<svg><title>Close</title><g><circle r="1"></circle></g></svg>',
      '<table><tr><td><svg viewBox="0 0 1 1"><LinearGradient id="g"></lineargradient><!-- c --></svg></td></tr></table>',
    ]
    for (const icon of icons) expect(agree(page(`${icon}<p style="after">x</p><script>after()</script>`), icon), icon).toBe(true)
  })

  it('loads (PageScan.loads): random pages full of loading elements agree, and most take the fast path with loads found', () => {
    const rand = random(20261201)
    let fast = 0
    let loads = 0
    let srcdocs = 0
    for (let n = 0; n < 2000; n++) {
      const html = rand() < 0.5 ? randomHeadPage(rand) : page(Array.from({ length: 1 + Math.floor(rand() * 8) }, () => (rand() < 0.6 ? loadingTag(rand) : plainChunk(rand))).join(''))
      if (!agree(html, JSON.stringify(html))) continue
      fast++
      loads += fastScanPage(html)!.loads.length
      srcdocs += fastScanPage(html)!.srcdocs.length
    }
    // Without loads found on the fast path, the comparison would prove nothing about them.
    expect(fast).toBeGreaterThan(800)
    expect(loads).toBeGreaterThan(300)
    expect(srcdocs).toBeGreaterThan(10)
  })

  it('loads: hand-written cases take the fast path and give what the browser fetches', () => {
    const html = page(
      '<img src="/a.png" srcset="b.png 1x, https://cdn.test/c.png 2x"><picture><source srcset="d.webp"></picture>' +
        '<video poster="p.jpg" src="v.mp4"><track src="t.vtt"></video><iframe src="https://www.youtube.com/embed/x"></iframe>' +
        '<form action="/send"><input type="image" src="i.png"><button formaction="https://other.test/">b</button></form>' +
        '<object data="o.swf"></object><embed src="e.swf"><template><img src="inert.png"></template><img src="">' +
        '<iframe srcdoc="&lt;script&gt;f()&lt;/script&gt;"></iframe><template><iframe srcdoc="inert"></iframe></template>',
      '<meta charset="utf-8"><base href="/docs/"><link rel="stylesheet" href="s.css"><link rel=modulepreload href=/m.js>' +
        '<link rel="preload" as="font" href="f.woff2"><link rel="icon" href="/favicon.ico"><link rel="preconnect" href="https://x.test">' +
        '<script src="https://cdn.test/a.js" nonce="n"></script><script type="application/ld+json" src="no.json"></script><script nomodule src="old.js"></script>',
    )
    expect(agree(html, 'loads')).toBe(true)
    expect(scanPage(html).loads.map((l) => `${l.kind} ${l.tag}[${l.attribute}] ${l.url}`)).toEqual([
      'base-uri base[href] /docs/',
      'style-src-elem link[href] s.css',
      'script-src-elem link[href] /m.js',
      'font-src link[href] f.woff2',
      'img-src link[href] /favicon.ico',
      'script-src-elem script[src] https://cdn.test/a.js',
      'img-src img[src] /a.png',
      'img-src img[srcset] b.png',
      'img-src img[srcset] https://cdn.test/c.png',
      'img-src source[srcset] d.webp',
      'media-src video[src] v.mp4',
      'img-src video[poster] p.jpg',
      'media-src track[src] t.vtt',
      'frame-src iframe[src] https://www.youtube.com/embed/x',
      'form-action form[action] /send',
      'img-src input[src] i.png',
      'form-action button[formaction] https://other.test/',
      'object-src object[data] o.swf',
      'object-src embed[src] e.swf',
    ])
    expect(scanPage(html).srcdocs.map((s) => s.html)).toEqual(['<script>f()</script>'])
  })

  it('scanPage returns the parse5 answer when the fast path gives up', () => {
    const html = page('<svg><script>a &amp;&amp; b</script></svg>')
    expect(fastScanPage(html)).toBeUndefined()
    expect(scanPage(html).inline.map((i) => i.text)).toEqual(['a && b'])
  })

  it('returns inline content in source order, also where the parser moves elements (foster parenting)', () => {
    const html = page('<table style="a"><span style="b">x</span><tr><td style="c">y</td></tr></table>')
    const expected = ['a', 'b', 'c']
    expect(parse5ScanPage(html).inline.map((i) => i.text)).toEqual(expected)
    expect(scanPage(html).inline.map((i) => i.text)).toEqual(expected)
  })
})

/** 3,000 seeded random pages through both scanners (which must agree); the share the fast path answered. */
function fastShare(seed: number, makePage: (rand: () => number) => string): number {
  const rand = random(seed)
  const total = 3000
  let fast = 0
  for (let n = 0; n < total; n++) {
    const html = makePage(rand)
    if (agree(html, JSON.stringify(html))) fast++
  }
  return fast / total
}

function randomHeadPage(rand: () => number): string {
  const head = Array.from({ length: Math.floor(rand() * 12) }, () => headChunk(rand)).join('')
  const htmlAttributes = Array.from({ length: Math.floor(rand() * 3) }, () => ` ${plainAttribute(rand)}`).join('')
  const charset = pick(rand, ['\n<meta charset="utf-8">', '<meta charset=utf-8 />', '\r\n  <META CHARSET="UTF-8">', '<meta charset="utf-8" name="x">', '<meta  charset = \'utf-8\'>', '', '<!-- c --><meta charset="utf-8">'])
  const start = pick(rand, ['<!doctype html>\n', '<!DOCTYPE html>', '\uFEFF<!doctype html>', '<!doctype html >', '', '<!doctype html><!-- c -->'])
  const headEnd = pick(rand, ['</head>\n', '</head>', '</HEAD >', '</head x>', '</head>text'])
  const body = pick(rand, ['<body>', '<body class="c">', '<body onload="l()">', '<BODY STYLE="s">', '<body/>', ''])
  return `${start}<html${htmlAttributes}>\n<head${rand() < 0.1 ? ' id="h"' : ''}>${charset}${head}${headEnd}${body}<p style="b">x</p></body></html>`
}

function page(body: string, head = '<meta charset="utf-8">'): string {
  return `<!doctype html><html><head>${head}</head><body>${body}</body></html>`
}

const EDGE_CASES: string[] = [
  // MathML handlers (event handlers there too), and deep nesting (no recursion may overflow).
  '<math><mi onclick="a()" style="color:red">x</mi><mtext onfocus="b()">y</mtext></math>',
  `<svg>${'<g onclick="c()">'.repeat(10000)}<script>d()</script>${'</g>'.repeat(10000)}</svg>`,
  `<template>${'<div onclick="e()">'.repeat(10000)}<script>f()</script>${'</div>'.repeat(10000)}</template>`,
  `${'<span style="x:y">'.repeat(10000)}${'</span>'.repeat(10000)}`,
  // Attributes
  '<a href="javascript:go()" onclick="f()" style="color:red">x</a>',
  '<a HREF=" JavaScript:go(1)" ONCLICK=f() STYLE=color:red>x</a>',
  '<div style="a" style="b" onclick="c" ONCLICK="d">x</div>',
  '<div style = "a"onclick=\'b\'/>x</div>',
  '<div style="a&amp;b&quot;c&#39;d&#x41;&lt;&notin;&notit;x&amp=y">x</div>',
  '<a href="&#106;avascript:alert(1)">x</a>',
  '<a href="java&#x0A;script:x()">x</a>',
  '<div onclick=a&amp;b style=c&lt>x</div>',
  '<div style=>x</div><div style= >y</div><div style>z</div>',
  '<div =style="a" style="b">x</div>',
  '<div "style"="a" style="b">x</div>',
  '<div style="a\r\nb\rc">x</div>',
  '<input formaction="javascript:x()"><button formaction="javascript:y()">b</button>',
  '<form action="javascript:s()" onsubmit="t()"><input></form>',
  '<form action="javascript:s()"><form action="javascript:t()"></form></form>',
  '<iframe src="javascript:i()"></iframe><area href="javascript:a()">',
  '<div onfoo-bar="x" on="y" onclick1="z" onclick="w">x</div>',
  '<div/style="a">x</div>',
  '<div / style="a" / >x</div>',
  // Raw text, RCDATA, script data
  '<script>a()</script ><script>b()</SCRIPT><script>c()</script foo="</script>">',
  '<script>x = "</scripts>"; y = "</script\ttab"</script>',
  '<script>if (a <!-- b) c()</script>',
  '<script>x = "<!--"</script>',
  '<style>a{}</style ><style>b{}</STYLE><style></style>',
  '<textarea><script>no()</script></textarea><title><style>no{}</style></title>',
  '<xmp><script>no()</script></xmp><noembed><script>no()</script></noembed><noframes><style>x</style></noframes>',
  '<noscript><script>no()</script><style>no{}</style></noscript>',
  '<iframe><script>no()</script></iframe>',
  '<plaintext><script>no()</script>',
  '<script type="module">m()</script><script type="text/plain">no</script><script nomodule>no()</script>',
  '<script type=" TEXT/JavaScript ">a()</script><script language="jscript">b()</script><script language="">c()</script>',
  '<script src="x.js">ignored()</script><script href="x">no()</script>',
  '<script type="speculationrules">{}</script><script type="importmap">{}</script>',
  '<script>\r\na()\rb()\r\n</script>',
  '<script>a()',
  '<style>a{}',
  // Comments and friends
  '<!--><script>a()</script><!---><script>b()</script>',
  '<!-- <script>no()</script> --><!-- x --!><script>c()</script>',
  '<!-- a -- b ---><script>d()</script>',
  '<!--!><script>no()</script>--><script>e()</script>',
  // `--!>` ends a comment only before its `-->`: the scanner looks for it in that range alone.
  '<!-- x --!><script>c()</script><!-- y --><script>d()</script>',
  '<!--[--><!--]--><!-- a --!--><script>e()</script><!----!><script>f()</script>-->',
  '<?xml x><script>f()</script><!x><script>g()</script></ x><script>h()</script>',
  '<![CDATA[ <script>no()</script> ]]><script>i()</script>',
  '</><script>j()</script>',
  '< script>no()</script>',
  'a < b <script>k()</script>',
  '<!-- unclosed',
  // Tables, templates, formatting elements
  '<table><tr><td style="a">x</td><td onclick="b">y</td></tr></table>',
  '<table><tbody><tr><th style="a">x<td style="b">y</table>',
  '<table style="t"><div style="foster">x</div><tr><td>y</td></tr></table>',
  '<td style="stray">x</td><tr onclick="stray"></tr>',
  '<table><tr><td><table><tr><td style="nested">x</td></tr></table></td></tr></table>',
  '<table><tr><td>x</td><table><tr><td style="a">y</td></tr></table></tr></table>',
  '<table><caption style="c">x</caption><colgroup><col style="w"></colgroup></table>',
  '<template><script>t()</script><div style="in-template">x</div></template>',
  '<template><tr><td style="a">x</td></tr></template>',
  '<template><meta http-equiv="Content-Security-Policy" content="x"></template>',
  '<b style="a">x<p>y</b>z</p>',
  '<p><b style="a">x</p><p>y</p>',
  '<a href="javascript:x()"><div>block</div></a>',
  '<a onclick="a()">x<a onclick="b()">y</a>',
  '<b style="a"><i style="b">x</i></b>',
  '<b style="a"><span>x</span><br><img src=x></b>',
  '<i style="a">x',
  '<nobr style="a">x<nobr>y</nobr></nobr>',
  '<select><option style="a">x</option></select><button onclick="b()">y</button>',
  '<svg><script>s()</script></svg>',
  // Inline SVG (icons take the fast path; what it does not model falls back)
  '<svg width="24" height="24" viewBox="0 0 24 24"><path d="M0 0h24v24H0z" fill="none"/><path d="M12 2l3 7h7z"/></svg><p style="after">x</p>',
  '<a href="/x"><svg><use href="#i"/></svg></a><span style="s">y</span>',
  '<svg><title>Close</title><desc>d</desc><g><circle r="1"></circle></g></svg><div onclick="a()">x</div>',
  '<svg><title><b>no</b></title></svg><p style="t">x</p>',
  '<svg><g><path></g></svg><i style="x">y</i>',
  '<svg><path></svg><i style="x">y</i>',
  '<svg><svg><rect/></svg></svg><p style="n">z</p>',
  '<svg/><p style="sc">x</p>',
  '<SVG VIEWBOX="0 0 1 1"><LinearGradient id="g"></lineargradient></SVG><p style="u">x</p>',
  '<svg><!-- c --><path/><!-- <script>no()</script> --></svg><p style="c">x</p>',
  '<svg><![CDATA[x]]></svg><p style="c">x</p>',
  '<svg><style>a{}</style></svg>',
  '<svg><a href="javascript:x()"><text>t</text></a></svg>',
  '<svg><a xlink:href="#x"><text>t</text></a></svg><p style="q">q</p>',
  '<svg style="a" onload="b()"><path/></svg>',
  '<svg><path onclick="x()"/><rect style="fill:red"/></svg>',
  '<svg><p>breakout</p></svg><p style="b">x</p>',
  '<svg></div></svg><p style="d">x</p>',
  '<table><tr><td><svg><path/></svg></td></tr></table><p style="t">x</p>',
  '<table><svg></svg></table><p style="f">x</p>',
  '<template><svg></svg></template>',
  '<svg>text < 3 &amp; more</svg><p style="t">x</p>',
  '<svg><foreignObject><div style="f">x</div></foreignObject></svg>',
  '<svg><text>a<tspan>b</tspan></text></svg><script>after()</script>',
  '<svg><path/>',
  '<b style="x"><svg></svg></b>',
  '<math><mi onclick="x">y</mi></math>',
  '<image style="a" src="x">',
  '<body onload="x()">',
  '<p>x</p><html style="late"><p>y</p>',
  '<meta http-equiv="Content-Security-Policy" content="in-body">',
  // Whole pages
  '<html><head></head><body></body></html>',
  '<!DOCTYPE html>\n<html>\n  <head>\n    <meta charset="utf-8" />\n    <title>x</title>\n  </head>\n  <body><script>a()</script></body>\n</html>\n',
  '<!doctype html>\r\n<html>\r\n  <head>\r\n    <meta charset="utf-8">\r\n  </head>\r\n  <body>\r\n    <p style="x">y</p>\r\n  </body>\r\n</html>\r\n',
  '\uFEFF<!doctype html><html><head><meta charset="utf-8"></head><body><p style="x">y</p></body></html>',
  '<html><head><title>x</title><meta charset="utf-8"><meta http-equiv="CONTENT-SECURITY-POLICY" content="default-src \'self\'"></head><body></body></html>',
  '<html><head><link rel=stylesheet href=x.css><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="a"></head><body></body></html>',
  '<html><head><meta http-equiv="Content-Security-Policy" content="a" charset="utf-8"></head><body></body></html>',
  '<html><head>\n  <!-- c -->\n  <meta http-equiv="content-type" content="text/html; charset=utf-8">\n</head><body></body></html>',
  '<html><head><meta http-equiv="Content-Security-Policy-Report-Only" content="r"><meta http-equiv="Content-Security-Policy"></head><body></body></html>',
  '<html><head><script>x()</script><meta http-equiv="Content-Security-Policy" content="late"></head><body></body></html>',
  '<html><head><template><meta http-equiv="Content-Security-Policy" content="t"></template><meta charset="utf-8"></head><body></body></html>',
  '<html><head><noscript><meta http-equiv="Content-Security-Policy" content="n"></noscript></head><body></body></html>',
  '<html><head><meta charset="utf-8"></head>\n<meta http-equiv="Content-Security-Policy" content="after-head">\n<body></body></html>',
  '<html><head><meta charset="utf-8"><div>x</div></head><body></body></html>',
  '<html><head><meta charset="utf-8">text</head><body></body></html>',
  '<html><head><meta charset="utf-8"><body onload="x()"><p>y</p></body></html>',
  '<head><meta charset="utf-8"></head><body><p style="no-html-tag">x</p></body>',
  '<!doctype html><title>x</title><p style="no-head">y</p>',
  '<html><head><meta charset="utf-8"></head><body><p>x</p></body></html><!-- after --><p style="after-html">y</p>',
  '<html><head><meta charset="utf-8"></head><body><p>x</p></body></html><body onload="second()">',
  '<html><head><meta charset="utf-8"></head><body><p>x 😀 <span style="after-emoji">y</span></p></body></html>',
  '<html><head><meta charset="utf-8"></head><body><p>x\r\n<span style="a">y</span>\r<span style="b">z</span>\n\r<span style="c">w</span></p></body></html>',
]

// ---- random pages ------------------------------------------------------------------------------

// Plain bodies: the tags the scan skips in one regex step, with attributes it must not skip over
// (inline content, javascript: URLs in every spelling) mixed in among harmless ones.
const PLAIN_TAGS = ['p', 'div', 'span', 'a', 'b', 'i', 'em', 'strong', 'code', 'pre', 'ul', 'li', 'h1', 'h2', 'img', 'br', 'hr', 'section', 'nav', 'label', 'font', 'nobr', 'ins', 'P', 'DIV', 'A']
const PLAIN_NAMES = ['class', 'id', 'title', 'data-x', 'data-on', 'aria-label', 'src', 'SRC', 'srcset', 'alt', 'one', 'styles', 'href', 'HREF', 'xlink:href', 'style', 'STYLE', 'onclick', 'ONLOAD', 'formaction', 'action', '=x', 'a"b', 'x<y']
const PLAIN_VALUES = ['', 'x', 'a b', '/p/1', '#top', './rel', '?q=1', 'https://e.test/', 'HTTP://e.test', 'javascript:x()', ' javascript:y()', 'JavaScript:z', '&#106;avascript:w()', 'java\nscript:v()', '\tjavascript:u()', 'mailto:x', 'a>b', 'a&amp;b', 'x=y', 'a`b', '<link x>', '<script>', "it's", 'say "hi"', 'a\r\nb', 'a.png 1x, b.png 2x', 'https://cdn.test/i.png,x.png 100w', ' //cdn.test/s.js ', 'data:image/png;base64,AA==', 'x&amp;y.png']

function plainAttribute(rand: () => number): string {
  const name = pick(rand, PLAIN_NAMES)
  const value = pick(rand, PLAIN_VALUES)
  const r = rand()
  if (r < 0.1) return name
  if (r < 0.3) return `${name}=${value}`
  if (r < 0.45) return `${name} = '${value}'`
  return `${name}="${value}"`
}

function headChunk(rand: () => number): string {
  const attrs = () => Array.from({ length: Math.floor(rand() * 4) }, () => pick(rand, [' ', '\n', ' ', '']) + plainAttribute(rand)).join('')
  const r = rand()
  if (r < 0.15) return pick(rand, ['\n  ', ' ', '\r\n', '\t'])
  if (r < 0.3) return `<link${attrs()}${loadAttributes(rand)}${pick(rand, ['>', ' />', '/>'])}`
  if (r < 0.45) return `<script${attrs()}${loadAttributes(rand)}>${pick(rand, ['', '', 'a()', ' '])}</script${pick(rand, ['', ' ', '\n'])}>`
  if (r < 0.55) return `<meta${attrs()}${pick(rand, ['', ' http-equiv="Content-Security-Policy" content="default-src \'self\'"', ' HTTP-EQUIV=content-security-policy content=x', ' charset="utf-8"', ' name="x" content="y"'])}>`
  if (r < 0.65) return pick(rand, ['<title>t</title>', '<title>a &amp; b</title>', '<title></title >', '<TITLE>T</TITLE>', '<title x="y">t</title>'])
  if (r < 0.8) {
    // Inline scripts and styles as built pages write them, and the spellings next to that (read tag by tag).
    const name = pick(rand, ['script', 'style', 'STYLE', 'Script', 'SCRIPT'])
    const content = pick(rand, ['', 'a()', 's{}', '\r\nx()\r', ' a < b ', '"</p>"', 'x <!-- y', 'é ü', '&amp;'])
    return `<${name}${rand() < 0.2 ? ' type="module"' : ''}>${content}</${pick(rand, [name, name, name.toLowerCase(), 'style', 'script'])}${pick(rand, ['', '', ' ', '\n', ' x', '/'])}>`
  }
  return pick(rand, ['<style>s{}</style>', '<script>i()</script>', '<!-- c -->', '<noscript><link rel=x></noscript>', '<base href="/">', '<template><script>t()</script></template>', 'text', '<p>', '<script type="module">m()</script>', '<meta http-equiv="Content-Security-Policy" content="late">'])
}

/** The head tags Vite and html-webpack-plugin write for a page's scripts and styles, exactly, or one change away. */
function bundlerHeadTag(rand: () => number): string {
  const url = pick(rand, ['/assets/entry-0-CjsOvLhp.js', '/assets/a.css', ' /x.js ', '', 'javascript:x()', 'a&amp;b.js', 'https://cdn.test/x.js', 'x\r\ny.js', 'x\ny.js', 'a b.js', '../entry.js', "a'b.js", '\u0001/c.js'])
  const crossorigin = pick(rand, [' crossorigin', ' crossorigin', '', ' crossorigin="use-credentials"', ' CROSSORIGIN'])
  const r = rand()
  if (r < 0.45) {
    const before = pick(rand, [' type="module"', ' type="module"', '', ' defer', ' async', ' type="module" async', ' type="text/plain"', ' type="MODULE"', ' nomodule', ' nonce="n"', ' integrity="sha384-x"', ' type=module', '  type="module"'])
    const src = rand() < 0.7 ? `"${url}"` : pick(rand, ['../entry-3.763891b6.js', 'a/', 'x.js?y=1', 'a&amp;b', 'a"b', '/x.js'])
    const after = pick(rand, ['', '', '', ' defer', ' nonce="n"', ' type="module"', '/'])
    const content = pick(rand, ['', '', '', 'x()', ' '])
    return `<script${before}${crossorigin} src=${src}${after}>${content}${pick(rand, ['</script>', '</script>', '</SCRIPT>', '</script >'])}`
  }
  if (r < 0.85) {
    const rel = pick(rand, ['stylesheet', 'modulepreload', 'stylesheet', 'modulepreload', 'preload', 'icon', 'STYLESHEET', 'stylesheet preload', ''])
    return `<link rel="${rel}"${crossorigin} href="${url}"${pick(rand, ['', '', '/', ' /', ' nonce="n"', ' integrity="sha384-x"'])}>`
  }
  return `<link href="${url}" rel="${pick(rand, ['stylesheet', 'stylesheet', 'modulepreload', 'icon'])}"${pick(rand, ['', '/', ' crossorigin'])}>`
}

function plainChunk(rand: () => number): string {
  const r = rand()
  if (r < 0.15) return pick(rand, ['text ', '\n', 'a < b ', '&lt;x&gt; ', '\r\n', ' 😀 '])
  if (r < 0.45) return `</${pick(rand, PLAIN_TAGS)}${pick(rand, ['', ' ', '\n', ' x="y"'])}>`
  if (r < 0.5) return pick(rand, ['<script>a()</script>', '<style>p{}</style>', '<!-- c -->', '<table><tr><td style="t">x</td></tr></table>', '<form action="javascript:f()">', '</form>', '<b style="s">x', '<svg><path/></svg>', '<template>', '</template>'])
  const attrs = Array.from({ length: Math.floor(rand() * 4) }, () => plainAttribute(rand))
  const seps = attrs.map(() => pick(rand, [' ', ' ', ' ', '\n', '\t', '', '/', ' / ']))
  return `<${pick(rand, PLAIN_TAGS)}${attrs.map((a, i) => seps[i] + a).join('')}${pick(rand, ['', '', ' ', '/', ' /'])}>`
}

// Elements that load URLs (PageScan.loads) and the attributes that decide what and whether they load.
const LOADING_TAGS = ['script', 'link', 'iframe', 'IFRAME', 'img', 'IMG', 'source', 'video', 'audio', 'track', 'object', 'embed', 'form', 'base', 'input', 'button', 'picture']
const LOAD_NAMES = ['src', 'srcset', 'href', 'data', 'action', 'poster', 'formaction', 'rel', 'as', 'type', 'nomodule', 'nonce', 'integrity', 'Src', 'HREF', 'srcdoc', 'SRCDOC']
const LOAD_VALUES: Readonly<Record<string, readonly string[]>> = {
  rel: ['stylesheet', 'STYLESHEET', 'preload', 'modulepreload', 'icon', 'shortcut icon', 'manifest', 'preconnect', 'alternate stylesheet', ''],
  as: ['script', 'style', 'font', 'image', 'fetch', 'x', ''],
  type: ['module', 'text/javascript', 'application/ld+json', 'image', 'IMAGE', 'submit', ''],
  srcdoc: [' <p>x</p>\n', '&lt;script&gt;a()&lt;/script&gt;', '<img src=x.png>', '', 'a\r\nb'],
}
const LOAD_URLS = ['/a.js', 'https://cdn.test/x.js', '//cdn.test/y.css', ' ./rel.png ', 'a.png 1x, b.png 2x', 'data:,x', 'blob:https://x/1', 'javascript:no()', '', 'a&amp;b', 'https://e.test/?a=1&b=2', 'x\r\ny', 'é.png']

function loadAttributes(rand: () => number): string {
  return Array.from({ length: Math.floor(rand() * 4) }, () => {
    const name = pick(rand, LOAD_NAMES)
    const value = pick(rand, LOAD_VALUES[name.toLowerCase()] ?? LOAD_URLS)
    return rand() < 0.1 ? ` ${name}` : rand() < 0.2 && !/[\s"'=<>`]/.test(value) && value !== '' ? ` ${name}=${value}` : ` ${name}="${value}"`
  }).join('')
}

/** One loading element with random attributes. */
const loadingTag = (rand: () => number): string => {
  const tag = pick(rand, LOADING_TAGS)
  // Script and iframe content is text up to their end tag: without one the page would end inside it.
  const end = /^(script|iframe)$/i.test(tag) ? `</${tag}>` : ''
  return `<${tag}${loadAttributes(rand)}${loadAttributes(rand)}>${end}`
}

const pick = <T,>(rand: () => number, xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!

const ATTRIBUTE_VALUES = ['a', 'color:red', 'f(&quot;x&quot;)', 'a&amp;b', 'x &lt y', '&#106;avascript:x()', ' javascript:go()', 'JAVASCRIPT:y', 'a\r\nb', 'a"b', "a'b", '', 'x=y', '&notin;&notit;', '&amp=', '/p/1?a=1&b=2']
const ATTRIBUTE_NAMES = ['style', 'STYLE', 'onclick', 'OnLoad', 'href', 'src', 'class', 'id', 'type', 'formaction', 'action', 'on', 'onx1', 'data-on', 'xlink:href']
const TAGS = ['div', 'p', 'span', 'a', 'b', 'i', 'em', 'button', 'form', 'input', 'img', 'li', 'ul', 'table', 'tr', 'td', 'th', 'tbody', 'caption', 'section', 'h1', 'label', 'nobr', 'font', 'iframe', 'area', 'select', 'option', 'template', 'svg', 'math', 'br', 'hr', 'pre', 'textarea', 'meta', 'title']

function randomAttribute(rand: () => number): string {
  const name = pick(rand, ATTRIBUTE_NAMES)
  const value = pick(rand, ATTRIBUTE_VALUES)
  const r = rand()
  if (r < 0.1) return name
  if (r < 0.2 && !/[\s"'=<>`]/.test(value) && value !== '') return `${name}=${value}`
  if (r < 0.3) return `${name} = '${value.replace(/'/g, '')}'`
  return `${name}="${value.replace(/"/g, '&quot;')}"`
}

function randomTag(rand: () => number): string {
  const tag = pick(rand, TAGS)
  const attrs = Array.from({ length: Math.floor(rand() * 3) }, () => randomAttribute(rand))
  const sep = rand() < 0.1 ? '\r\n' : ' '
  const close = rand() < 0.1 ? ' />' : '>'
  return `<${rand() < 0.1 ? tag.toUpperCase() : tag}${attrs.map((a) => sep + a).join('')}${close}`
}

const SVG_PARTS = [
  '<path d="M0 0"/>', '<g>', '</g>', '<title>t</title>', '<use href="#a"/>', '<circle r="1"></circle>', '<!-- c -->',
  '<![CDATA[x]]>', '<script>s()</script>', '<style>a{}</style>', '<p>', '</p>', '<span style="x">y</span>',
  '<a href="javascript:x()">a</a>', '<rect style="fill:red"/>', '<path onclick="c()"/>', '<svg>', '</svg>',
  '<foreignObject><div>x</div></foreignObject>', 'text &amp; more', '</div>', '<desc><b>x</b></desc>', '<font color=red>',
  '<path>', '<LinearGradient>', '</lineargradient>', '<text>a<tspan>b</tspan></text>', '<a href="/x">l</a>',
]

const CHUNKS: ((rand: () => number) => string)[] = [
  (r) => randomTag(r),
  (r) => `</${pick(r, TAGS)}>`,
  (r) => `${randomTag(r)}text${r() < 0.7 ? '</' + pick(r, TAGS) + '>' : ''}`,
  () => 'some text ',
  () => '\n  ',
  () => '\r\n',
  () => '\r',
  (r) => `<script${r() < 0.3 ? ' type="module"' : r() < 0.2 ? ' type="application/ld+json"' : ''}>${pick(r, ['a()', 'x < y', '"</p>"', '\r\nb()\r\n', '', ' ', 'if (a<!--b) c()', '</scrip>'])}</script${pick(r, ['', ' ', '\n', ' x="y"'])}>`,
  (r) => `<style>${pick(r, ['a{}', '', 'b{c:d}\r\n', '</sty>'])}</style>`,
  (r) => `<${pick(r, ['textarea', 'title', 'xmp', 'noscript', 'noembed', 'noframes', 'iframe'])}><script>no()</script><p style="no"></${pick(r, ['textarea', 'title', 'xmp', 'noscript', 'noembed', 'noframes', 'iframe'])}>`,
  (r) => pick(r, ['<!-- c -->', '<!-->', '<!--->', '<!-- a --!>', '<?pi x>', '<!bogus>', '<![CDATA[x]]>', '</ x>', '<!-- <script>x()</script> -->', '< p>', 'a<b', '&lt;']),
  (r) => `<meta http-equiv="${pick(r, ['Content-Security-Policy', 'content-security-policy-report-only', 'content-type', 'refresh'])}" content="${pick(r, ['a', "default-src 'self'", 'x&amp;y', ''])}">`,
  (r) => `<table>${r() < 0.5 ? '<tbody>' : ''}<tr><td style="${pick(r, ['a', 'b'])}">x${r() < 0.5 ? '</td>' : ''}<td onclick="y">z</td></tr></table>`,
  (r) => `<template>${randomTag(r)}<script>t()</script></template>`,
  (r) => `<svg${r() < 0.2 ? ' style="s"' : ' viewBox="0 0 24 24"'}>${Array.from({ length: Math.floor(r() * 5) }, () => pick(r, SVG_PARTS)).join('')}${r() < 0.85 ? '</svg>' : ''}`,
  (r) => `<${pick(r, ['a', 'b', 'i', 'font'])} style="${pick(r, ['q', 'w'])}">${pick(r, ['x', '<span>y</span>', '<p>y</p>', '<div>z</div>', '<b>k</b>'])}${r() < 0.7 ? '</' + pick(r, ['a', 'b', 'i', 'font', 'p']) + '>' : ''}`,
]

const HEADS: ((rand: () => number) => string)[] = [
  () => '<meta charset="utf-8">',
  () => '\n    <meta charset="utf-8" />\n    <title>t</title>\n  ',
  () => '\r\n  <meta charset=utf-8>\r\n',
  () => '<title>x</title><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="a">',
  () => '<link rel="stylesheet" href="x.css"><meta charset="utf-8">',
  () => '<!-- c --><meta http-equiv="Content-Type" content="text/html; charset=utf-8">',
  () => '<meta http-equiv="Content-Security-Policy" content="default-src &apos;self&apos;"><script>x()</script>',
  () => '<script>x()</script><meta http-equiv="Content-Security-Policy" content="late">',
  () => '<noscript><style>n{}</style></noscript><style>h{}</style>',
  () => '<template><p style="t">x</p></template><meta charset="utf-8">',
  () => '',
  () => '\n',
  () => '<meta charset="utf-8"><p>leaves head</p>',
]

function randomPage(rand: () => number): string {
  const head = pick(rand, HEADS)(rand)
  const body = Array.from({ length: 1 + Math.floor(rand() * 12) }, () => pick(rand, CHUNKS)(rand)).join('')
  const shape = rand()
  let html: string
  if (shape < 0.6) html = `<!doctype html>\n<html lang="en">\n<head${rand() < 0.2 ? ' data-x="1"' : ''}>${head}</head>\n<body${rand() < 0.2 ? ' onload="l()"' : ''}>\n${body}\n</body>\n</html>\n`
  else if (shape < 0.75) html = `<html><head>${head}<body>${body}`
  else if (shape < 0.85) html = `<!DOCTYPE html><head>${head}</head><body>${body}</body>`
  else if (shape < 0.92) html = `<!doctype html><html><head>${head}</head>${body}</html>`
  else html = `${head}${body}`
  // Mutations: cut the page short, or drop a random character.
  const m = rand()
  if (m < 0.05) html = html.slice(0, Math.floor(rand() * html.length))
  else if (m < 0.1) {
    const at = Math.floor(rand() * html.length)
    html = html.slice(0, at) + html.slice(at + 1)
  }
  return html
}
