import { describe, expect, it } from 'vitest'
import { processSite } from '../src/site.js'
import { hashSource } from '../src/html/hash.js'
import type { Options } from '../src/options.js'

const page = (body: string, head = '') => `<!doctype html><html><head><meta charset="utf-8">${head}</head><body>${body}</body></html>`

function blocked(html: string, options: Options = {}, fileName = 'index.html') {
  const site = processSite([{ fileName, html }], options)
  return {
    loads: site.pages[0]!.blockedLoads.map((l) => `${l.kind} ${l.resolved.href} by ${l.blockedBy}`),
    diagnostics: site.diagnostics.filter((d) => d.code === 'LOAD_BLOCKED'),
  }
}

// processPage's check of what a page's HTML loads against the policy the page ends up with.
describe('LOAD_BLOCKED: what the page loads, against its own final policy', () => {
  it('relative URLs are the site\'s own: allowed by \'self\', in nested folders and after <base href>', () => {
    const html = page('<img src="../img/a.png"><script src="app.js"></script><a href="https://elsewhere.test/">navigation is not a load</a>', '<base href="/docs/">')
    expect(blocked(html, {}, 'docs/guide/index.html').loads).toEqual([])
  })

  it('a <base href> to another origin moves every later relative URL there, unless base-uri blocks the base itself', () => {
    const html = page('<img src="a.png">', '<base href="https://cdn.test/site/">')
    expect(blocked(html, { policy: { 'default-src': ["'self'"] } }).loads).toEqual(['img-src https://cdn.test/site/a.png by default-src'])
    // The default policy has base-uri 'self': the browser ignores the base, and the image is the site's own.
    expect(blocked(html).loads).toEqual(["base-uri https://cdn.test/site/ by base-uri"])
  })

  it('form-action and base-uri never fall back to default-src', () => {
    const html = page('<form action="https://forms.test/send"></form>', '<base href="https://b.test/">')
    expect(blocked(html, { policy: { 'default-src': ["'none'"] } }).loads).toEqual([])
  })

  it('one error per page and (directive, source), at its first load, naming the element, the URL, the directive and the fix', () => {
    const html = page('<img src="https://img.test/1.png"><img srcset="https://img.test/2.png 2x"><img src="data:image/png;base64,AA==">')
    const { loads, diagnostics } = blocked(html, { policy: { 'default-src': ["'self'"], 'img-src': ["'self'"] } })
    expect(loads).toEqual([
      'img-src https://img.test/1.png by img-src',
      'img-src https://img.test/2.png by img-src',
      'img-src data:image/png;base64,AA== by img-src',
    ])
    expect(diagnostics.map((d) => [d.file, d.directive, d.option])).toEqual([
      // Each at its attribute (the page is one line).
      [`index.html:1:${html.indexOf('src="https://img.test/1.png"') + 1}`, 'img-src', 'policy.img-src'],
      [`index.html:1:${html.indexOf('src="data:') + 1}`, 'img-src', 'policy.img-src'],
    ])
    expect(diagnostics[0]!.message).toBe(`<img src="https://img.test/1.png"> loads from 'https://img.test', which 'img-src' does not allow (img-src): the browser will block it.`)
    // An absolute URL might be the site's own address, which only the origin option tells the build.
    expect(diagnostics[0]!.fix).toBe(
      `Add 'https://img.test' to 'img-src' in the cspkit policy option. If https://img.test is this site's own address, set origin: 'https://img.test' instead: absolute URLs to it are then the page's own ('self').`,
    )
    expect(diagnostics[1]!.message).toContain("loads from 'data:'")
  })

  it('the same blocked URL on many pages is one folded error naming the pages', () => {
    const html = page('', '<script src="https://cdn.usefathom.com/script.js" defer></script>')
    const site = processSite(['a.html', 'b.html', 'c/index.html'].map((fileName) => ({ fileName, html })))
    const errors = site.diagnostics.filter((d) => d.code === 'LOAD_BLOCKED')
    expect(errors).toHaveLength(1)
    expect(errors[0]!.file).toMatch(/^3 pages: a\.html:1:\d+, b\.html:1:\d+, c\/index\.html:1:\d+$/)
  })

  it('nonces and integrity hashes the directive holds allow an element whatever its URL; under strict-dynamic hosts do not', () => {
    const script = (attrs: string) => page('', `<script src="https://cdn.test/a.js" ${attrs}></script>`)
    const policy = { 'script-src': ["'nonce-abc'", "'strict-dynamic'", 'https://cdn.test'] }
    expect(blocked(script('nonce="abc"'), { policy }).loads).toEqual([])
    expect(blocked(script(''), { policy }).loads).toEqual(['script-src-elem https://cdn.test/a.js by script-src'])
    expect(blocked(script(''), { policy: { 'script-src': ['https://cdn.test'] } }).loads).toEqual([])
  })

  it('what the browser does not fetch is not checked: data blocks, nomodule, templates, about:blank and empty URLs', () => {
    const html = page(
      '<template><img src="https://no.test/t.png"></template><iframe src="about:blank"></iframe><img src="">',
      '<script type="application/ld+json" src="https://no.test/x.json"></script><script nomodule src="https://no.test/old.js"></script>',
    )
    expect(blocked(html).loads).toEqual([])
  })

  it('a page\'s own CSP meta counts: what it allows is allowed', () => {
    const html = page('<iframe src="https://www.youtube.com/embed/x"></iframe>', `<meta http-equiv="Content-Security-Policy" content="frame-src https://www.youtube.com">`)
    expect(blocked(html).loads).toEqual([])
  })
})

