/**
 * The property behind "never weaker than asked", over a generated corpus (a seeded PRNG, so every
 * run sees the same cases): hostile preset options, page metas and header options never yield a
 * policy that allows more than the configured policy, the presets, the page's own meta and the
 * hashes of the page's own content allow, nor a header line a host would split or refuse. What a
 * policy allows is judged by an independent model (support/csp-allows-model.ts), and header
 * values by Node's own validateHeaderValue. Pure calls of processSite()/resolveOptions(), no builds.
 */
import { validateHeaderValue } from 'node:http'
import { describe, expect, it } from 'vitest'
import { CspkitError, hashSource, processSite, resolveOptions, type Options, type Policy } from '@cspkit/core'
import { GUARDED_KINDS, policyAllows, type PolicyMap, type Probe, type UrlKind } from './support/csp-allows-model.js'

/** mulberry32: small, fast, and the same sequence for the same seed on every machine. */
function prng(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const SELF = new URL('https://site.example/docs/page.html')
const asMap = (policy: Policy): PolicyMap => Object.fromEntries(policy.directives.map((d) => [d.name, d.values]))

/** A header value every host accepts as one line, as cspkit promises: Node's own check, ASCII only, no comma (a second policy, or a split). */
function headerLineProblem(value: string, commaAllowed = false): string | undefined {
  try {
    validateHeaderValue('x-cspkit-probe', value)
  } catch (error) {
    return (error as Error).message
  }
  if (/[^\x20-\x7e]/.test(value)) return 'a character outside printable ASCII'
  if (!commaAllowed && value.includes(',')) return 'a comma'
  return undefined
}

const SCRIPT_TEXTS = ['a()', 'window.x = 1', 'console.log("é")']
const HANDLER_TEXTS = ['go()', 'this.hidden = true']

/** Probes for a page: URLs of every kind from hosts the corpus uses, its inline content's hashes, eval. */
function probes(extraHashes: readonly string[]): Probe[] {
  const urls = ['https://site.example/a.js', 'https://cdn.example/a.js', 'https://x.cdn.example/lib/a.js', 'https://evil.example/x', 'http://evil.example/x', 'data:text/plain,x', 'blob:https://site.example/1', 'wss://ws.example/s', 'https://tiles.example/t.png', 'https://site.example:8443/a']
  const kinds: UrlKind[] = ['script', 'worker', 'object', 'base', 'img', 'connect', 'frame', 'style']
  const out: Probe[] = kinds.flatMap((kind) => urls.map((url) => ({ kind, url })))
  for (const text of SCRIPT_TEXTS) out.push({ kind: 'inline-script', hash: hashSource(text, 'sha256') })
  for (const text of HANDLER_TEXTS) out.push({ kind: 'handler', hash: hashSource(text, 'sha256') })
  for (const hash of extraHashes) out.push({ kind: 'inline-script', hash }, { kind: 'handler', hash })
  out.push({ kind: 'eval' })
  return out
}

describe('page metas: the merged policy never allows more than the configured policy, the meta and the hashes', () => {
  const CONFIG_SOURCES: Record<string, readonly string[]> = {
    'default-src': ["'self'", "'none'", 'https:', 'https://cdn.example'],
    'script-src': ["'self'", 'https://cdn.example', 'https://*.cdn.example', "'strict-dynamic'", "'unsafe-inline'", "'unsafe-eval'", `'${hashSource('window.x = 1', 'sha256').slice(1, -1)}'`],
    'script-src-elem': ["'self'", 'https://cdn.example/lib/'],
    'object-src': ["'none'", "'self'"],
    'base-uri': ["'self'", "'none'"],
    'img-src': ["'self'", 'data:', 'https://tiles.example'],
    'connect-src': ["'self'", 'wss://ws.example'],
    'worker-src': ["'self'", 'blob:'],
    'child-src': ["'self'"],
  }
  const HASH = `'${hashSource('window.x = 1', 'sha256').slice(1, -1)}'`
  const SUBTLE_CONFIGS: readonly Record<string, string[]>[] = [
    { 'default-src': ["'self'"], 'script-src': ["'self'", 'https://cdn.example', "'strict-dynamic'", HASH], 'object-src': ["'none'"] },
    { 'default-src': ["'self'"], 'script-src': ["'self'", "'unsafe-inline'", HASH], 'base-uri': ["'self'"] },
    { 'default-src': ["'self'", "'unsafe-inline'", HASH], 'object-src': ["'none'"] },
    { 'default-src': ["'self'"], 'script-src': ['https://cdn.example'], 'worker-src': ["'self'"] },
  ]
  const META_DIRECTIVES = ['default-src', 'script-src', 'script-src-elem', 'script-src-attr', 'worker-src', 'child-src', 'object-src', 'base-uri', 'img-src', 'connect-src', 'frame-src', 'style-src']
  const META_SOURCES = ['*', "'self'", "'none'", "'unsafe-inline'", "'unsafe-eval'", "'unsafe-hashes'", "'strict-dynamic'", "'wasm-unsafe-eval'", "'nonce-abc'", 'https:', 'http:', 'data:', 'blob:', 'https://evil.example', 'evil.example', 'https://*.example', 'https://cdn.example', 'https://x.cdn.example', 'https://cdn.example/lib/', 'https://site.example:*', 'wss:', 'self', "'report-sample'", `'${hashSource('a()', 'sha256').slice(1, -1)}'`, `'${hashSource('evil()', 'sha256').slice(1, -1)}'`, 'https://exämple.com', 'https://a.example\u2028script-src', 'https://a.example,script-src']

  function corpusCase(rand: () => number) {
    const pick = <T,>(list: readonly T[]): T => list[Math.floor(rand() * list.length)]!
    const some = <T,>(list: readonly T[], max: number): T[] => [...new Set(Array.from({ length: 1 + Math.floor(rand() * max) }, () => pick(list)))]
    let policy: Record<string, string[]> = {}
    // A third of the cases start from a policy whose sources browsers partly ignore ('unsafe-inline'
    // beside a hash, hosts beside 'strict-dynamic'), where a page directive repeating them widens.
    if (rand() < 0.33) policy = structuredClone(pick(SUBTLE_CONFIGS))
    else
      for (const name of some(Object.keys(CONFIG_SOURCES), 4)) {
        const values = some(CONFIG_SOURCES[name]!, 3)
        policy[name] = values.includes("'none'") ? ["'none'"] : values
      }
    const meta = some(META_DIRECTIVES, 4).map((d) => `${d} ${some(META_SOURCES, 4).join(' ')}`).join('; ')
    const scripts = some(SCRIPT_TEXTS, 2).map((t) => `<script>${t}</script>`).join('')
    const handlers = rand() < 0.5 ? `<button onclick="${pick(HANDLER_TEXTS)}">b</button>` : ''
    const html = `<!doctype html><html><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="${meta.replace(/"/g, '&quot;')}"><title>t</title></head><body>${scripts}${handlers}</body></html>`
    // Presets add their sources to the configured policy: what the page may not go beyond includes them.
    const presets = rand() < 0.3 ? some(['google-fonts', 'youtube', 'stripe', 'vimeo'] as const, 2) : []
    return { policy, meta, html, presets }
  }

  const CASES = 500
  it.each(['narrow-only', 'merge', 'error'] as const)(`pageMeta '%s': ${CASES} seeded cases`, (pageMeta) => {
    const rand = prng(20261201)
    let checked = 0
    let widenedSeen = 0
    for (let i = 0; i < CASES; i++) {
      const { policy, meta, html, presets } = corpusCase(rand)
      const options: Options = { policy, presets, pageMeta, lint: 'off', failOn: 'never', scope: 'page' }
      let resolved
      try {
        resolved = resolveOptions(options)
      } catch (error) {
        if (error instanceof CspkitError) continue // a configured policy cspkit refuses is not a case
        throw error
      }
      const site = processSite([{ fileName: 'docs/page.html', html }], resolved)
      const page = site.pages[0]!
      const final = asMap(page.policy)
      const configured = asMap(resolved.basePolicy)
      // The meta as the browser would read it alone (its valid sources), for the merge mode's allowance.
      const own: Record<string, string[]> = {}
      for (const part of meta.split(';')) {
        const [name, ...sources] = part.trim().split(/[\t\n\f\r ]+/)
        if (name && !Object.hasOwn(own, name)) own[name] = sources
      }
      const ownHashes = page.hashes
      const context = `case ${i}: policy ${JSON.stringify(policy)} + ${presets.join(', ') || 'no presets'} | meta ${JSON.stringify(meta)} | final ${page.headerPolicy}`
      for (const probe of probes([])) {
        if (!policyAllows(final, probe, SELF)) continue
        if (policyAllows(configured, probe, SELF)) continue
        // A hash names one exact script the page's own content or its meta's author approved.
        const byOwnHash = 'hash' in probe && ownHashes.includes(probe.hash)
        const byMeta = policyAllows(own, probe, SELF)
        const allowed = pageMeta === 'merge' || !GUARDED_KINDS.has(probe.kind) ? byMeta || byOwnHash : byOwnHash || ('hash' in probe && Object.values(own).some((sources) => sources.includes(probe.hash)))
        expect(allowed, `${context} | allows ${JSON.stringify(probe)}`).toBe(true)
      }
      // The header and meta policies are one line a host keeps as it is.
      expect(headerLineProblem(page.headerPolicy), context).toBeUndefined()
      expect(headerLineProblem(page.metaPolicy), context).toBeUndefined()
      if (page.diagnostics.some((d) => d.code === 'PAGE_META_WIDENS')) widenedSeen++
      checked++
    }
    // The corpus is not vacuous: most cases are valid configurations, and many metas widen.
    expect(checked).toBeGreaterThan(CASES * 0.6)
    expect(widenedSeen).toBeGreaterThan(checked * 0.3)
  })
})

describe('hostile preset options: an accepted value never makes a source allow a host the template does not name', () => {
  // Each free-text option, the variant that uses it, and one template source: the host it must stay on.
  const OPTIONS = [
    { preset: 'chargebee', option: 'site', directive: 'frame-src', host: (v: string) => `${v}.chargebee.com` },
    { preset: 'goatcounter', option: 'code', directive: 'connect-src', host: (v: string) => `${v}.goatcounter.com` },
    { preset: 'imgix', option: 'source', directive: 'img-src', host: (v: string) => `${v}.imgix.net` },
    { preset: 'supabase', option: 'project', variant: 'project', directive: 'connect-src', host: (v: string) => `${v}.supabase.co` },
    { preset: 'matomo', option: 'instance', directive: 'connect-src', host: (v: string) => `${v}.matomo.cloud` },
    { preset: 'matomo', option: 'host', variant: 'self-hosted', directive: 'script-src', host: (v: string) => v },
    { preset: 'umami', option: 'host', variant: 'self-hosted', directive: 'connect-src', host: (v: string) => v },
    { preset: 'auth0', option: 'domain', directive: 'frame-src', host: (v: string) => v },
    { preset: 'firebase', option: 'authDomain', variant: 'auth-ui', directive: 'frame-src', host: (v: string) => v },
    { preset: 'google-analytics', option: 'googleTld', variant: 'google-signals', directive: 'img-src', host: (v: string) => `*.google.${v}` },
  ] as const
  const PIECES = ['a', 'b1', 'acme', '-', '.', '..', '*', '*.', ' ', "'", '"', ';', ',', '/', ':', '443', '@', '#', '?', '%2e', 'https://', 'evil.example', "'unsafe-inline'", 'co', 'uk', 'com', '\u2028', '\u0000', '\n', 'ä', 'xn--bcher-kva', 'A', 'Z9']

  it('1,000 seeded values: each is refused, or lands as one source whose hosts are the template’s', () => {
    const rand = prng(14)
    let accepted = 0
    for (let i = 0; i < 1000; i++) {
      const o = OPTIONS[i % OPTIONS.length]!
      const value = Array.from({ length: 1 + Math.floor(rand() * 4) }, () => PIECES[Math.floor(rand() * PIECES.length)]!).join('')
      let policy: PolicyMap
      try {
        policy = asMap(resolveOptions({ policy: { 'default-src': ["'none'"] }, presets: [[o.preset, { ...('variant' in o ? { variant: o.variant } : {}), [o.option]: value }]] as Options['presets'] }).presets.policy)
      } catch (error) {
        if (!(error instanceof CspkitError)) throw error
        expect(error.diagnostics.some((d) => d.code === 'OPTION_INVALID' && d.option === `presets[0].${o.option}`), `${o.preset}.${o.option} = ${JSON.stringify(value)}`).toBe(true)
        continue
      }
      accepted++
      const expected = o.host(value).toLowerCase()
      const hostOk = (hostname: string) => (expected.startsWith('*.') ? hostname.endsWith(expected.slice(1)) : hostname === expected)
      const kind: UrlKind = o.directive === 'frame-src' ? 'frame' : o.directive === 'img-src' ? 'img' : o.directive === 'script-src' ? 'script' : 'connect'
      const concrete = expected.replace(/^\*\./, 'www.')
      const urls = [`https://${concrete}/`, `https://${concrete}/count`, `https://evil.example/`, `https://x.${concrete}/`, `https://${concrete}.evil.example/`, `http://${concrete}/`, `https://${concrete}:8443/`, 'data:,x']
      for (const url of urls) {
        let parsed: URL
        try {
          parsed = new URL(url)
        } catch {
          continue
        }
        if (policyAllows(policy, { kind, url }, SELF)) expect(hostOk(parsed.hostname), `${o.preset}.${o.option} = ${JSON.stringify(value)} allows ${url}`).toBe(true)
      }
      // Only the template's sources: no keyword, wildcard host or scheme crept in beside them.
      for (const sources of Object.values(policy)) for (const s of sources) expect(s, JSON.stringify(value)).toMatch(/^(https|wss):\/\/(\*\.)?[a-z0-9.-]+(\/[a-z0-9/_.-]*)?$/i)
    }
    expect(accepted).toBeGreaterThan(20) // the corpus has good values too
  })
})

describe('hostile header options: refused, or one header line each host keeps', () => {
  const PIECES = ['no-referrer', 'same-origin', 'max-age=60', '; includeSubDomains', 'camera=()', ', ', ',', ' ', '\t', '\r\n', '\n', '\u2028', '\u2029', '\u0000', '\u0085', 'é', 'Ā', '"', 'X-Injected: 1', 'https://r.example/c', '/csp', 'http://r.example/', '%2C']
  const OPTIONS = ['referrerPolicy', 'permissionsPolicy', 'crossOriginOpenerPolicy', 'strictTransportSecurity'] as const

  it('400 seeded security header values and reporting URLs', () => {
    const rand = prng(2028)
    let accepted = 0
    for (let i = 0; i < 400; i++) {
      const value = Array.from({ length: 1 + Math.floor(rand() * 3) }, () => PIECES[Math.floor(rand() * PIECES.length)]!).join('')
      const headers = i % 2 === 0 ? { security: { [OPTIONS[i % 4]!]: value } } : { reportingEndpoints: { csp: value } }
      let resolved
      try {
        resolved = resolveOptions({ hosts: ['netlify'], headers })
      } catch (error) {
        if (!(error instanceof CspkitError)) throw error
        expect(error.diagnostics.every((d) => d.code === 'OPTION_INVALID' && /^[\x20-\x7e]+$/.test(d.message)), JSON.stringify(value)).toBe(true)
        continue
      }
      accepted++
      // List headers (Referrer-Policy, Permissions-Policy) may hold commas; nothing else may.
      for (const [name, v] of resolved.headers.security) expect(headerLineProblem(v, /Referrer|Permissions/.test(name)), `${name}: ${JSON.stringify(v)}`).toBeUndefined()
      if (resolved.headers.reportingEndpoints) {
        expect(headerLineProblem(resolved.headers.reportingEndpoints), JSON.stringify(value)).toBeUndefined()
        expect(resolved.headers.reportingEndpoints).toMatch(/^[a-z][a-z0-9_.*-]*="[^",\s]+"$/)
      }
    }
    expect(accepted).toBeGreaterThan(10)
  })
})
