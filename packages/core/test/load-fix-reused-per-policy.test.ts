import { describe, expect, it } from 'vitest'
import { fixForUrl } from '../src/loads/fix.js'
import { parsePolicy } from '../src/policy/parse.js'
import { processSite } from '../src/site.js'
import type { Options } from '../src/options.js'

// A blocked URL's fix is worked out once and reused (every page of a site blocks the same analytics
// tag), but it is the fix for one policy, one directive and one page origin: the same URL under
// another policy, directive or origin has its own, and whether it is blocked is each page's own.

const IMG = 'https://img.test/a.png'
const page = (head = '') => `<!doctype html><html><head><meta charset="utf-8">${head}</head><body><img src="${IMG}"><script src="${IMG}"></script></body></html>`

const errors = (pages: readonly { fileName: string; html: string }[], options: Options) =>
  processSite(pages, { scope: 'page', ...options }).diagnostics.filter((d) => d.code === 'LOAD_BLOCKED').map((d) => [d.directive, d.option, d.fix])

const DEFAULT_ONLY: Options = { policy: { 'default-src': ["'self'"] } }
const WITH_IMG: Options = { policy: { 'default-src': ["'self'"], 'img-src': ["'self'"], 'script-src': ["'self'"] } }
const ALLOWS_IMG: Options = { policy: { 'default-src': ["'self'"], 'img-src': ["'self'", 'https://img.test'] } }

const expected = {
  defaultOnly: [
    ['img-src', 'policy.img-src', expect.stringMatching(/^Add 'img-src': \["'self'", 'https:\/\/img\.test'\] to the cspkit policy option/)],
    ['script-src-elem', 'policy.script-src', expect.stringMatching(/^Add 'script-src': \["'self'", 'https:\/\/img\.test'\] to the cspkit policy option/)],
  ],
  withImg: [
    ['img-src', 'policy.img-src', expect.stringMatching(/^Add 'https:\/\/img\.test' to 'img-src' in the cspkit policy option/)],
    ['script-src-elem', 'policy.script-src', expect.stringMatching(/^Add 'https:\/\/img\.test' to 'script-src' in the cspkit policy option/)],
  ],
  allowsImg: [['script-src-elem', 'policy.script-src', expect.stringMatching(/^Add 'script-src': \["'self'", 'https:\/\/img\.test'\]/)]],
}

describe('a blocked URL\'s fix, reused: by policy, directive and origin, never across them', () => {
  it('the same URL under three sites\' policies, in either order, gets each policy\'s own fix', () => {
    const pages = [{ fileName: 'index.html', html: page() }, { fileName: 'b.html', html: page() }]
    for (const order of [[DEFAULT_ONLY, WITH_IMG, ALLOWS_IMG], [ALLOWS_IMG, WITH_IMG, DEFAULT_ONLY], [WITH_IMG, DEFAULT_ONLY, WITH_IMG]]) {
      for (const options of order) {
        const want = options === DEFAULT_ONLY ? expected.defaultOnly : options === WITH_IMG ? expected.withImg : expected.allowsImg
        expect(errors(pages, options)).toEqual(want)
      }
    }
  })

  it('within one site, a page whose own CSP meta allows the URL has no error, the others keep theirs', () => {
    const pages = [
      { fileName: 'a.html', html: page() },
      { fileName: 'b.html', html: page(`<meta http-equiv="Content-Security-Policy" content="img-src 'self' https://img.test; script-src 'self' https://img.test">`) },
      { fileName: 'c.html', html: page() },
    ]
    const site = processSite(pages, { scope: 'page', pageMeta: 'merge', ...DEFAULT_ONLY })
    expect(site.pages.map((p) => [p.fileName, p.blockedLoads.map((l) => l.kind)])).toEqual([
      ['a.html', ['img-src', 'script-src-elem']],
      ['b.html', []],
      ['c.html', ['img-src', 'script-src-elem']],
    ])
  })

  it('fixForUrl: one URL, asked in turn under two policies, two directives and two page origins', () => {
    const a = parsePolicy({ 'default-src': ["'self'"] }).policy
    const b = parsePolicy({ 'default-src': ["'self'"], 'img-src': ["'self'"] }).policy
    const url = new URL(IMG)
    const site = new URL('https://site.test/')
    const own = new URL('https://img.test/docs/')
    const asked = () => [
      fixForUrl(a, 'img-src', url, site).fix,
      fixForUrl(b, 'img-src', url, site).fix,
      fixForUrl(a, 'font-src', url, site).fix,
      fixForUrl(a, 'img-src', url, own).fix,
    ]
    const first = asked()
    expect(first[0]).toMatch(/^Add 'img-src': \["'self'", 'https:\/\/img\.test'\]/)
    expect(first[1]).toMatch(/^Add 'https:\/\/img\.test' to 'img-src'/)
    expect(first[2]).toMatch(/^Add 'font-src': \["'self'", 'https:\/\/img\.test'\]/)
    // On its own origin the URL is the page's own: 'self', not its origin.
    expect(first[3]).toMatch(/^Add 'img-src': \["'self'"/)
    expect(first[3]).not.toContain('https://img.test')
    expect(asked()).toEqual(first)
  })

  it('fixForUrl: a scheme\'s fix is the scheme\'s (data: of any payload, blob:), each its own', () => {
    const a = parsePolicy({ 'default-src': ["'self'"] }).policy
    const site = new URL('https://site.test/')
    const data = (payload: string) => fixForUrl(a, 'img-src', new URL(`data:image/png;base64,${payload}`), site)
    expect(data('AA==').fix).toMatch(/^Add 'img-src': \["'self'", 'data:'\]/)
    expect(data('B'.repeat(5000)).fix).toBe(data('AA==').fix)
    expect(fixForUrl(a, 'img-src', new URL('blob:https://site.test/1'), site).fix).toMatch(/^Add 'img-src': \["'self'", 'blob:'\]/)
    expect(fixForUrl(a, 'font-src', new URL('data:font/woff2;base64,AA=='), site).fix).toMatch(/^Add 'font-src': \["'self'", 'data:'\]/)
  })
})
