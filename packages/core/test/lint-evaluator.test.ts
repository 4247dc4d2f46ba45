/**
 * Differential test: Google's CSP Evaluator (run for real) against lintPolicy at the 'strict'
 * level. Every finding the evaluator reports must be ours too, unless it is not valid for a CSP3
 * browser; each such difference is listed below with the reason.
 */
import { createRequire } from 'node:module'
import { describe, expect, it } from 'vitest'
import type { Diagnostic } from '../src/diagnostics.js'
import { lintPolicy } from '../src/lint/lint.js'
import { parsePolicy } from '../src/policy/parse.js'
import { CORPUS } from './fixtures/lint/corpus.js'
import { INVALID, STRICT, VALID, WEAK } from './fixtures/lint/cases.js'

const require = createRequire(import.meta.url)
const { CspParser } = require('csp_evaluator/dist/parser.js') as typeof import('csp_evaluator/dist/parser.js')
const { CspEvaluator, STRICTCSP_CHECKS } = require('csp_evaluator/dist/evaluator.js') as typeof import('csp_evaluator/dist/evaluator.js')
const { Version } = require('csp_evaluator/dist/csp.js') as typeof import('csp_evaluator/dist/csp.js')
const { Type, Severity } = require('csp_evaluator/dist/finding.js') as typeof import('csp_evaluator/dist/finding.js')
type Finding = import('csp_evaluator/dist/finding.js').Finding

/** Which of our codes answer each evaluator finding type. */
const OURS: Readonly<Record<string, readonly string[]>> = {
  SCRIPT_UNSAFE_INLINE: ['LINT_UNSAFE_INLINE'],
  SCRIPT_UNSAFE_HASHES: ['LINT_UNSAFE_HASHES'],
  SCRIPT_UNSAFE_EVAL: ['LINT_UNSAFE_EVAL'],
  PLAIN_URL_SCHEMES: ['LINT_PERMISSIVE_SCHEME'],
  PLAIN_WILDCARD: ['LINT_WILDCARD'],
  MISSING_DIRECTIVES: ['LINT_MISSING_OBJECT_SRC', 'LINT_MISSING_SCRIPT_SRC', 'LINT_MISSING_BASE_URI', 'POLICY_EMPTY_DIRECTIVE'],
  SCRIPT_ALLOWLIST_BYPASS: ['LINT_RISKY_HOST', 'LINT_HOST_ALLOWLIST'],
  OBJECT_ALLOWLIST_BYPASS: ['LINT_OBJECT_SRC_NOT_NONE'],
  IP_SOURCE: ['LINT_IP_SOURCE', 'POLICY_INVALID_SOURCE'],
  NONCE_LENGTH: ['LINT_WEAK_NONCE', 'POLICY_INVALID_NONCE'],
  NONCE_CHARSET: ['POLICY_INVALID_NONCE'],
  SRC_HTTP: ['LINT_INSECURE_SOURCE'],
  DEPRECATED_DIRECTIVE: ['POLICY_DEPRECATED_DIRECTIVE'],
  UNKNOWN_DIRECTIVE: ['POLICY_UNKNOWN_DIRECTIVE', 'POLICY_SYNTAX'],
  MISSING_SEMICOLON: ['POLICY_SYNTAX'],
  INVALID_KEYWORD: ['POLICY_UNQUOTED_KEYWORD', 'POLICY_UNKNOWN_KEYWORD', 'POLICY_INVALID_HASH', 'POLICY_INVALID_NONCE', 'POLICY_INVALID_VALUE', 'POLICY_INVALID_SOURCE'],
  STRICT_DYNAMIC: ['LINT_HOST_ALLOWLIST', 'LINT_PERMISSIVE_SCHEME', 'LINT_RISKY_HOST', 'LINT_WILDCARD'],
  STRICT_DYNAMIC_NOT_STANDALONE: ['LINT_STRICT_DYNAMIC_WITHOUT_HASH'],
  REQUIRE_TRUSTED_TYPES_FOR_SCRIPTS: ['LINT_NO_TRUSTED_TYPES'],
  IGNORED: ['UNSAFE_INLINE_IGNORED', 'LINT_STRICT_DYNAMIC_IGNORES'],
}

/** The evaluator's high-severity allowlist bypasses must be our LINT_RISKY_HOST, not only the generic advice. */
function expectedCodes(f: Finding): readonly string[] {
  const type = Type[f.type]!
  if (type === 'SCRIPT_ALLOWLIST_BYPASS') return f.severity === Severity.HIGH ? ['LINT_RISKY_HOST'] : ['LINT_HOST_ALLOWLIST']
  return OURS[type] ?? []
}

/**
 * Findings that are not valid for a CSP3 browser (or for a built static site), each with why.
 * Returns the reason, or undefined when we must report the finding.
 */
