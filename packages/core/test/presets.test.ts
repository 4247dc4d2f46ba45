import { createHash } from 'node:crypto'
import { readFileSync, realpathSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { processSite } from '../src/site.js'
import { resolveOptions, type Options } from '../src/options.js'
import { CspkitError, formatDiagnostic, type Diagnostic } from '../src/diagnostics.js'
import { policyToObject } from '../src/policy/model.js'
import { parsePolicyString } from '../src/policy/parse.js'
import { lintPolicy } from '../src/lint/lint.js'
import { definePreset, presetFactory } from '../src/presets/define.js'
import { gleap } from '../src/presets/gleap.js'
import { PRESET_NAMES, presets } from '../src/presets/registry.js'
import { resolvePresets } from '../src/presets/resolve.js'
import { builtInPresetPolicies } from '../src/presets/built-in.js'
import { presetLookup } from '../src/dev/preset-lookup.js'
import type { Preset } from '../src/presets/types.js'

const PAGE = '<!doctype html><html><head><meta charset="utf-8"><title>x</title></head><body><script>boot()</script></body></html>'

/** The meta policy cspkit writes into the page, as directive → sources. */
function pagePolicy(options: Options): Record<string, string[]> {
  const page = processSite([{ fileName: 'index.html', html: PAGE }], options).pages[0]!
  const content = /<meta http-equiv="Content-Security-Policy" content="([^"]*)"/.exec(page.html)![1]!.replace(/&#39;/g, "'").replace(/&amp;/g, '&')
  return policyToObject(parsePolicyString(content).policy)
}

function errorsOf(options: Options): Diagnostic[] {
  try {
    resolveOptions(options)
  } catch (e) {
    if (e instanceof CspkitError) return [...e.diagnostics]
    throw e
  }
  return []
}

