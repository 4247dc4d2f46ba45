import { describe, expect, it } from 'vitest'
import { adviseViolation } from '../packages/core/src/dev/advice.js'
import { devPolicy, reportingPolicy } from '../packages/core/src/dev/dev-policy.js'
import { sourceMatchesUrl } from '../packages/core/src/dev/match.js'
import { presetLookup } from '../packages/core/src/dev/preset-lookup.js'
import { parseViolationReports, type Violation } from '../packages/core/src/dev/violation.js'
import { resolveOptions } from '../packages/core/src/options.js'
import { parsePolicy } from '../packages/core/src/policy/parse.js'
import { serializePolicy } from '../packages/core/src/policy/serialize.js'

const policy = (input: string) => parsePolicy(input).policy

const violation = (v: Partial<Violation>): Violation => ({
  documentURL: 'http://127.0.0.1:5173/',
  directive: 'connect-src',
  blockedURL: '',
  sample: '',
  disposition: 'enforce',
  ...v,
})

describe('violation reports', () => {
  it('reads report-uri bodies and Reporting API batches alike, skipping other report types', () => {
    const legacy = parseViolationReports('application/csp-report', {
      'csp-report': {
        'document-uri': 'http://127.0.0.1:5173/about',
        'violated-directive': 'img-src',
        'effective-directive': 'img-src',
        'blocked-uri': 'https://cdn.example/a.png',
        'script-sample': '',
        disposition: 'report',
        'source-file': 'http://127.0.0.1:5173/main.js',
        'line-number': 3,
        'column-number': 9,
      },
    })
    const batch = parseViolationReports('application/reports+json', [
      { type: 'deprecation', url: 'http://127.0.0.1:5173/', body: { id: 'x' } },
      {
        type: 'csp-violation',
        url: 'http://127.0.0.1:5173/about',
        body: { documentURL: 'http://127.0.0.1:5173/about', effectiveDirective: 'img-src', blockedURL: 'https://cdn.example/a.png', sample: '', disposition: 'report', sourceFile: 'http://127.0.0.1:5173/main.js', lineNumber: 3, columnNumber: 9 },
      },
    ])
    expect(legacy).toEqual(batch)
    expect(legacy).toEqual([
      { documentURL: 'http://127.0.0.1:5173/about', directive: 'img-src', blockedURL: 'https://cdn.example/a.png', sample: '', disposition: 'report', source: 'http://127.0.0.1:5173/main.js:3:9' },
    ])
  })

  it('takes the directive name from a CSP2-style violated-directive and ignores bodies that are not reports', () => {
    expect(parseViolationReports('application/csp-report', { 'csp-report': { 'violated-directive': "img-src 'self'", 'blocked-uri': 'data' } })[0]?.directive).toBe('img-src')
    expect(parseViolationReports('application/json', { hello: 'world' })).toEqual([])
    expect(parseViolationReports('application/reports+json', [null, 3, { type: 'csp-violation' }])).toEqual([])
  })
})

describe('advice', () => {
  it('adds the origin to the directive that governs, or creates it with what it inherits from default-src', () => {
    const p = policy("default-src 'self'; img-src 'self' data:")
    const img = adviseViolation(violation({ directive: 'img-src', blockedURL: 'https://cdn.example:8443/a.png?x=1' }), p)
    expect(img).toMatchObject({ directive: 'img-src', source: 'https://cdn.example:8443' })
    expect(img.fix).toBe("Add 'https://cdn.example:8443' to 'img-src' in the cspkit policy option.")

    const connect = adviseViolation(violation({ blockedURL: 'wss://live.example/socket' }), p)
    expect(connect).toMatchObject({ directive: 'connect-src', source: 'wss://live.example' })
    expect(connect.fix).toContain(`Add 'connect-src': ["'self'", 'wss://live.example']`)
  })

  it('sends element checks to the general directive: a blocked external script goes into script-src', () => {
    const fromDefault = adviseViolation(violation({ directive: 'script-src-elem', blockedURL: 'https://cdn.example/lib.js' }), policy("default-src 'none'"))
    // 'none' is dropped: a list with a source in it is no longer 'none'.
    expect(fromDefault.fix).toContain(`Add 'script-src': ['https://cdn.example']`)
    const existing = adviseViolation(violation({ directive: 'script-src-elem', blockedURL: 'https://cdn.example/lib.js' }), policy("script-src 'self'"))
    expect(existing.directive).toBe('script-src')
  })

  it("names 'self' for the page's own origin and bare schemes for data: and blob:", () => {
    const p = policy("default-src 'none'; img-src https://cdn.example")
    expect(adviseViolation(violation({ directive: 'img-src', blockedURL: 'http://127.0.0.1:5173/logo.svg' }), p).source).toBe("'self'")
    expect(adviseViolation(violation({ directive: 'img-src', blockedURL: 'data' }), p).source).toBe('data:')
    expect(adviseViolation(violation({ directive: 'worker-src', blockedURL: 'blob' }), p).source).toBe('blob:')
  })

  it("explains eval, WebAssembly and inline content instead of suggesting 'unsafe-inline'", () => {
    const p = policy("default-src 'self'")
    const evalAdvice = adviseViolation(violation({ directive: 'script-src', blockedURL: 'eval' }), p)
    expect(evalAdvice.source).toBe("'unsafe-eval'")
    expect(evalAdvice.fix).toContain("devtool")
    expect(adviseViolation(violation({ directive: 'script-src', blockedURL: 'wasm-eval' }), p).source).toBe("'wasm-unsafe-eval'")

    const inline = adviseViolation(violation({ directive: 'script-src-elem', blockedURL: 'inline', sample: 'alert(1)' }), p)
    expect(inline.blocked).toBe('an inline <script> ("alert(1)")')
    expect(inline.fix).not.toContain("'unsafe-inline'")
    const attr = adviseViolation(violation({ directive: 'style-src-attr', blockedURL: 'inline' }), p)
    expect(attr.fix).toContain(`'style-src-attr': ["'unsafe-inline'"]`)
  })

  it('names the presets whose sources allow the blocked URL for that directive', () => {
    const presets = presetLookup([
      { name: 'chat', policy: policy('connect-src https://*.chat.example wss://ws.chat.example; img-src https://images.example') },
      { name: 'maps', policy: policy('default-src https://maps.example') },
    ])
    const p = policy("default-src 'self'")
    const chat = adviseViolation(violation({ blockedURL: 'https://api.chat.example/v1' }), p, presets)
    expect(chat.presets).toEqual(['chat'])
    expect(chat.fix).toContain("or add the 'chat' preset (presets: ['chat'])")
    // The chat preset allows images.example for images only, not for connections.
    expect(adviseViolation(violation({ blockedURL: 'https://images.example/x' }), p, presets).presets).toEqual([])
    // A preset's default-src covers connect-src by fallback.
    expect(adviseViolation(violation({ blockedURL: 'https://maps.example/tiles' }), p, presets).presets).toEqual(['maps'])
  })
})

