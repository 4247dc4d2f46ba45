import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { isDeepStrictEqual } from 'node:util'
import { afterAll, describe, expect, it } from 'vitest'
import { fastScanPage } from '../src/html/fast-scan.js'
import { parse5ScanPage, scanPageWithPath, type PageScan } from '../src/html/scan.js'
// The bench's own page generator (plain JavaScript, no types).
// @ts-expect-error no declaration file
import { generatePageFile, random } from '../../../bench/generate.mjs'

// The constructs the fast scanner follows since issue #19 (what real generators' pages hold), each
// with differential pages against parse5's tree, and each with a mutation of fast-scan.ts that these
// pages catch: the mutant is written out with the mutation applied, loaded, and run over the same
// pages, and must get at least one of them wrong (an answer unlike parse5's, or no answer for a page
// the scanner must answer). A mutation no page catches would mean the pages do not test the construct.

const SOURCE = fileURLToPath(new URL('../src/html/fast-scan.ts', import.meta.url))

function page(body: string, head = '<meta charset="utf-8">'): string {
  return `<!doctype html><html><head>${head}</head><body>${body}</body></html>`
}

interface Construct {
  readonly name: string
  /** Pages the fast scanner must answer (and answer as parse5 does). */
  readonly answered: readonly string[]
  /** Pages it may leave to parse5, but must answer as parse5 does if it answers. */
  readonly either?: readonly string[]
  /** One edit of fast-scan.ts (text replaced, exactly once) that breaks this construct. */
  readonly mutation: readonly [from: string, to: string]
}