describe('presets: composing into the page policy', () => {
  it("gleap adds its sources to each directive, keeping what default-src allowed ('self')", () => {
    const policy = pagePolicy({ presets: ['gleap'] })
    expect(policy['default-src']).toEqual(["'self'"])
    expect(policy['connect-src']).toEqual(["'self'", 'https://*.gleap.io', 'wss://ws.gleap.io', 'https://*.pusher.com', 'wss://*.pusher.com'])
    expect(policy['frame-src']).toEqual(["'self'", 'https://*.gleap.io'])
    // img-src existed (default policy): extended, with its data: kept once.
    expect(policy['img-src']).toEqual(["'self'", 'data:', 'https://*.gleap.io', 'blob:'])
    // The page's own inline script is still hashed next to the preset's sources.
    expect(policy['script-src']).toEqual(expect.arrayContaining(["'self'", 'https://*.gleap.io']))
    expect(policy['script-src']!.filter((s) => s.startsWith("'sha256-"))).toHaveLength(5)
  })

  it('without the preset the page policy has none of its sources (the control)', () => {
    const policy = pagePolicy({})
    expect(JSON.stringify(policy)).not.toContain('gleap')
    expect(policy['connect-src']).toBeUndefined()
  })

  it("explicit-hosts variant: Gleap's explicit hosts and the chosen Pusher cluster, no wildcard", () => {
    const policy = pagePolicy({ presets: [gleap({ variant: 'explicit-hosts', pusherCluster: 'eu' })] })
    expect(policy['connect-src']).toEqual(
      expect.arrayContaining(['https://api.gleap.io', 'wss://ws.gleap.io', 'wss://ws-eu.pusher.com', 'https://sockjs-eu.pusher.com']),
    )
    expect(Object.values(policy).flat().filter((s) => s.includes('*'))).toEqual([])
  })

  it("explicit-hosts variant defaults to the US cluster 'mt1'; a [name, options] pair works like the typed call", () => {
    expect(pagePolicy({ presets: [gleap({ variant: 'explicit-hosts' })] })['connect-src']).toContain('wss://ws-mt1.pusher.com')
    expect(pagePolicy({ presets: [['gleap', { variant: 'explicit-hosts', pusherCluster: 'ap1' }]] })['connect-src']).toContain(
      'https://sockjs-ap1.pusher.com',
    )
  })

  it('never restricts what was unrestricted: without default-src, a preset adds no connect-src', () => {
    const policy = pagePolicy({ policy: { 'script-src': ["'self'"], 'object-src': ["'none'"] }, presets: ['gleap'] })
    expect(policy['connect-src']).toBeUndefined()
    expect(policy['script-src']).toEqual(expect.arrayContaining(["'self'", 'https://*.gleap.io']))
  })

  it('sources also go to the more specific directive the browser consults instead (script-src-elem)', () => {
    const policy = pagePolicy({ policy: { 'default-src': ["'self'"], 'script-src': ["'self'"], 'script-src-elem': ["'self'"] }, presets: ['gleap'] })
    expect(policy['script-src-elem']).toEqual(expect.arrayContaining(['https://*.gleap.io']))
    expect(policy['script-src']).toEqual(expect.arrayContaining(['https://*.gleap.io']))
  })

  it("records which preset added which source, and not sources the user's policy already allowed", () => {
    const resolved = resolveOptions({ presets: ['gleap'] })
    expect(resolved.presets.origins['connect-src']).toMatchObject({ 'wss://*.pusher.com': 'gleap', 'https://*.gleap.io': 'gleap' })
    expect(resolved.presets.origins['connect-src']?.["'self'"]).toBeUndefined()
    expect(resolved.presets.origins['img-src']?.['data:']).toBeUndefined()
    expect(resolved.presets.list.map((p) => p.name)).toEqual(['gleap'])
  })

  it("a preset's hashes never switch off another's 'unsafe-inline' (Gleap's route hashes next to PayPal's)", () => {
    const scriptSrc = (options: Options) => pagePolicy(options)['script-src']!
    const GLEAP_ROUTE_HASH = "'sha256-f9YOEXluvzSUFau13lvIO8dWFvUWTkA/REKenBuL5Ok='"
    const combined = scriptSrc({ presets: ['gleap', 'paypal'] })
    expect(combined).toContain("'unsafe-inline'")
    // No hash at all: not Gleap's, and not the page's own (cspkit respects 'unsafe-inline' and warns).
    expect(combined.filter((s) => s.startsWith("'sha256-"))).toEqual([])
    expect(scriptSrc({ presets: ['gleap'] })).toContain(GLEAP_ROUTE_HASH)
    // Asked for strict directives: the hashes stay.
    expect(scriptSrc({ presets: ['gleap', 'paypal'], unsafeInline: 'override' })).toContain(GLEAP_ROUTE_HASH)
    // Gleap's style-src 'unsafe-inline' keeps DocSearch's logo working without the algolia preset's hash.
    expect(pagePolicy({ presets: ['gleap', 'algolia'] })['style-src']).toEqual(["'self'", "'unsafe-inline'", 'https://*.gleap.io'])
  })

  it('the same preset twice with different variants allows both (PostHog EU and US projects on one site)', () => {
    const both = pagePolicy({ presets: [['posthog', { variant: 'regional', region: 'eu' }], ['posthog', { variant: 'regional', region: 'us' }]] })
    const eu = pagePolicy({ presets: [['posthog', { variant: 'regional', region: 'eu' }]] })
    const us = pagePolicy({ presets: [['posthog', { variant: 'regional', region: 'us' }]] })
    for (const [directive, sources] of [...Object.entries(eu), ...Object.entries(us)]) expect(both[directive]).toEqual(expect.arrayContaining(sources))
    expect(both['connect-src']).not.toEqual(eu['connect-src'])
    expect(resolvePresets(['posthog', 'posthog']).list).toEqual(resolvePresets(['posthog']).list)
    expect(resolvePresets([['posthog', { variant: 'regional', region: 'eu' }], 'posthog']).list.map((p) => p.name)).toEqual(['posthog'])
  })

  it('lint findings about a preset source name the preset', () => {
    const resolved = resolveOptions({ presets: ['gleap'], lint: 'strict' })
    const byPreset = resolved.diagnostics.filter((d) => d.preset === 'gleap')
    expect(byPreset.map((d) => [d.code, d.directive])).toEqual(
      expect.arrayContaining([['LINT_STYLE_UNSAFE_INLINE', 'style-src'], ['LINT_HOST_ALLOWLIST', 'script-src']]),
    )
    // 'self' was the user's: its finding names no preset.
    expect(resolved.diagnostics.find((d) => d.code === 'LINT_HOST_ALLOWLIST' && d.message.includes("'self'"))?.preset).toBeUndefined()
    // The user's own policy alone has no such finding.
    expect(resolveOptions({ lint: 'strict' }).diagnostics.filter((d) => d.code === 'LINT_STYLE_UNSAFE_INLINE')).toEqual([])
  })
})

