import type { Diagnostic } from '../diagnostics.js'
import type { Policy } from '../policy/model.js'
import { parsePolicy, type PolicyInput } from '../policy/parse.js'
import { securityFindings } from './security.js'
import { validatePolicy, type ValidateContext } from './validate.js'

/**
 * How much security advice to give. Validation (what browsers would ignore or misread) always runs.
 * `'recommended'`: real weaknesses (`'unsafe-inline'`, `'unsafe-eval'`, wildcards, risky hosts, …).
 * `'strict'`: also advice towards a hash-only policy (host allowlists, `'self'`, Trusted Types).
 * `'off'`: no security advice.
 */
export type LintLevel = 'off' | 'recommended' | 'strict'

export const LINT_LEVELS: readonly LintLevel[] = Object.freeze(['off', 'recommended', 'strict'])

export interface LintOptions extends ValidateContext {
  /** @default 'recommended' */
  readonly level?: LintLevel
  /**
   * The policy is strict mode's site-wide one (strict/policy.ts): its `'unsafe-inline' https:` beside
   * `'strict-dynamic'` are the deliberate CSP1/2 fallbacks, and each page adds its own hashes.
   * @default false
   */
  readonly strict?: boolean
}

/**
 * Validates a policy and reports its security weaknesses, each finding with a stable code, the
 * directive (and preset) it is about and a fix. Accepts what users write (object or string, which
 * is parsed first, with the parser's own findings) or a parsed Policy.
 */
export function lintPolicy(input: PolicyInput | Policy, options: LintOptions = {}): Diagnostic[] {
  const level = options.level ?? 'recommended'
  let policy: Policy
  let parseDiagnostics: readonly Diagnostic[] = []
  if (isPolicy(input)) policy = input
  else {
    const parsed = parsePolicy(input, {
      ...(options.option ? { option: options.option } : {}),
      ...(options.file ? { file: options.file } : {}),
    })
    policy = parsed.policy
    parseDiagnostics = parsed.diagnostics
  }
  // A directive the parser emptied by dropping bad sources already has its finding.
  const flagged = new Set(parseDiagnostics.map((d) => d.directive))
  const diagnostics: Diagnostic[] = [
    ...parseDiagnostics,
    ...validatePolicy(policy, options).filter((d) => !(d.code === 'POLICY_EMPTY_DIRECTIVE' && flagged.has(d.directive))),
  ]
  // A policy the parser had to cut is not the one the user meant: advice on it would mislead.
  const parseFailed = parseDiagnostics.some((d) => d.severity === 'error' && d.code !== 'POLICY_UNQUOTED_KEYWORD')
  if (level !== 'off' && !parseFailed)
    diagnostics.push(
      ...securityFindings(policy, options)
        .filter((f) => level === 'strict' || f.level === 'recommended')
        .map((f) => f.diagnostic),
    )
  return diagnostics
}

/** A parsed Policy, as opposed to a policy object of directive → sources. */
export function isPolicy(input: unknown): input is Policy {
  if (typeof input !== 'object' || input === null) return false
  const directives = (input as { directives?: unknown }).directives
  return (
    Array.isArray(directives) &&
    directives.every(
      (d) => typeof d === 'object' && d !== null && typeof d.name === 'string' && Array.isArray(d.values),
    )
  )
}