const CONSTRUCTS: readonly Construct[] = [
  {
    name: 'inline-content attributes in SVG (camel-case element names, javascript: URLs on SVG <a>) and MathML',
    answered: [
      page('<svg style="display:none"><defs><symbol id="i" viewBox="0 0 24 24"><path d="M0 0" style="fill:red"/></symbol></defs></svg>'),
      page('<svg><linearGradient id="g" style="a:b"><stop offset="0" onclick="x()"/></linearGradient><clipPath style="c:d"></clipPath></svg>'),
      page('<svg><a href="javascript:go()"><text>t</text></a><a xlink:href=" javascript:x()">u</a><a href="/ok">v</a></svg>'),
      page('<p><math display="block" style="m:1"><mrow onclick="f()"><mi>x</mi><a href="javascript:no()">y</a></mrow></math></p>'),
      page('<svg><G STYLE="upper:1" OnClick="y()"></G><feGaussianBlur style="&quot;q&quot;"/></svg>'),
    ],
    mutation: ['this.collectAttributes(svg ? (SVG_TAG_NAMES.get(name) ?? name) : name, svg ? undefined : NONE)', 'this.collectAttributes(name, undefined)'],
  },
  {
    name: 'SVG <style> and <script> with plain text (self-closing too)',
    answered: [
      page('<svg><style>.a { fill: red }</style><rect class="a"/></svg>'),
      page('<svg><script>draw()</script><script type="module">m()</script><script href="/x.js"></script><script></script></svg>'),
      page('<svg><style/><script/><STYLE>\r\n.u{}\r\n</STYLE ></svg>'),
    ],
    either: [
      page('<svg><style>a &amp; b</style></svg>'),
      page('<svg><style>a<b>c</b></style></svg>'),
      page('<svg><script>if (a < b) go()</script></svg>'),
      page('<svg><script type="text/plain">data</script><script nomodule>n()</script></svg>'),
    ],
    mutation: ["if (amp >= 0 && amp < contentEnd) unmodelled(`character reference in an SVG <${name}>`)", ''],
  },
  {
    name: 'MathML content (text integration points left to parse5)',
    answered: [
      page('<span class="katex"><math xmlns="http://www.w3.org/1998/Math/MathML"><semantics><mrow><msup><mi>x</mi><mn>2</mn></msup></mrow><annotation encoding="application/x-tex">x^2</annotation></semantics></math><span style="height:1em"></span></span>'),
      page('<math><mfrac><mn>1</mn><mi>n</mi></mfrac></math><p style="after:1">x</p>'),
    ],
    either: [
      page('<math><mtext><a href="javascript:go()">x</a></mtext></math>'),
      page('<math><mi><script>s()</script></mi></math>'),
      page('<math><annotation-xml encoding="text/html"><div style="x"></div></annotation-xml></math>'),
      page('<math><style>s</style></math>'),
    ],
    mutation: ["const INTEGRATION_POINTS = new Set(['desc', 'title', 'foreignobject', 'mi', 'mo', 'mn', 'ms', 'mtext'])", "const INTEGRATION_POINTS = new Set(['desc', 'title', 'foreignobject'])"],
  },
  {
    name: 'SVG inside <template> (in <head> too, as Starlight writes it)',
    answered: [
      page('<template id="icons"><svg width="16" style="--sl-icon-size: 1em;"><path d="M5 12"/></svg></template><p>x</p>'),
      page('<p>x</p>', '<meta charset="utf-8"><template id="theme-icons"><svg aria-hidden="true" style="a:b"><path d="M1"/></svg></template><script>t()</script>'),
      page('<table><tr><td><template><svg style="in:cell"></svg></template></td></tr></table>'),
    ],
    either: [page('<table><svg style="fostered"></svg><tr><td>x</td></tr></table>')],
    mutation: ['if ((name === \'svg\' || name === \'math\') && this.tables.length > 0 && !this.tables[this.tables.length - 1] && this.templateDepth === 0)', "if ((name === 'svg' || name === 'math') && (this.templateDepth > 0 || (this.tables.length > 0 && !this.tables[this.tables.length - 1])))"],
  },
  {
    name: '<select> with options (the parser ignores other tags there)',
    answered: [
      page('<label style="--w: 6em"><select name="t" onchange="pick(this)"><option value="a">A</option><option value="b" selected style="x">B</option></select></label>'),
      page('<form action="/s"><select><optgroup label="g"><option>1<option>2</optgroup><hr><option onclick="c()">3</select></form>'),
      page('<select><option>a</option><script>s()</script></select><p style="after">x</p>'),
    ],
    either: [
      page('<select><option><b style="ignored">x</b></option></select>'),
      page('<select><option><span onclick="ignored()">x</span></option></select>'),
      page('<select><input style="closes"><option>x</option></select>'),
      page('<select><option>x</option><textarea style="t"></textarea>'),
      page('<template><select><option style="t">x</template><p>y</p>'),
    ],
    mutation: ['if (this.inSelect && !SELECT_CHILDREN.has(name)) unmodelled(`<${name}> in a select`)', ''],
  },
  {
    name: 'scripts with <!-- (the escaped and double-escaped script data states)',
    answered: [
      page('<script>var tpl = "<!-- x -->"; document.write("<scr" + "ipt><\\/script>")</script><p style="after">y</p>'),
      page('<script><!--<script></script>still inside--></script><p style="after">y</p>'),
      page('<script><!--<SCRIPT>x</SCRIPT >y--></script><script><!-- a --></script>'),
      page('<script><!--></script><script><!---></script><script>a <!--b</script>'),
      page('<script><!--<script type="x">--></script><p onclick="z()">q</p>'),
      page('<script><!--<scripty></script><script><!--<script\r\n>-</script></script>'),
    ],
    mutation: ['state = 2 // double escape start', 'state = 1 // double escape start'],
  },
  {
    name: 'pages that end after </head> (redirect stubs: no <body>)',
    answered: [
      '<!DOCTYPE html><html lang="en"><head><title>/new/</title><link rel="canonical" href="/new/"><meta charset="utf-8"><meta http-equiv="refresh" content="0; url=/new/"></head></html>\n',
      '<!doctype html><html><head><meta charset="utf-8"><style>a{}</style></head>\n',
      '<!doctype html><html><head><meta charset="utf-8"></head></body>\n',
    ],
    either: ['<!doctype html><html><head><meta charset="utf-8"></head></br><p style="x">y</p>', '<!doctype html><html><head></head></div>'],
    mutation: ["if (name === 'html' || name === 'body' || name === 'br') {", "if (name === 'body' || name === 'br') {"],
  },
  {
    name: "comments that end at --!> before their --> (many in a row, as Vue SSR's <!--[--> markers)",
    answered: [
      page('<!-- x --!><script>c()</script><!-- y --><script>d()</script>'),
      page('<!--[--><!--]--><!-- a --!><p style="p">t</p><!--[--><!--]-->'),
      page('<!-- <script>no()</script> --><b onclick="b()">b</b><!-- z --!--><i style="i">i</i>-->'),
    ],
    mutation: [": indexBefore(html, '--!>', lt + 4, a)", ': -1'],
  },
  {
    name: 'the head tags Vite and html-webpack-plugin write for scripts and styles (read in one step each)',
    answered: [
      page(
        '<p style="v">vite</p>',
        '<meta charset="utf-8"><script type="module" crossorigin src="/assets/index-Bq1.js"></script><link rel="modulepreload" crossorigin href="/assets/vendor-C2.js"><link rel="stylesheet" crossorigin href="/assets/index-D3.css">',
      ),
      page('<script>w()</script>', '<meta charset="utf-8"><script defer src="/main.4f2a.js"></script><script defer src=runtime.js></script><link href="/main.css" rel="stylesheet">'),
      page('<i style="x">x</i>', '<meta charset="utf-8"><link rel="modulepreload" href="https://cdn.test/m.js"><script async src="/a.js"></script>'),
    ],
    mutation: ["const kind = script || m[4] === 'modulepreload' ? 'script-src-elem' : 'style-src-elem'", "const kind = script ? 'script-src-elem' : 'style-src-elem'"],
  },
  {
    // The line counter keeps the next line break: these pages have items far along long lines, an
    // element's loads located after its inline attributes (a step back on the line), and CR, LF and
    // CRLF breaks between long lines.
    name: 'minified pages: many items on long lines, the line counter stepping back within a tag',
    answered: [
      page(`\n${'<p style="a:b" onclick="x()">t</p>'.repeat(200)}\n<img style="s" src="https://img.test/a.png"><script>after()</script>`),
      page(`<i style="q">q</i>\n\n${'<a href="/p" style="w">w</a>'.repeat(100)}<img onerror="e()" src="https://img.test/b.png" style="z">\n<b style="y">y</b>`),
      page(`\r\n${'<span style="c">c</span>'.repeat(150)}\r${'<em onclick="f()">f</em>'.repeat(50)}\n<img style="s" src="https://img.test/c.png">\r\n<style>.r{}</style>`),
    ],
    mutation: ["      this.nextLf = this.indexFrom('\\n', 0)", ''],
  },
  {
    // React (Next.js, Docusaurus) escapes " and ' in attributes as &quot; and &#x27;: decoded without
    // parse5's tokenizer. Other references (named ones, a missing ';', NUL, C1, surrogates) stay its.
    name: 'character references React and generators write in inline attributes, decoded without parse5',
    answered: [
      page('<div style="font-family:system-ui,&quot;Segoe UI&quot;,Roboto">x</div><button onclick="say(&#x27;hi&#x27;) &amp;&amp; go(&#39;x&#39;)">b</button>'),
      page('<a href="javascript:a(&lt;1&gt;)" style="b:&apos;c&apos;;d:&#X41;&#160;&#55295;">x</a><p style="a & b &">y</p><i style="&">z</i>'),
      page('<p style="a:&quot;b\r\nc&quot;" onclick=\'f("&#34;")\'>CRLF</p>'),
    ],
    either: [
      page('<p style="&#0;a">x</p>'),
      page('<p style="&#x80;&#128;">x</p>'),
      page('<p style="&#xD800;">x</p>'),
      page('<p style="&#1114112;&#x110000;">x</p>'),
      page('<p style="&#128512;&#x1F600;">x</p>'),
      page('<p style="&#13;&#10;&#9;">x</p>'),
      page('<p style="&copy; &AMP; &amp &ampx;">x</p>'),
      page('<p style="&#39 a &#x27b">x</p>'),
    ],
    mutation: ['if ((code >= 0x20 && code <= 0x7e) || (code >= 0xa0 && code <= 0xd7ff)) return', 'if (code >= 0) return'],
  },
  {
    // Highlighted code (Prism in Docusaurus, Shiki in VitePress) and React's inline styles: hundreds of
    // styled spans a page, each read in one step (STYLED_BODY_TAG) rather than tag by tag.
    name: 'styled body tags read in one step: the style item located at its attribute',
    answered: [
      page(`<pre><code>${'<span class="token-line" style="color:#F8F8F2"><span class="token keyword" style="color:rgb(189, 147, 249);font-style:italic">const</span> <span class="token plain">x</span></span>\n'.repeat(40)}</code></pre>`),
      page('<SPAN Class="a" STYLE = "x:y" data-x=\'1\' hidden>u</SPAN><div style="">e</div><a href="/x" style="w">a</a><p style="a>b<c" title="t">p</p><br style="b"><hr style=" h ">'),
      page('<span style="a" style="b">dup</span><span STYLE="c" style="d">dup</span><span style=\'q\'>single</span><span style="x:&quot;y&quot;">ref</span><a href="javascript:go()" style="j">js</a>'),
      page('\r\n<div style="a">\r\n<span\r\nstyle="b"\r\n>c</span></div>\r<table><tr><td><span style="t">cell</span></td></tr></table><template><span style="tp">in a template</span></template>'),
    ],
    either: [
      page('<span class="x"style="y">no space</span><span style="a\rb">cr</span><span style="a\u0000b">nul</span>'),
      page('<select><option style="o">x</option><span style="s">s</span></select><span style="after">a</span>'),
    ],
    mutation: ['    const start = lt + 1 + m[1]!.length + m[2]!.length', '    const start = lt + 1 + m[1]!.length'],
  },
  {
    // A formatting element the parser may clone (misnested, reconstructed) is followed only while it
    // carries no inline content: read in one step, a styled one still ends what the scan can follow.
    name: 'a styled formatting element read in one step still stops the scan where the parser may clone it',
    answered: [page('<b style="c">bold</b><em style="d">em</em> <span style="e">after</span>')],
    either: [page('<b style="c">a<p>b</b>c</p>'), page('<p><i style="d">x<p>y</i>z'), page('<font style="f"><div>d</div></font>')],
    mutation: ['    if (FORMATTING.has(name)) this.strict = [name]', ''],
  },
]