describe('source matching', () => {
  it.each([
    ['https://*.example.com', 'https://a.example.com/x', true],
    ['https://*.example.com', 'https://example.com/x', false],
    ['example.com', 'https://example.com/', true],
    ['http://example.com', 'https://example.com/', true],
    ['https://example.com', 'http://example.com/', false],
    ['example.com:8080', 'http://example.com:8080/', true],
    ['example.com', 'http://example.com:8080/', false],
    ['example.com:*', 'http://example.com:8080/', true],
    ['https://example.com/api/', 'https://example.com/api/v1', true],
    ['https://example.com/api', 'https://example.com/api/v1', false],
    ['https:', 'https://anything.test/', true],
    ['ws:', 'wss://live.test/', true],
    ['*', 'https://x.test/', true],
    ['*', 'data:text/plain,x', false],
    ["'unsafe-inline'", 'https://x.test/', false],
  ])('%s allows %s: %s', (source, url, expected) => {
    expect(sourceMatchesUrl(source, new URL(url))).toBe(expected)
  })
})

describe('dev policy', () => {
  it('adds the websocket, a style nonce and reporting without dropping what default-src allowed', () => {
    const served = devPolicy(policy("default-src 'self' https://cdn.example; style-src 'self' 'unsafe-inline'; script-src 'self'; report-to prod"), {
      websocketOrigins: ['ws://127.0.0.1:5173'],
      styleNonce: 'abc',
    })
    const text = serializePolicy(served)
    expect(text).toContain("connect-src 'self' https://cdn.example ws://127.0.0.1:5173")
    // 'unsafe-inline' already allows every <style>: a nonce would only switch it off.
    expect(text).not.toContain('nonce')
    expect(text).not.toContain('report-to')
    expect(text).toContain('report-uri /__cspkit/report')
  })

  it("puts the nonce in style-src-elem, so style attributes keep what style-src gave them", () => {
    const text = serializePolicy(devPolicy(policy("default-src 'self'; style-src-attr 'unsafe-inline'"), { websocketOrigins: [], styleNonce: 'abc' }))
    expect(text).toContain("style-src-elem 'self' 'nonce-abc'")
    expect(text).toContain("style-src-attr 'unsafe-inline' 'report-sample'")
  })

  it("leaves 'none' directives alone when adding 'report-sample' and leaves unrestricted fetches unrestricted", () => {
    const text = serializePolicy(reportingPolicy(policy("script-src 'none'; img-src 'self'")))
    expect(text).toBe("script-src 'none'; img-src 'self'; report-uri /__cspkit/report")
    expect(serializePolicy(devPolicy(policy("img-src 'self'"), { websocketOrigins: ['ws://h:1'] }))).not.toContain('connect-src')
  })
})

describe('dev option', () => {
  it("defaults to 'enforce' and validates like every other option", () => {
    expect(resolveOptions({}).dev.mode).toBe('enforce')
    expect(resolveOptions({ dev: { mode: 'report-only' } }).dev.mode).toBe('report-only')
    expect(() => resolveOptions({ dev: { mode: 'reportonly' as never } })).toThrow(/OPTION_INVALID \(option dev\.mode\).*'enforce', 'report-only' or 'off'/)
    expect(() => resolveOptions({ dev: { mdoe: 'off' } as never })).toThrow(/Did you mean 'dev\.mode'\?/)
  })
})
