import { describe, expect, it } from 'vitest'
import { checkUrl, fallbackChain, sourceListAllows } from '../src/loads/match.js'
import { parsePolicyString } from '../src/policy/parse.js'

// CSP3 §6.7.2 "Does url match source list", row by row: the spec's own examples where it gives
// them (host wildcards, ports, paths, scheme upgrades), and the keywords' rules.
const SELF = new URL('https://example.com/docs/page.html')

const MATCHES: readonly (readonly [sources: string, url: string, allowed: boolean])[] = [
  ["'none'", 'https://example.com/a.js', false],
  ['', 'https://example.com/a.js', false],
  ["'self'", 'https://example.com/a.js', true],
  ["'self'", 'https://example.com:8443/a.js', false],
  ["'self'", 'https://sub.example.com/a.js', false],
  ["'self'", 'http://example.com/a.js', false],
  ["'self'", 'wss://example.com/socket', true],
  ["'self'", 'blob:https://example.com/uuid', false],
  ["'self'", 'data:image/png;base64,AA==', false],
  ["'unsafe-inline' 'sha256-abc='", 'https://example.com/a.js', false],
  ['*', 'https://cdn.test/a.js', true],
  ['*', 'http://cdn.test/a.js', true],
  ['*', 'data:image/png;base64,AA==', false],
  ['*', 'blob:https://example.com/uuid', false],
  ['*', 'filesystem:https://example.com/temporary/x', false],
  ['https:', 'https://cdn.test/a.js', true],
  ['https:', 'http://cdn.test/a.js', false],
  ['http:', 'https://cdn.test/a.js', true],
  ['data:', 'data:image/png;base64,AA==', true],
  ['blob:', 'blob:https://example.com/uuid', true],
  ['DATA:', 'data:,x', true],
  ['example.com', 'https://example.com/a.js', true],
  ['example.com', 'https://www.example.com/a.js', false],
  ['*.example.com', 'https://www.example.com/a.js', true],
  ['*.example.com', 'https://a.b.example.com/a.js', true],
  ['*.example.com', 'https://example.com/a.js', false],
  ['https://cdn.test', 'https://cdn.test/any/path.js', true],
  ['https://cdn.test', 'https://cdn.test:8443/a.js', false],
  ['https://cdn.test:8443', 'https://cdn.test:8443/a.js', true],
  ['https://cdn.test:*', 'https://cdn.test:9999/a.js', true],
  ['https://cdn.test:443', 'https://cdn.test/a.js', true],
  ['http://cdn.test', 'https://cdn.test/a.js', true],
  ['https://cdn.test', 'http://cdn.test/a.js', false],
  ['https://cdn.test/js/', 'https://cdn.test/js/app.js', true],
  ['https://cdn.test/js/', 'https://cdn.test/css/app.css', false],
  ['https://cdn.test/js/app.js', 'https://cdn.test/js/app.js', true],
  ['https://cdn.test/js/app.js', 'https://cdn.test/js/app.js?v=2', true],
  ['https://cdn.test/js/app.js', 'https://cdn.test/js/other.js', false],
  ['HTTPS://CDN.TEST', 'https://cdn.test/a.js', true],
  ['wss://ws.test', 'wss://ws.test/s', true],
  ['ws:', 'wss://ws.test/s', true],
  ["https://a.test 'self' https://b.test", 'https://b.test/x', true],
]

describe('CSP source matching (CSP3 §6.7.2)', () => {
  it.each(MATCHES)('%s allows %s: %s', (sources, url, allowed) => {
    const values = sources === '' ? [] : sources.split(' ')
    expect(sourceListAllows(values, new URL(url), SELF)).toBe(allowed)
  })
})

// The directive a browser consults for each kind of load, first present wins (CSP3 §6.8.3).
const FALLBACKS: readonly (readonly [policy: string, directive: string, url: string, governing: string | undefined, allowed: boolean])[] = [
  ["default-src 'self'", 'script-src-elem', 'https://cdn.test/a.js', 'default-src', false],
  ["default-src 'self'; script-src https://cdn.test", 'script-src-elem', 'https://cdn.test/a.js', 'script-src', true],
  ["script-src https://cdn.test; script-src-elem 'self'", 'script-src-elem', 'https://cdn.test/a.js', 'script-src-elem', false],
  ["default-src 'none'; style-src https://fonts.test", 'style-src-elem', 'https://fonts.test/c.css', 'style-src', true],
  ["default-src 'self'; child-src https://www.youtube.com", 'frame-src', 'https://www.youtube.com/embed/x', 'child-src', true],
  ["child-src https://a.test; frame-src https://b.test", 'frame-src', 'https://a.test/', 'frame-src', false],
  ["default-src 'self'; script-src https://w.test", 'worker-src', 'https://w.test/w.js', 'script-src', true],
  ["script-src https://w.test; child-src 'self'", 'worker-src', 'https://w.test/w.js', 'child-src', false],
  ["default-src 'self'", 'img-src', 'blob:https://example.com/1', 'default-src', false],
  ["default-src 'self'", 'connect-src', 'https://api.test/v1', 'default-src', false],
  ["default-src 'self'", 'manifest-src', 'https://example.com/m.json', 'default-src', true],
  ["default-src 'self'", 'object-src', 'https://x.test/o.swf', 'default-src', false],
  ["default-src 'none'", 'form-action', 'https://forms.test/', undefined, true],
  ["default-src 'none'", 'base-uri', 'https://evil.test/', undefined, true],
  ["form-action 'self'", 'form-action', 'https://forms.test/', 'form-action', false],
  ["script-src 'self'", 'img-src', 'https://anything.test/i.png', undefined, true],
]

describe('the fetch-directive fallback chain', () => {
  it.each(FALLBACKS)('%s, %s %s: governed by %s, allowed %s', (policy, directive, url, governing, allowed) => {
    const check = checkUrl(parsePolicyString(policy).policy, directive, new URL(url), SELF)
    expect(check.governing?.name).toBe(governing)
    expect(check.allowed).toBe(allowed)
  })

  it('form-action and base-uri never fall back to default-src; the fetch directives do', () => {
    expect(fallbackChain('form-action')).toEqual(['form-action'])
    expect(fallbackChain('base-uri')).toEqual(['base-uri'])
    expect(fallbackChain('script-src-elem')).toEqual(['script-src-elem', 'script-src', 'default-src'])
    expect(fallbackChain('worker-src')).toEqual(['worker-src', 'child-src', 'script-src', 'default-src'])
    expect(fallbackChain('frame-src')).toEqual(['frame-src', 'child-src', 'default-src'])
  })
})
