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
}

/**
 * Validates a policy and reports its security weaknesses, each finding with a stable code, the
 * directive (and preset) it is about and a fix. Accepts what users write (object or string, which
 * is parsed first, with the parser's own findings) or a parsed Policy.
 */
export function lintPolicy(input: PolicyInput | Policy, options: LintOptions = {}): Diagnostic[] {
  const level = options.level ?? 'recommended'
  let policy: Policy
  const diagnostics: Diagnostic[] = []
  if (isPolicy(input)) policy = input
  else {
    const parsed = parsePolicy(input, {
      ...(options.option ? { option: options.option } : {}),
      ...(options.file ? { file: options.file } : {}),
    })
    policy = parsed.policy
    diagnostics.push(...parsed.diagnostics)
  }
  diagnostics.push(...validatePolicy(policy, options))
  if (level !== 'off')
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