describe('presets: typed calls', () => {
  it("accept only the preset's own variants and option values (checked by tsc)", () => {
    // @ts-expect-error: not a Pusher cluster
    gleap({ pusherCluster: 'mars' })
    // @ts-expect-error: Gleap has no such variant
    gleap({ variant: 'strcit' })
    // @ts-expect-error: not a built-in preset name
    const typo: Options = { presets: ['gleep'] }
    expect(() => resolveOptions(typo)).toThrow(CspkitError)
    expect(gleap({ variant: 'explicit-hosts', pusherCluster: 'eu' })).toMatchObject({ variant: 'explicit-hosts', options: { pusherCluster: 'eu' } })
  })

  it("the old variant name 'strict' still gives the explicit-hosts list, with an info naming the new name", () => {
    const old = resolveOptions({ presets: [gleap({ variant: 'strict', pusherCluster: 'eu' })] })
    const renamed = old.diagnostics.filter((d) => d.code === 'PRESET_VARIANT_RENAMED')
    expect(renamed).toEqual([expect.objectContaining({ severity: 'info', option: 'presets[0].variant', preset: 'gleap', fix: "Write variant: 'explicit-hosts'." })])
    expect(formatDiagnostic(renamed[0]!)).toMatch(/^\[cspkit\] PRESET_VARIANT_RENAMED \(option presets\[0\]\.variant, preset gleap\): .*'strict' is now called 'explicit-hosts'/)
    expect(pagePolicy({ presets: [['gleap', { variant: 'strict', pusherCluster: 'eu' }]] })).toEqual(
      pagePolicy({ presets: [gleap({ variant: 'explicit-hosts', pusherCluster: 'eu' })] }),
    )
    // The new name reports nothing.
    expect(resolveOptions({ presets: [gleap({ variant: 'explicit-hosts' })] }).diagnostics.filter((d) => d.code === 'PRESET_VARIANT_RENAMED')).toEqual([])
  })
})

describe('presets: errors name the entry and how to fix it', () => {
  it('an unknown name is an error with the closest names', () => {
    const [error, ...rest] = errorsOf({ presets: ['gleep'] as never })
    expect(rest).toEqual([])
    expect(error).toMatchObject({ code: 'OPTION_INVALID', option: 'presets[0]', severity: 'error' })
    expect(error!.message).toContain("'gleep' is not a cspkit preset")
    expect(error!.fix).toContain("'gleap'")
  })

  it('an unknown variant, an invalid cluster and an unknown option each say what would be valid', () => {
    const errors = errorsOf({
      presets: [
        ['gleap', { variant: 'stirct' }],
        ['gleap', { variant: 'explicit-hosts', pusherCluster: 'euu' }],
        ['gleap', { pusherClustr: 'eu' }],
      ] as never,
    })
    expect(errors.map((e) => [e.option, e.fix])).toEqual([
      ['presets[0].variant', "Did you mean 'explicit-hosts'?"],
      ['presets[1].pusherCluster', "Did you mean 'eu'?"],
      ['presets[2].pusherClustr', "Did you mean 'pusherCluster'?"],
    ])
    expect(errors.every((e) => e.preset === 'gleap')).toBe(true)
  })

  it('presets must be a list', () => {
    expect(errorsOf({ presets: 'gleap' as never })[0]).toMatchObject({ option: 'presets', code: 'OPTION_INVALID' })
  })
})