type Scanner = (html: string) => PageScan | undefined

/** What the differential test would report for `scan` over a construct's pages: one line per page it gets wrong. */
function failures(scan: Scanner, construct: Construct): string[] {
  const out: string[] = []
  const check = (html: string, mustAnswer: boolean) => {
    const fast = scan(html)
    if (fast === undefined) {
      if (mustAnswer) out.push(`no answer: ${html}`)
    } else if (!isDeepStrictEqual(fast, parse5ScanPage(html))) out.push(`differs from parse5: ${html}`)
  }
  for (const html of construct.answered) check(html, true)
  for (const html of construct.either ?? []) check(html, false)
  return out
}

describe('the fast scanner agrees with parse5 on every construct it follows', () => {
  it.each(CONSTRUCTS.map((c) => [c.name, c] as const))('%s', (_name, construct) => {
    expect(failures(fastScanPage, construct)).toEqual([])
    // The pages hold inline content the scan has to find (a test of nothing would pass too).
    expect(construct.answered.some((html) => parse5ScanPage(html).inline.length > 0)).toBe(true)
  })
})

describe('each construct\'s pages catch a mutation of fast-scan.ts that breaks it', () => {
  const source = readFileSync(SOURCE, 'utf8')
  const dir = mkdtempSync(join(tmpdir(), 'cspkit-fast-scan-mutants-'))
  afterAll(() => rmSync(dir, { recursive: true, force: true }))
  // The mutant's own imports point at the real modules next to fast-scan.ts.
  const absolute = (text: string) => text.replace(/from '(\.\.?\/[^']+)\.js'/g, (_m, path: string) => `from '${pathToFileURL(resolve(SOURCE, '..', `${path}.ts`)).href}'`)

  it.each(CONSTRUCTS.map((c, i) => [c.name, c, i] as const))('%s', async (_name, construct, i) => {
    const [from, to] = construct.mutation
    expect(source.split(from).length - 1, `the mutation's text occurs once in fast-scan.ts: ${from}`).toBe(1)
    const file = join(dir, `fast-scan-mutant-${i}.ts`)
    writeFileSync(file, absolute(source.replace(from, () => to)))
    const mutant = (await import(pathToFileURL(file).href)) as { fastScanPage: Scanner }
    expect(failures(mutant.fastScanPage, construct).length).toBeGreaterThan(0)
  })
})