function knownDifference(policy: string, f: Finding, ours: readonly Diagnostic[]): string | undefined {
  const type = Type[f.type]!
  if (parsePolicy(policy).diagnostics.some((d) => d.severity === 'error' && d.code !== 'POLICY_UNQUOTED_KEYWORD'))
    return 'Our parser refuses the policy (a malformed directive name); advice waits until that error is fixed, as it would judge a policy the user did not mean.'
  if (type === 'STRICT_DYNAMIC' && ours.some((d) => d.severity === 'error' && d.directive === f.directive))
    return "The directive swallowed the next one (missing ';'), reported as an error; the 'host' it sees is a directive name."
  if (type === 'INVALID_KEYWORD' && /^'SHA(256|384|512)-/.test(f.value ?? ''))
    return 'Chromium accepts an upper-case hash algorithm prefix (CSP-RULES a8).'
  const has = (name: string) => new RegExp(`(^|;)\\s*${name}\\s`, 'i').test(policy)
  if (type === 'UNSAFE_INLINE_FALLBACK' || type === 'ALLOWLIST_FALLBACK')
    return "Advice to add sources for pre-CSP3 browsers, which CSP3 browsers ignore; we report such sources as dead (LINT_STRICT_DYNAMIC_IGNORES) instead."
  if (['SCRIPT_UNSAFE_INLINE', 'SCRIPT_UNSAFE_HASHES'].includes(type) && f.directive === 'script-src' && has('script-src-elem') && has('script-src-attr'))
    return 'With both script-src-elem and script-src-attr present, CSP3 never consults script-src for inline scripts or handlers.'
  if (type === 'SCRIPT_UNSAFE_EVAL' && (f.directive === 'script-src-elem' || f.directive === 'script-src-attr'))
    return "CSP3 checks eval() against script-src, else default-src (§4.4); 'unsafe-eval' in script-src-elem/-attr has no effect."
  if (type === 'UNKNOWN_DIRECTIVE' && ['fenced-frame-src'].includes(f.directive))
    return 'A CSP3 directive the evaluator does not know.'
  if (type === 'INVALID_KEYWORD' && ["'trusted-types-eval'", "'report-sha256'", "'report-sha384'", "'report-sha512'"].includes(f.value ?? ''))
    return 'A CSP3 keyword the evaluator does not know.'
  if (type === 'INVALID_KEYWORD' && f.directive === 'webrtc')
    return 'webrtc takes the keywords allow/block, which the evaluator accepts everywhere.'
  return undefined
}

function matches(ours: readonly Diagnostic[], f: Finding): boolean {
  const codes = expectedCodes(f)
  // A directive we reject as a whole (unknown, deprecated) covers whatever the evaluator finds in it;
  // an error about the very source it names covers it too.
  const covered = ours.some(
    (d) =>
      d.directive === f.directive &&
      (['POLICY_UNKNOWN_DIRECTIVE', 'POLICY_DEPRECATED_DIRECTIVE'].includes(d.code) ||
        (d.severity === 'error' && (f.value === undefined || d.message.includes(f.value)))),
  )
  return covered || ours.some(
    (d) =>
      codes.includes(d.code) &&
      // The value it is about must be named (keywords as the canonical lower case we print).
      (f.value === undefined || d.message.toLowerCase().includes(f.value.toLowerCase()) || d.code === 'POLICY_DEPRECATED_DIRECTIVE'),
  )
}

/** The evaluator's findings, or undefined where it throws (it builds URLs from malformed hosts). */
function evaluate(policy: string): Finding[] | undefined {
  try {
    return new CspEvaluator(new CspParser(policy).csp, Version.CSP3).evaluate(STRICTCSP_CHECKS)
  } catch {
    return undefined
  }
}

// The hand-written corpus and every string policy of the lint table that our parser accepts whole
// (one with a line break, "," or ";" inside a source is refused before any advice is given).
const POLICIES = [
  ...CORPUS,
  ...[...VALID, ...INVALID, ...WEAK, ...STRICT]
    .map((c) => c.policy)
    .filter((p): p is string => typeof p === 'string' && !/[\r\n,]/.test(p)),
]

describe('lintPolicy reports everything CSP Evaluator reports that holds for CSP3', () => {
  const results = POLICIES.map((policy) => {
    const ours = lintPolicy(policy, { level: 'strict' })
    const evaluated = evaluate(policy)
    const theirs = evaluated ?? []
    const missing = theirs
      .filter((f) => !matches(ours, f))
      .map((f) => ({ finding: `${Type[f.type]} ${Severity[f.severity]} ${f.directive} ${f.value ?? ''}`.trim(), reason: knownDifference(policy, f, ours) }))
    return { policy, ours, crashed: evaluated === undefined, theirs, missing }
  })

  it('where the evaluator cannot parse a policy, we name the bad source as an error', () => {
    const crashed = results.filter((r) => r.crashed)
    expect(crashed.length).toBeLessThan(10)
    for (const r of crashed) expect(r.ours.filter((d) => d.severity === 'error'), r.policy).not.toEqual([])
  })

  it('runs the evaluator on a real corpus', () => {
    expect(POLICIES.length).toBeGreaterThan(100)
    const total = results.reduce((n, r) => n + r.theirs.length, 0)
    expect(total).toBeGreaterThan(300)
    // Every kind of weakness the evaluator knows shows up in the corpus at least once.
    const seen = new Set(results.flatMap((r) => r.theirs.map((f) => Type[f.type])))
    for (const type of ['SCRIPT_UNSAFE_INLINE', 'SCRIPT_UNSAFE_EVAL', 'PLAIN_URL_SCHEMES', 'PLAIN_WILDCARD', 'MISSING_DIRECTIVES', 'SCRIPT_ALLOWLIST_BYPASS', 'OBJECT_ALLOWLIST_BYPASS', 'IP_SOURCE', 'NONCE_LENGTH', 'NONCE_CHARSET', 'SRC_HTTP', 'DEPRECATED_DIRECTIVE', 'UNKNOWN_DIRECTIVE', 'MISSING_SEMICOLON', 'INVALID_KEYWORD', 'STRICT_DYNAMIC_NOT_STANDALONE', 'IGNORED'])
      expect(seen, type).toContain(type)
  })

  it.each(results.map((r) => [r.policy, r] as const))('%s', (_policy, r) => {
    expect(r.missing.filter((m) => m.reason === undefined)).toEqual([])
  })

  it('every recorded difference is still needed', () => {
    const reasons = new Set(results.flatMap((r) => r.missing.map((m) => m.reason)).filter(Boolean))
    expect(reasons.size).toBeGreaterThanOrEqual(5)
  })
})