describe("presets: the user's own", () => {
  const widget = definePreset({
    name: 'acme-widget',
    title: 'Acme Widget',
    docs: 'https://docs.acme.example/csp',
    checked: '2026-11-24',
    directives: { 'script-src': ['https://cdn.acme.example'], 'connect-src': ['https://{region}.api.acme.example'] },
    options: { region: { description: 'data region', values: ['us', 'eu'], default: 'us' } },
  })

  it('a preset object and its typed call work like built-in presets', () => {
    expect(pagePolicy({ presets: [widget] })['connect-src']).toEqual(["'self'", 'https://us.api.acme.example'])
    expect(pagePolicy({ presets: [presetFactory(widget)({ region: 'eu' })] })['connect-src']).toEqual(["'self'", 'https://eu.api.acme.example'])
    expect(resolveOptions({ presets: [widget] }).presets.origins['script-src']).toEqual({ 'https://cdn.acme.example': 'acme-widget' })
  })

  it('a bad source in a user preset is an error naming the preset', () => {
    const errors = errorsOf({ presets: [{ ...widget, directives: { 'script-src': ['self'] } }] })
    expect(errors[0]).toMatchObject({ code: 'POLICY_UNQUOTED_KEYWORD', preset: 'acme-widget', option: 'presets[0].script-src' })
  })

  it('a placeholder without a declared option is an error', () => {
    const errors = errorsOf({ presets: [{ ...widget, options: {} }] })
    expect(errors[0]).toMatchObject({ option: 'presets[0].region', preset: 'acme-widget' })
  })
})

describe('presets: the registry', () => {
  it('has Gleap and at least 25 more services', () => {
    expect(PRESET_NAMES).toContain('gleap')
    expect(PRESET_NAMES.length).toBeGreaterThanOrEqual(26)
  })

  it('a preset with a required option says so when it is missing', () => {
    expect(resolvePresets(['chargebee']).diagnostics[0]).toMatchObject({ option: 'presets[0].site', preset: 'chargebee' })
  })

  it.each(PRESET_NAMES)('%s: named by its key, cites the vendor page and date, and every variant is a valid policy', (name) => {
    const preset: Preset = presets[name]
    expect(preset.name).toBe(name)
    expect(preset.docs).toMatch(/^https:\/\//)
    expect(preset.checked).toMatch(/^\d{4}-\d{2}-\d{2}$/)
    const variants = [undefined, ...Object.keys(preset.variants ?? {})]
    // A required option (no default) gets a sample value, as a user must give one.
    const options = Object.fromEntries(
      Object.entries(preset.options ?? {})
        .filter(([, spec]) => spec.default === undefined)
        .map(([key, spec]) => [key, spec.values?.[0] ?? (spec.form === 'domain' ? 'example.com' : 'example')]),
    )
    for (const variant of variants) {
      const resolved = resolvePresets([{ preset: name, options, ...(variant ? { variant } : {}) }])
      expect(resolved.diagnostics).toEqual([])
      const errors = lintPolicy(resolved.policy, { level: 'off' }).filter((d) => d.severity === 'error')
      expect(errors).toEqual([])
    }
  })
})

describe('presets: dev-server advice', () => {
  it('the built-in presets tell which preset allows a blocked URL for its directive', () => {
    const lookup = presetLookup(builtInPresetPolicies())
    expect(lookup(new URL('https://api.gleap.io/sessions'), 'connect-src')).toEqual(['gleap'])
    expect(lookup(new URL('https://js.stripe.com/v3/'), 'script-src')).toEqual(['stripe'])
    expect(lookup(new URL('https://challenges.cloudflare.com/turnstile/v0/api.js'), 'frame-src')).toEqual(['cloudflare-turnstile'])
    // Stripe's script host is not a connect-src source of any preset.
    expect(lookup(new URL('https://js.stripe.com/v3/'), 'connect-src')).toEqual([])
  })
})

describe('presets: vitepress', () => {
  it("its hash is that of the <style> VitePress's appearance switch inserts (VueUse CSS_DISABLE_TRANS, from VitePress's own dependencies)", () => {
    // Resolve @vueuse/core the way the installed VitePress does, so a VitePress update that changes the style fails here.
    const root = fileURLToPath(new URL('../../..', import.meta.url))
    const vitepress = realpathSync(join(root, 'node_modules/vitepress/package.json'))
    const vueuse = createRequire(vitepress).resolve('@vueuse/core').replace(/index\.[cm]?js$/, 'index.mjs')
    const style = /const CSS_DISABLE_TRANS = ("[^"]*")/.exec(readFileSync(vueuse, 'utf8'))
    expect(style, 'VueUse no longer declares CSS_DISABLE_TRANS: re-measure the vitepress preset').not.toBeNull()
    const hash = `'sha256-${createHash('sha256').update(JSON.parse(style![1]!) as string).digest('base64')}'`
    expect(presets.vitepress.directives['style-src']).toEqual([hash])
  })
})
