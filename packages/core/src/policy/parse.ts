import { diagnostic, type Diagnostic } from '../diagnostics.js'
import { dedupe, freezePolicy, isSourceListDirective, type Directive, type Policy } from './model.js'
import { canonicalSource, isUnquotedKeyword } from './source.js'
import { showValue } from '../show-value.js'

/** Value of one directive in a policy object: sources as a list or one space-separated string; `true` for valueless directives. */
export type DirectiveValue = readonly string[] | string | boolean | null | undefined

/**
 * A policy as users write it: an object of directive → sources (kebab-case or camelCase keys), or a
 * policy string as it would appear in a header.
 */
export type PolicyInput = string | PolicyObject

export type KnownDirective =
  | 'default-src' | 'script-src' | 'script-src-elem' | 'script-src-attr' | 'style-src' | 'style-src-elem'
  | 'style-src-attr' | 'img-src' | 'font-src' | 'connect-src' | 'media-src' | 'object-src' | 'frame-src'
  | 'child-src' | 'worker-src' | 'manifest-src' | 'fenced-frame-src' | 'base-uri' | 'form-action'
  | 'frame-ancestors' | 'sandbox' | 'report-uri' | 'report-to' | 'upgrade-insecure-requests'
  | 'require-trusted-types-for' | 'trusted-types' | 'webrtc'

type Camel<S extends string> = S extends `${infer H}-${infer T}` ? `${H}${Capitalize<Camel<T>>}` : S

export type PolicyObject = { readonly [K in KnownDirective | Camel<KnownDirective>]?: DirectiveValue } & {
  readonly [directive: string]: DirectiveValue
}

export interface ParseResult {
  readonly policy: Policy
  readonly diagnostics: readonly Diagnostic[]
}

export interface ParseContext {
  /** Option path of the policy, e.g. `policy`, for diagnostics. */
  readonly option?: string
  /** File the policy came from (a page with a CSP meta), for diagnostics. */
  readonly file?: string
  readonly preset?: string
}