describe('<iframe srcdoc>: a document that inherits the page\'s policy', () => {
  it('its inline scripts are hashed into the page\'s policy; its loads are LOAD_BLOCKED at the srcdoc attribute', () => {
    const html = page('<iframe srcdoc="&lt;script&gt;go()&lt;/script&gt;&lt;img src=&quot;https://img.test/x.png&quot;&gt;"></iframe>')
    const site = processSite([{ fileName: 'index.html', html }])
    const at = `index.html:1:${html.indexOf('srcdoc=') + 1}`
    expect(site.diagnostics.filter((d) => d.code === 'SRCDOC_INLINE_BLOCKED' || d.code === 'LOAD_BLOCKED').map((d) => [d.code, d.file, d.directive])).toEqual([
      ['LOAD_BLOCKED', at, 'img-src'],
    ])
    expect(site.pages[0]!.hashes).toEqual([hashSource('go()')])
  })

  it('what stays blocked (hashing turned off) is SRCDOC_INLINE_BLOCKED at the srcdoc attribute', () => {
    const html = page('<iframe srcdoc="&lt;script&gt;go()&lt;/script&gt;"></iframe>')
    const site = processSite([{ fileName: 'index.html', html }], { hash: { scripts: false } })
    const at = `index.html:1:${html.indexOf('srcdoc=') + 1}`
    expect(site.diagnostics.filter((d) => d.code.includes('INLINE_BLOCKED')).map((d) => [d.code, d.file, d.directive])).toEqual([['SRCDOC_INLINE_BLOCKED', at, 'default-src']])
  })

  it('nothing when the policy allows what the frame holds', () => {
    const html = page('<iframe srcdoc="&lt;p&gt;text only&lt;/p&gt;"></iframe>')
    expect(processSite([{ fileName: 'index.html', html }]).diagnostics.filter((d) => d.code.startsWith('SRCDOC'))).toEqual([])
  })
})

describe('inline scripts: what their code does, located in the page', () => {
  it('new Function in an inline script (VitePress without metaChunk inlines its site data) is EVAL_BLOCKED at the page', () => {
    const html = `<!doctype html><html><head><meta charset="utf-8">\n<script>window.data=JSON.parse("{}")\nwindow.f=new Function("return "+s)</script></head><body></body></html>`
    const site = processSite([{ fileName: 'guide/index.html', html }])
    const evals = site.diagnostics.filter((d) => d.code === 'EVAL_BLOCKED')
    // Line 2 holds the <script> tag; the call is on the script's second line, the page's third, at column 10.
    expect(evals.map((d) => d.file)).toEqual(['guide/index.html:3:10'])
    expect(evals[0]!.message).toContain("'unsafe-eval'")
  })

  it('the same inline script with \'unsafe-eval\' allowed: no warning', () => {
    const html = `<!doctype html><html><head><meta charset="utf-8"><script>new Function(s)</script></head><body></body></html>`
    const site = processSite([{ fileName: 'a.html', html }], { policy: { 'default-src': ["'self'"], 'script-src': ["'self'", "'unsafe-eval'"] } })
    expect(site.diagnostics.filter((d) => d.code === 'EVAL_BLOCKED')).toEqual([])
  })
})

describe('URL forms', () => {
  it('scheme-relative URLs (//host, \\\\host) are another origin, with the page\'s scheme', () => {
    const html = page('<img src="//img.test/a.png"><img src="\\\\img2.test\\b.png"><img src="/own.png">')
    expect(blocked(html).loads).toEqual(['img-src https://img.test/a.png by img-src', 'img-src https://img2.test/b.png by img-src'])
  })
})
