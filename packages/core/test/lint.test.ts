import { describe, expect, it } from 'vitest'
import { formatDiagnostic } from '../src/diagnostics.js'
import { lintPolicy } from '../src/lint/lint.js'
import { parsePolicy } from '../src/policy/parse.js'
import { resolveOptions } from '../src/options.js'
import { CspkitError } from '../src/diagnostics.js'
import { INVALID, STRICT, VALID, WEAK, type LintCase } from './fixtures/lint/cases.js'

const ALL = [...VALID, ...INVALID, ...WEAK, ...STRICT]

function codesOf(c: LintCase): string[] {
  return [...new Set(lintPolicy(c.policy, { level: c.level ?? 'recommended', option: 'policy' }).map((d) => d.code))].sort()
}

describe('lintPolicy: table of policies', () => {
  it('has at least 80 policies, valid and invalid', () => {
    expect(ALL.length).toBeGreaterThanOrEqual(80)
    expect(ALL.filter((c) => c.codes.length === 0).length).toBeGreaterThan(20)
    expect(ALL.filter((c) => c.codes.length > 0).length).toBeGreaterThan(60)
  })

  it.each(ALL.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    expect(codesOf(c)).toEqual([...c.codes].sort())
  })

  it('each finding names its directive in the message and says how to fix it', () => {
    for (const c of ALL) {
      for (const d of lintPolicy(c.policy, { level: c.level ?? 'strict', option: 'policy' })) {
        const line = formatDiagnostic(d)
        expect(line.startsWith(`[cspkit] ${d.code} (option policy`)).toBe(true)
        expect(d.fix.length).toBeGreaterThan(10)
        if (d.directive && d.code !== 'POLICY_SYNTAX') expect(d.message).toContain(d.directive)
      }
    }
  })
})

describe('lintPolicy: what the messages say', () => {
  const only = (policy: Parameters<typeof lintPolicy>[0], code: string) =>
    lintPolicy(policy, { option: 'policy' }).filter((d) => d.code === code)

  it('suggests the directive a typo was meant to be', () => {
    const [d] = only("scirpt-src 'self'", 'POLICY_UNKNOWN_DIRECTIVE')
    expect(d!.fix).toBe("Did you mean 'script-src'?")
    expect(d!.option).toBe('policy.scirpt-src')
  })

  it('suggests the keyword a misspelt one was meant to be, and the CSP3 name of a renamed one', () => {
    expect(only("script-src 'unsafe-inlne'", 'POLICY_UNKNOWN_KEYWORD')[0]!.fix).toContain("'unsafe-inline'")
    expect(only("script-src 'wasm-eval'", 'POLICY_UNKNOWN_KEYWORD')[0]!.fix).toContain("'wasm-unsafe-eval'")
  })

  it('says how long a digest must be and that hex is not base64', () => {
    expect(only("script-src 'sha256-abc='", 'POLICY_INVALID_HASH')[0]!.message).toContain('44')
    expect(only("script-src 'sha512-e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'", 'POLICY_INVALID_HASH')[0]!.message).toContain('hexadecimal')
  })

  it('names the known endpoint on a risky host', () => {
    const [d] = only("script-src 'self' https://accounts.google.com; object-src 'none'", 'LINT_RISKY_HOST')
    expect(d!.message).toContain('accounts.google.com/o/oauth2/revoke')
  })

  it('names the preset that contributed a source', () => {
    const origin = (directive: string, source: string) =>
      directive === 'script-src' && source === 'https://www.google.com' ? 'recaptcha' : undefined
    const found = lintPolicy("script-src 'self' https://www.google.com 'unsafe-inline'; object-src 'none'", { origin })
    expect(found.find((d) => d.code === 'LINT_RISKY_HOST')!.preset).toBe('recaptcha')
    expect(found.find((d) => d.code === 'LINT_UNSAFE_INLINE')!.preset).toBeUndefined()
    expect(formatDiagnostic(found.find((d) => d.code === 'LINT_RISKY_HOST')!)).toContain('(preset recaptcha)')
  })

  it('lints a parsed Policy the same as the text it came from', () => {
    const text = "script-src 'self' 'unsafe-eval' https:; img-src 'self' 'sha256-x'"
    const fromText = lintPolicy(text).map((d) => d.code)
    expect(lintPolicy(parsePolicy(text).policy).map((d) => d.code)).toEqual(fromText)
    expect(fromText).toContain('LINT_UNSAFE_EVAL')
  })
})

describe('resolveOptions lints the configured policy', () => {
  it('throws one CspkitError listing every error of the policy', () => {
    let error: unknown
    try {
      resolveOptions({ policy: { 'scirpt-src': ["'self'"], 'img-src': ["'self'", "'sha256-abc'"], 'default-src': ["'none'", "'self'"] } })
    } catch (e) {
      error = e
    }
    expect(error).toBeInstanceOf(CspkitError)
    const codes = (error as CspkitError).diagnostics.map((d) => d.code).sort()
    expect(codes).toEqual(['POLICY_INVALID_HASH', 'POLICY_NONE_WITH_SOURCES', 'POLICY_UNKNOWN_DIRECTIVE'])
    expect((error as CspkitError).message).toContain("[cspkit] POLICY_UNKNOWN_DIRECTIVE (option policy.scirpt-src): 'scirpt-src' is not a CSP directive")
  })

  it('keeps warnings for the build to report, at the chosen level', () => {
    const policy = { 'script-src': ["'self'", "'unsafe-inline'"], 'object-src': ["'none'"] }
    expect(resolveOptions({ policy }).diagnostics.map((d) => d.code)).toEqual(['LINT_UNSAFE_INLINE'])
    expect(resolveOptions({ policy, lint: 'off' }).diagnostics).toEqual([])
    expect(resolveOptions({ policy, lint: 'strict' }).diagnostics.map((d) => d.code)).toContain('LINT_HOST_ALLOWLIST')
    expect(resolveOptions({}).diagnostics).toEqual([])
  })

  it('rejects an unknown lint level', () => {
    expect(() => resolveOptions({ lint: 'pedantic' as never })).toThrow(/OPTION_INVALID \(option lint\)/)
  })
})

describe("a page's own CSP meta is validated too", () => {
  it('reports an error in it with the page and line, and fails the build', async () => {
    const { processSite } = await import('../src/site.js')
    const html = `<!doctype html>\n<html><head>\n<meta http-equiv="Content-Security-Policy" content="default-src 'self'; scirpt-src 'self'">\n</head><body></body></html>\n`
    const result = processSite([{ fileName: 'docs/index.html', html }], {})
    const d = result.diagnostics.find((x) => x.code === 'POLICY_UNKNOWN_DIRECTIVE')
    expect(d?.file).toBe('docs/index.html:3')
    expect(formatDiagnostic(d!)).toBe(
      "[cspkit] POLICY_UNKNOWN_DIRECTIVE (docs/index.html:3): 'scirpt-src' is not a CSP directive; browsers ignore it and everything in it. Fix: Did you mean 'script-src'?",
    )
  })
})