const ASCII_WS = /[\t\n\f\r ]+/
// Control characters, and the separators that would end the source, the directive or the policy early.
const FORBIDDEN_IN_TOKEN = /[\u0000-\u001f\u007f;,"]/

/** `scriptSrcElem` → `script-src-elem`; kebab-case (any letter case, as browsers compare it) is lower-cased. */
export function directiveName(key: string): string {
  if (key.includes('-')) return key.toLowerCase()
  return key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`).toLowerCase()
}

export function parsePolicy(input: PolicyInput, ctx: ParseContext = {}): ParseResult {
  return typeof input === 'string' ? parsePolicyString(input, ctx) : parsePolicyObject(input, ctx)
}

/** Parses a serialized policy (header or meta `content`). */
export function parsePolicyString(text: string, ctx: ParseContext = {}): ParseResult {
  const diagnostics: Diagnostic[] = []
  const where = { option: ctx.option, file: ctx.file, preset: ctx.preset }
  if (/[\r\n]/.test(text)) {
    diagnostics.push(
      diagnostic({
        code: 'POLICY_INJECTION',
        ...where,
        message: 'The policy string contains a line break, which would end the header early.',
        fix: 'Write the policy on one line, or pass it as an object of directive → sources.',
      }),
    )
    return { policy: freezePolicy([]), diagnostics }
  }
  if (text.includes(',')) {
    diagnostics.push(
      diagnostic({
        code: 'POLICY_SYNTAX',
        ...where,
        message: `The policy contains ",", which makes it two policies that browsers enforce together.`,
        fix: 'Separate directives with ";" and keep one policy per string.',
      }),
    )
    return { policy: freezePolicy([]), diagnostics }
  }
  const entries: [string, string[]][] = []
  for (const part of text.split(';')) {
    const tokens = part.trim().split(ASCII_WS).filter(Boolean)
    if (tokens.length === 0) continue
    const [name, ...values] = tokens as [string, ...string[]]
    entries.push([name, values])
  }
  return build(entries, ctx, diagnostics)
}

function parsePolicyObject(input: PolicyObject, ctx: ParseContext): ParseResult {
  const diagnostics: Diagnostic[] = []
  const entries: [string, string[], string][] = []
  if (input === null || typeof input !== 'object' || Array.isArray(input)) {
    diagnostics.push(
      diagnostic({
        code: 'OPTION_INVALID',
        option: ctx.option,
        file: ctx.file,
        message: `The policy must be an object of directive → sources or a policy string, got ${describe(input)}.`,
        fix: `Pass e.g. { 'default-src': ["'self'"] } or "default-src 'self'".`,
      }),
    )
    return { policy: freezePolicy([]), diagnostics }
  }
  for (const [key, value] of Object.entries(input)) {
    const option = ctx.option ? `${ctx.option}.${key}` : key
    if (value === false || value === null || value === undefined) continue
    if (value === true) entries.push([key, [], option])
    else if (typeof value === 'string') entries.push([key, value.split(ASCII_WS).filter(Boolean), option])
    else if (Array.isArray(value) && value.every((v) => typeof v === 'string'))
      entries.push([key, value.flatMap((v: string) => v.split(ASCII_WS).filter(Boolean)), option])
    else
      diagnostics.push(
        diagnostic({
          code: 'OPTION_INVALID',
          option,
          file: ctx.file,
          preset: ctx.preset,
          message: `Directive '${directiveName(key)}' must be a list of source strings, one string, or true, got ${describe(value)}.`,
          fix: `Write e.g. ${key}: ["'self'", 'https://cdn.example.com'].`,
        }),
      )
  }
  return build(
    entries.map(([k, v]) => [k, v]),
    ctx,
    diagnostics,
    entries.map(([, , o]) => o),
  )
}

function build(
  entries: [string, string[]][],
  ctx: ParseContext,
  diagnostics: Diagnostic[],
  optionPaths?: string[],
): ParseResult {
  const directives: Directive[] = []
  entries.forEach(([rawName, rawValues], i) => {
    const option = optionPaths?.[i] ?? ctx.option
    const where = { option, file: ctx.file, preset: ctx.preset }
    const name = directiveName(rawName)
    if (!/^[a-z0-9-]+$/.test(name)) {
      diagnostics.push(
        diagnostic({
          code: 'POLICY_SYNTAX',
          ...where,
          directive: rawName,
          message: `'${rawName}' is not a directive name (letters, digits and "-" only).`,
          fix: 'Check the spelling, e.g. script-src, style-src, img-src.',
        }),
      )
      return
    }
    if (directives.some((d) => d.name === name)) {
      diagnostics.push(
        diagnostic({
          code: 'POLICY_DUPLICATE_DIRECTIVE',
          ...where,
          directive: name,
          message: `'${name}' appears twice; browsers use the first and ignore the second, so the policy that runs is not the one written.`,
          fix: `Merge the sources of both '${name}' entries into one.`,
        }),
      )
      return
    }
    const values: string[] = []
    for (const token of rawValues) {
      if (FORBIDDEN_IN_TOKEN.test(token)) {
        diagnostics.push(
          diagnostic({
            code: 'POLICY_INJECTION',
            ...where,
            directive: name,
            message: `Source ${showValue(token)} in '${name}' contains a control character, ";", "," or a double quote, which would change the policy's structure.`,
            fix: 'Remove the character; give each source as its own list item.',
          }),
        )
        continue
      }
      const foreign = /[^\x21-\x7e]/u.exec(token)
      if (foreign) {
        // Browsers match sources in ASCII (a host in its xn-- form), and U+2028 or a non-Latin-1 character makes Node.js and the hosts reject the header.
        diagnostics.push(
          diagnostic({
            code: 'POLICY_INVALID_SOURCE',
            ...where,
            directive: name,
            message: `Source ${showValue(token)} in '${name}' contains ${showValue(foreign[0])} (U+${foreign[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}), which is not printable ASCII: browsers ignore such a source, and a header holding it is refused (Node.js rejects characters above U+00FF) or sent as other bytes.`,
            fix: 'Write host names in their ASCII (xn--) form and percent-encode other characters in paths.',
          }),
        )
        continue
      }
      if (isSourceListDirective(name) && isUnquotedKeyword(token)) {
        diagnostics.push(
          diagnostic({
            code: 'POLICY_UNQUOTED_KEYWORD',
            ...where,
            directive: name,
            message: `'${name}' has ${token} without single quotes; browsers read it as a host named "${token}" (did you mean '${token.toLowerCase()}'?).`,
            fix: `Write "'${token.toLowerCase()}'" (with the single quotes inside the string).`,
          }),
        )
        continue
      }
      values.push(isSourceListDirective(name) ? canonicalSource(token) : token)
    }
    directives.push({ name, values: dedupe(values) })
  })
  return { policy: freezePolicy(directives), diagnostics }
}

function describe(value: unknown): string {
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'an array with non-string items'
  return typeof value === 'object' ? 'an object' : `${typeof value} ${showValue(value)}`
}