describe('fast-path coverage', () => {
  it('the bench generator\'s pages (every shell and construct, CRLF, BOM, windows-1252 as decoded): all agree, and at least 95% of pages and bytes take the fast path', () => {
    const rand = random(19)
    let pages = 0
    let fastPages = 0
    let bytes = 0
    let fastBytes = 0
    for (let n = 0; n < 20; n++) {
      // The text as a browser decodes the page (windows-1252 ones too).
      const html = (generatePageFile(n, rand) as { text: string }).text
      const { scan, path, reason } = scanPageWithPath(html)
      if (path === 'fast') expect(scan, `generated page ${n}`).toStrictEqual(parse5ScanPage(html))
      else expect(reason).not.toBe('')
      pages++
      bytes += html.length
      if (path === 'fast') {
        fastPages++
        fastBytes += html.length
      }
    }
    expect(fastPages / pages).toBeGreaterThanOrEqual(0.95)
    expect(fastBytes / bytes).toBeGreaterThanOrEqual(0.95)
  })

  it('scanPageWithPath names what made the fast scanner give up, and answers with parse5 then', () => {
    const html = page('<svg><foreignObject><div style="x">y</div></foreignObject></svg>')
    const result = scanPageWithPath(html)
    expect(result.path).toBe('parse5')
    expect(result.reason).toBe('<foreignobject> in <svg>')
    expect(result.scan).toStrictEqual(parse5ScanPage(html))
    expect(scanPageWithPath(page('<p style="a">x</p>'))).toMatchObject({ path: 'fast', reason: '' })
  })
})
