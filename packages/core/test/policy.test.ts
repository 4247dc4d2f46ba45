import { describe, expect, it } from 'vitest'
import { addHashes, addHashesShared, type HashGroup, type UnsafeInlineMode } from '../src/policy/add-hashes.js'
import { allowsInline } from '../src/policy/inline.js'
import { mergePolicies } from '../src/policy/merge.js'
import { parsePolicy, parsePolicyString } from '../src/policy/parse.js'
import { serializeMetaPolicy, serializePolicy } from '../src/policy/serialize.js'
import { hashSource } from '../src/html/hash.js'

const parse = (input: Parameters<typeof parsePolicy>[0]) => {
  const r = parsePolicy(input)
  expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([])
  return r.policy
}

describe('parse', () => {
  it('reads a policy string and serialises it back unchanged', () => {
    const text = "default-src 'self'; script-src 'self' https://cdn.example.com; upgrade-insecure-requests"
    expect(serializePolicy(parse(text))).toBe(text)
  })

  it('reads an object with kebab-case and camelCase keys, strings, lists and true for valueless directives', () => {
    const policy = parse({
      'default-src': "'self'",
      scriptSrcElem: ["'self'", "https://a.example 'unsafe-hashes'"],
      upgradeInsecureRequests: true,
      blockAllMixedContent: false,
    })
    expect(serializePolicy(policy)).toBe(
      "default-src 'self'; script-src-elem 'self' https://a.example 'unsafe-hashes'; upgrade-insecure-requests",
    )
  })

  it('canonicalises keyword and hash-prefix case and removes duplicate sources', () => {
    expect(serializePolicy(parse("Script-Src 'SELF' 'self' 'SHA256-abc=' https://A.example"))).toBe(
      "script-src 'self' 'sha256-abc=' https://A.example",
    )
  })

  it('rejects unquoted keywords, naming the directive and the fix', () => {
    const { diagnostics } = parsePolicy({ 'script-src': ['self', "'none'"] }, { option: 'policy' })
    expect(diagnostics).toHaveLength(1)
    expect(diagnostics[0]).toMatchObject({ code: 'POLICY_UNQUOTED_KEYWORD', directive: 'script-src', option: 'policy.script-src' })
    expect(diagnostics[0]!.fix).toContain(`"'self'"`)
  })

  it.each([
    ["default-src 'self'; img-src a;b", 'POLICY_INJECTION'],
    ['default-src \'self\'\r\nSet-Cookie: x=1', 'POLICY_INJECTION'],
    ["default-src 'self', script-src 'none'", 'POLICY_SYNTAX'],
  ])('rejects header and policy injection in %j', (input, code) => {
    const text = typeof input === 'string' && input.includes('a;b') ? { 'img-src': ['a;b'] } : input
    expect(parsePolicy(text).diagnostics.map((d) => d.code)).toContain(code)
  })

  it('keeps the first of two duplicate directives, as browsers do, and it is an error: the policy that runs is not the one written', () => {
    const r = parsePolicyString("script-src 'self'; script-src 'none'")
    expect(serializePolicy(r.policy)).toBe("script-src 'self'")
    expect(r.diagnostics.map((d) => [d.code, d.severity])).toEqual([['POLICY_DUPLICATE_DIRECTIVE', 'error']])
  })
})

describe('serialise for header and meta', () => {
  it('drops frame-ancestors, report-uri, report-to and sandbox from the meta only', () => {
    const policy = parse(
      "default-src 'self'; frame-ancestors 'none'; report-uri /csp; report-to csp; sandbox allow-scripts; upgrade-insecure-requests",
    )
    expect(serializeMetaPolicy(policy)).toBe("default-src 'self'; upgrade-insecure-requests")
    expect(serializePolicy(policy)).toContain("frame-ancestors 'none'; report-uri /csp; report-to csp; sandbox allow-scripts")
  })
})

