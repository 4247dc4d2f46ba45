/**
 * Validation: the parts of a policy browsers would ignore or misread. Every finding is an error
 * (or a warning for what is legal but almost surely unintended), named by directive and source.
 * Parse-time checks (line breaks, ";" "," and quotes inside sources, unquoted keywords, duplicate
 * directives) live in policy/parse.ts and are not repeated here.
 */
import { diagnostic, type Diagnostic, type DiagnosticCode } from '../diagnostics.js'
import { closest } from '../options.js'
import { classifySource } from '../policy/source.js'
import type { Directive, Policy } from '../policy/model.js'
import { CURRENT_DIRECTIVE_NAMES, DIRECTIVES, SANDBOX_TOKENS, SCRIPT_DIRECTIVES, STYLE_DIRECTIVES } from './directives.js'
import { checkSourceExpression } from './sources.js'

export interface ValidateContext {
  /** Option path of the policy, e.g. `policy`; each finding gets `policy.<directive>`. */
  readonly option?: string
  /** File the policy came from (e.g. `index.html:3` for a page's own CSP meta). */
  readonly file?: string
  /** Which preset contributed a source, so a finding about it names the preset. */
  readonly origin?: (directive: string, source: string) => string | undefined
}

/** Keywords and source kinds that only script and style checks consult; elsewhere browsers ignore them. */
const SCRIPT_STYLE_ONLY_KEYWORDS = [
  "'unsafe-inline'",
  "'unsafe-eval'",
  "'unsafe-hashes'",
  "'strict-dynamic'",
  "'report-sample'",
  "'wasm-unsafe-eval'",
  "'inline-speculation-rules'",
  "'trusted-types-eval'",
  "'report-sha256'",
  "'report-sha384'",
  "'report-sha512'",
]
const CONSULTS_INLINE = new Set(['default-src', ...SCRIPT_DIRECTIVES, ...STYLE_DIRECTIVES])

export function validatePolicy(policy: Policy, ctx: ValidateContext = {}): Diagnostic[] {
  return policy.directives.flatMap((d) => validateDirective(d, ctx))
}