describe('merge', () => {
  it('unions sources per directive in first-seen order and keeps valueless directives', () => {
    const merged = mergePolicies(
      parse("default-src 'self'; img-src 'self'"),
      parse("img-src data: 'self'; connect-src https://api.example; upgrade-insecure-requests"),
    )
    expect(serializePolicy(merged)).toBe(
      "default-src 'self'; img-src 'self' data:; connect-src https://api.example; upgrade-insecure-requests",
    )
  })

  it("drops 'none' once something else is allowed, and keeps it where nothing is", () => {
    const merged = mergePolicies(parse("object-src 'none'; frame-src 'none'"), parse('frame-src https://www.youtube.com'))
    expect(serializePolicy(merged)).toBe("object-src 'none'; frame-src https://www.youtube.com")
  })
})

describe('adding hashes', () => {
  const h1 = hashSource('a()')
  const h2 = hashSource('b{}')

  it('copies default-src into a new script-src before adding hashes, so allowed origins stay allowed', () => {
    const { policy } = addHashes(parse("default-src 'self' https://cdn.example"), [
      { target: 'script-elem', hashes: [h1], unsafeHashes: false },
    ])
    expect(serializePolicy(policy)).toBe(`default-src 'self' https://cdn.example; script-src 'self' https://cdn.example ${h1}`)
  })

  it("replaces 'none' rather than keeping it next to hashes", () => {
    const { policy } = addHashes(parse("default-src 'none'"), [
      { target: 'style-elem', hashes: [h2], unsafeHashes: false },
    ])
    expect(serializePolicy(policy)).toBe(`default-src 'none'; style-src ${h2}`)
  })

  it('puts element hashes in script-src-elem when present (browsers skip script-src for elements then)', () => {
    const { policy } = addHashes(parse("script-src 'self'; script-src-elem 'self'"), [
      { target: 'script-elem', hashes: [h1], unsafeHashes: false },
    ])
    expect(serializePolicy(policy)).toBe(`script-src 'self'; script-src-elem 'self' ${h1}`)
  })

  it("adds 'unsafe-hashes' for attribute hashes, in script-src-attr when present", () => {
    const { policy } = addHashes(parse("script-src 'self'; script-src-attr 'none'"), [
      { target: 'script-attr', hashes: [h1], unsafeHashes: true },
    ])
    expect(serializePolicy(policy)).toBe(`script-src 'self'; script-src-attr 'unsafe-hashes' ${h1}`)
  })

  it('adds nothing when no directive restricts the content', () => {
    const { policy, placements } = addHashes(parse('img-src data:'), [
      { target: 'script-elem', hashes: [h1], unsafeHashes: false },
    ])
    expect(serializePolicy(policy)).toBe('img-src data:')
    expect(placements[0]!.skipped).toBe('unrestricted')
  })

  it("respects 'unsafe-inline' by default and overrides it on request, reporting that it is then ignored", () => {
    const base = parse("style-src 'self' 'unsafe-inline'")
    const group = [{ target: 'style-elem' as const, hashes: [h2], unsafeHashes: false }]
    expect(serializePolicy(addHashes(base, group).policy)).toBe("style-src 'self' 'unsafe-inline'")
    const overridden = addHashes(base, group, 'override')
    expect(serializePolicy(overridden.policy)).toBe(`style-src 'self' 'unsafe-inline' ${h2}`)
    expect(overridden.placements[0]!.unsafeInlineIgnored).toBe(true)
  })

  it('the shared-policy plan (made once per policy, mode and groups with hashes) gives exactly what addHashes gives', () => {
    // Seeded random policies, modes and groups, the same base used by many "pages" in a row so that
    // plans are made and then reused; hashes collide with the policy's own and across groups.
    let seed = 42
    const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31)
    const pick = <T,>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!
    const hashes = [h1, h2, hashSource('c'), hashSource('d')]
    const sources = ["'self'", "'none'", "'unsafe-inline'", "'unsafe-hashes'", "'strict-dynamic'", "'nonce-abc'", 'https://cdn.example', 'data:', h1]
    const names = ['default-src', 'script-src', 'script-src-elem', 'script-src-attr', 'style-src', 'style-src-elem', 'style-src-attr', 'img-src']
    const targets = [['script-elem', false], ['script-elem', true], ['script-attr', true], ['style-elem', false], ['style-attr', true]] as const
    for (let p = 0; p < 150; p++) {
      const text = Array.from({ length: 1 + Math.floor(rand() * 4) }, () => `${pick(names)} ${Array.from({ length: 1 + Math.floor(rand() * 3) }, () => pick(sources)).join(' ')}`).join('; ')
      const base = parsePolicyString(text).policy
      const mode: UnsafeInlineMode = rand() < 0.5 ? 'respect' : 'override'
      for (let page = 0; page < 8; page++) {
        const groups: HashGroup[] = targets.map(([target, unsafeHashes]) => ({
          target,
          unsafeHashes,
          hashes: rand() < 0.5 ? [] : [...new Set(Array.from({ length: 1 + Math.floor(rand() * 3) }, () => pick(hashes)))],
        }))
        const shared = addHashesShared(base, groups, mode)
        expect(shared, `${text} (${mode})`).toStrictEqual(addHashes(base, groups, mode))
        expect(serializePolicy(shared.policy)).toBe(serializePolicy(addHashes(base, groups, mode).policy))
        expect(Object.isFrozen(shared.policy) && shared.policy.directives.every((d) => Object.isFrozen(d) && Object.isFrozen(d.values))).toBe(true)
      }
    }
  })

  it('groups of another shape with the same mask get their own placement, not the plan made first', () => {
    const base = parse("default-src 'self'")
    const asScripts = [{ target: 'script-elem' as const, hashes: [h1], unsafeHashes: false }]
    const asStyleAttributes = [{ target: 'style-attr' as const, hashes: [h2], unsafeHashes: true }]
    expect(addHashesShared(base, asScripts)).toStrictEqual(addHashes(base, asScripts))
    expect(addHashesShared(base, asStyleAttributes)).toStrictEqual(addHashes(base, asStyleAttributes))
    expect(serializePolicy(addHashesShared(base, asStyleAttributes).policy)).toBe(`default-src 'self'; style-src 'self' 'unsafe-hashes' ${h2}`)
  })

  it('a policy that holds a stand-in hash verbatim is not mistaken for a plan', () => {
    const base = parse("script-src 'sha256-cspkit-stand-in-0'")
    const groups = [{ target: 'script-elem' as const, hashes: [h1], unsafeHashes: false }]
    expect(addHashesShared(base, groups)).toStrictEqual(addHashes(base, groups))
    expect(serializePolicy(addHashesShared(base, groups).policy)).toBe(`script-src 'sha256-cspkit-stand-in-0' ${h1}`)
  })
})

describe('allowsInline (what a browser lets run)', () => {
  const script = { target: 'script-elem' as const, text: 'a()', needsUnsafeHashes: false }
  const handler = { target: 'script-attr' as const, text: 'a()', needsUnsafeHashes: true }
  it.each([
    ["script-src 'self'", script, false],
    [`script-src ${hashSource('a()')}`, script, true],
    [`script-src ${hashSource('a()', 'sha512')}`, script, true],
    ["script-src 'unsafe-inline'", script, true],
    [`script-src 'unsafe-inline' ${hashSource('x')}`, script, false],
    ["script-src 'unsafe-inline' 'strict-dynamic'", script, false],
    [`script-src ${hashSource('a()')}`, handler, false],
    [`script-src 'unsafe-hashes' ${hashSource('a()')}`, handler, true],
    [`script-src-elem 'unsafe-hashes' ${hashSource('a()')}`, handler, true], // handlers fall back to script-src, not -elem
    ["default-src 'self'; img-src *", script, false],
    ['img-src *', script, true],
  ] as const)('%s → %s allowed: %s', (policy, item, allowed) => {
    expect(allowsInline(parse(policy), item)).toBe(allowed)
  })
})