function validateDirective(d: Directive, ctx: ValidateContext): Diagnostic[] {
  const out: Diagnostic[] = []
  const report = (code: DiagnosticCode, message: string, fix: string, source?: string) =>
    out.push(
      diagnostic({
        code,
        message,
        fix,
        directive: d.name,
        ...(ctx.file ? { file: ctx.file } : {}),
        ...(ctx.option ? { option: `${ctx.option}.${d.name}` } : {}),
        ...presetOf(ctx, d.name, source),
      }),
    )
  const info = DIRECTIVES.get(d.name)
  if (!info) {
    const suggestion = closest(d.name, CURRENT_DIRECTIVE_NAMES)
    report(
      'POLICY_UNKNOWN_DIRECTIVE',
      `'${d.name}' is not a CSP directive; browsers ignore it and everything in it.`,
      suggestion ? `Did you mean '${suggestion}'?` : `Check the spelling; directives are e.g. script-src, style-src, img-src, connect-src.`,
    )
    return out
  }
  if (info.deprecated) {
    report('POLICY_DEPRECATED_DIRECTIVE', `'${d.name}' is deprecated and current browsers ignore it.`, `Remove '${d.name}'. ${info.deprecated}`)
    return out
  }
  const values = d.values
  switch (info.kind) {
    case 'source-list': {
      if (values.length === 0) {
        report(
          'POLICY_EMPTY_DIRECTIVE',
          `'${d.name}' has no sources, which blocks everything it governs, like 'none'.`,
          `Write '${d.name}': ["'none'"] if that is the intent, or list the sources it should allow.`,
        )
        break
      }
      if (values.includes("'none'") && values.length > 1)
        report(
          'POLICY_NONE_WITH_SOURCES',
          `'${d.name}' has 'none' next to other sources; browsers then ignore 'none' and allow the others.`,
          `Keep either "'none'" alone or only the other sources in '${d.name}'.`,
          "'none'",
        )
      for (const token of values) {
        const problem = checkSourceExpression(token, d.name)
        if (problem) {
          report(problem.code, problem.message, problem.fix, token)
          continue
        }
        const kind = classifySource(token)
        const scriptStyleOnly =
          SCRIPT_STYLE_ONLY_KEYWORDS.includes(token.toLowerCase()) || kind === 'hash' || kind === 'nonce'
        if (scriptStyleOnly && !CONSULTS_INLINE.has(d.name))
          report(
            'POLICY_KEYWORD_IGNORED',
            `'${d.name}' has ${token}, which only script and style directives use; browsers ignore it here.`,
            `Move ${token} to script-src or style-src, or remove it from '${d.name}'.`,
            token,
          )
      }
      break
    }
    case 'none':
      if (values.length > 0)
        report('POLICY_INVALID_VALUE', `'${d.name}' takes no value, but has ${values.join(' ')}.`, `Write '${d.name}': true (or "${d.name};" in a policy string).`)
      break
    case 'sandbox':
      for (const token of values) {
        if (SANDBOX_TOKENS.includes(token.toLowerCase())) continue
        const suggestion = closest(token, SANDBOX_TOKENS)
        report(
          'POLICY_INVALID_VALUE',
          `'sandbox' has ${token}, which is not a sandbox flag; browsers ignore it.`,
          suggestion ? `Did you mean '${suggestion}'?` : `Use flags such as allow-scripts, allow-forms, allow-same-origin.`,
          token,
        )
      }
      break
    case 'report-uri':
      if (values.length === 0) report('POLICY_INVALID_VALUE', `'report-uri' has no URL.`, `Give the URL that receives reports, e.g. 'report-uri': ['/csp-reports'].`)
      for (const token of values)
        if (token.startsWith("'"))
          report('POLICY_INVALID_VALUE', `'report-uri' has ${token}; it takes URLs, not keywords.`, `Write the URL without quotes, e.g. /csp-reports.`, token)
      break
    case 'report-to':
      if (values.length !== 1 || !/^[A-Za-z0-9_.-]+$/.test(values[0]!))
        report(
          'POLICY_INVALID_VALUE',
          `'report-to' must name exactly one reporting endpoint, got ${values.length ? values.join(' ') : 'nothing'}.`,
          `Write one endpoint name defined in the Reporting-Endpoints header, e.g. 'report-to': 'csp-endpoint'.`,
        )
      break
    case 'trusted-types':
      if (values.includes("'none'") && values.length > 1)
        report('POLICY_INVALID_VALUE', `'trusted-types' has 'none' next to policy names.`, `Keep either "'none'" alone or the policy names.`, "'none'")
      for (const token of values) {
        if (token === "'none'" || token === "'allow-duplicates'" || token === '*') continue
        if (/^[A-Za-z0-9\-#=_/@.%]+$/.test(token)) continue
        report(
          'POLICY_INVALID_VALUE',
          `'trusted-types' has ${token}, which is neither a policy name nor 'none', 'allow-duplicates' or *.`,
          `Use policy names made of letters, digits and -#=_/@.% , or "'allow-duplicates'".`,
          token,
        )
      }
      break
    case 'require-trusted-types-for':
      if (values.length !== 1 || values[0] !== "'script'")
        report(
          values.some((v) => v === 'script') ? 'POLICY_UNQUOTED_KEYWORD' : 'POLICY_INVALID_VALUE',
          `'require-trusted-types-for' must be 'script' (with single quotes), got ${values.length ? values.join(' ') : 'nothing'}.`,
          `Write 'require-trusted-types-for': ["'script'"].`,
        )
      break
    case 'webrtc':
      if (values.length !== 1 || (values[0] !== "'allow'" && values[0] !== "'block'"))
        report(
          values.some((v) => v === 'allow' || v === 'block') ? 'POLICY_UNQUOTED_KEYWORD' : 'POLICY_INVALID_VALUE',
          `'webrtc' must be 'allow' or 'block' (with single quotes), got ${values.length ? values.join(' ') : 'nothing'}.`,
          `Write webrtc: ["'block'"] or webrtc: ["'allow'"].`,
        )
      break
    case 'tokens':
      break
  }
  return out
}

export function presetOf(
  ctx: { readonly origin?: ValidateContext['origin'] },
  directive: string,
  source: string | undefined,
): { preset?: string } {
  const preset = source === undefined ? undefined : ctx.origin?.(directive, source)
  return preset ? { preset } : {}
}
