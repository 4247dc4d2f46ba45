import type { Node, ParseError } from 'jsonc-parser'
import { jsonc } from '../../lazy.js'
import { diagnostic, type Diagnostic } from '../../diagnostics.js'
import { limitDiagnostic, VERCEL_MAX_RULES, VERCEL_MAX_VALUE } from '../limits.js'
import type { HeaderRule } from '../rules.js'
import type { VercelRouting } from '../routes.js'
import { leftAsIs, type WriterInput, type WriterResult } from './headers-file.js'

interface VercelHeaderRule {
  source: string
  headers: { key: string; value: string }[]
}

type Parsed = { root: Node; config: Record<string, unknown> }

/**
 * Parses an existing vercel.json strictly (Vercel reads it with JSON.parse: no comments, no trailing
 * commas); an error names the line and column.
 */
export function parseVercelJson(text: string, file: string): Parsed | Diagnostic {
  const errors: ParseError[] = []
  const { parseTree, getNodeValue, printParseErrorCode } = jsonc()
  const root = parseTree(text, errors, { disallowComments: true, allowTrailingComma: false })
  const first = errors[0]
  if (first || !root) {
    const offset = first?.offset ?? 0
    const before = text.slice(0, offset).split('\n')
    const where = `${file}:${before.length}:${before[before.length - 1]!.length + 1}`
    return diagnostic({
      code: 'HEADERS_FILE_UNREADABLE',
      file: where,
      message: `${file} is not valid JSON (${first ? printParseErrorCode(first.error) : 'empty'} at line ${before.length}); the file was left as it was.`,
      fix: `Fix the JSON at ${where}, then build again.`,
    })
  }
  const config = getNodeValue(root) as unknown
  if (typeof config !== 'object' || config === null || Array.isArray(config))
    return diagnostic({
      code: 'HEADERS_FILE_UNREADABLE',
      file,
      message: `${file} must hold a JSON object; the file was left as it was.`,
      fix: 'Make the file an object such as { "headers": [] }.',
    })
  return { root, config: config as Record<string, unknown> }
}

/** cleanUrls / trailingSlash as Vercel will apply them: vercel.json wins over the plugin's fallback settings. */
export function vercelRouting(config: Record<string, unknown> | undefined, fallback: { cleanUrls: boolean | undefined; trailingSlash: boolean | undefined }): VercelRouting {
  const cleanUrls = typeof config?.cleanUrls === 'boolean' ? config.cleanUrls : (fallback.cleanUrls ?? false)
  const trailingSlash = typeof config?.trailingSlash === 'boolean' ? config.trailingSlash : fallback.trailingSlash
  return { cleanUrls, trailingSlash }
}

/**
 * vercel.json `headers`, edited surgically: the user's rules and every other key, comment-free
 * formatting and order stay; cspkit's rules are recognised by their content (the schema forbids a
 * marker property): a rule whose headers are all cspkit's and which sets the CSP or has a source
 * cspkit writes. They go last, site rule first, so page rules override it (later routes win).
 */
export function writeVercelJson(input: WriterInput): WriterResult {
  const rules = input.rules.flatMap(vercelRules)
  const diagnostics: Diagnostic[] = []
  const overLimit = vercelLimit(rules, 0, input.file)
  if (input.existing === undefined || input.existing.trim() === '') {
    if (overLimit) return { text: undefined, diagnostics, overLimit }
    return { text: `${JSON.stringify({ headers: rules }, null, 2)}\n`, diagnostics }
  }
  const parsed = parseVercelJson(input.existing, input.file)
  if ('code' in parsed) return { text: undefined, diagnostics: [parsed] }
  const { config } = parsed
  if (config.routes !== undefined)
    return leftAsIs(input.file, `${input.file} uses the legacy "routes", which Vercel refuses next to "headers"; the file was left as it was.`, 'Move "routes" to "rewrites", "redirects" and "headers" (Vercel documents the mapping), then build again.')
  if (config.headers !== undefined && !Array.isArray(config.headers))
    return leftAsIs(input.file, `"headers" in ${input.file} is not an array; the file was left as it was.`, 'Make "headers" an array of { "source", "headers" } rules.')
  const existing = (config.headers ?? []) as unknown[]
  const ownedLower = input.owned.map((o) => o.toLowerCase())
  const ourSources = new Set(rules.map((r) => r.source))
  const isOurs = (rule: unknown): boolean => {
    if (typeof rule !== 'object' || rule === null) return false
    const r = rule as Record<string, unknown>
    if (typeof r.source !== 'string' || !Array.isArray(r.headers) || Object.keys(r).some((k) => k !== 'source' && k !== 'headers')) return false
    const keys = (r.headers as { key?: unknown }[]).map((h) => (typeof h?.key === 'string' ? h.key.toLowerCase() : ''))
    return keys.length > 0 && keys.every((k) => ownedLower.includes(k)) && (keys.some((k) => k.startsWith('content-security-policy')) || ourSources.has(r.source))
  }
  const oldOurs = existing.filter(isOurs)
  const userRules = existing.filter((r) => !isOurs(r))
  diagnostics.push(...userConflicts(userRules, ownedLower, input.file))
  const limit = vercelLimit(rules, userRules.length, input.file)
  if (limit) return { text: undefined, diagnostics, overLimit: limit }
  if (JSON.stringify(oldOurs) === JSON.stringify(rules) && existing.slice(-oldOurs.length).every(isOurs))
    return { text: input.existing, diagnostics }

  return { text: spliceHeaders(input.existing, parsed.root, existing.map(isOurs), rules), diagnostics }
}

/**
 * Rewrites only cspkit's part of the text: its rules go after the user's last rule, each user rule
 * keeps its exact text (jsonc-parser's formatter would reflow the neighbouring lines).
 */
function spliceHeaders(text: string, root: Node, ours: readonly boolean[], rules: readonly VercelHeaderRule[]): string {
  const eol = text.includes('\r\n') ? '\r\n' : '\n'
  const unit = /\n([ \t]+)\S/.exec(text)?.[1] ?? '  '
  const headersProp = root.children?.find((c) => c.children?.[0]?.value === 'headers')
  const lineIndent = (offset: number) => /[ \t]*$/.exec(text.slice(text.lastIndexOf('\n', offset - 1) + 1, offset))![0]
  const render = (indent: string) => rules.map((r) => indent + JSON.stringify(r, null, unit).split('\n').join(eol + indent))
  if (!headersProp) {
    const props = root.children ?? []
    const last = props[props.length - 1]
    const propIndent = last ? lineIndent(last.offset) : unit
    const array = `[${eol}${render(propIndent + unit).join(`,${eol}`)}${eol}${propIndent}]`
    const insertion = `${eol}${propIndent}"headers": ${array}`
    if (last) return text.slice(0, last.offset + last.length) + ',' + insertion + text.slice(last.offset + last.length)
    const close = root.offset + root.length - 1
    return text.slice(0, root.offset + 1) + insertion + eol + text.slice(close)
  }
  const array = headersProp.children![1]!
  const elements = array.children ?? []
  const propIndent = lineIndent(headersProp.offset)
  const itemIndent = elements[0] ? lineIndent(elements[0].offset) : propIndent + unit
  const kept = elements.filter((_, i) => !ours[i])
  const oursAtTail = elements.every((_, i) => !ours[i] || elements.slice(i).every((__, j) => ours[i + j]))
  const items = render(itemIndent)
  if (kept.length === 0 || !oursAtTail) {
    // Rebuild the array: the user's rules verbatim, then cspkit's.
    const all = [...kept.map((e) => itemIndent + text.slice(e.offset, e.offset + e.length)), ...items]
    const body = all.length > 0 ? `${eol}${all.join(`,${eol}`)}${eol}${propIndent}` : ''
    return text.slice(0, array.offset) + `[${body}]` + text.slice(array.offset + array.length)
  }
  const lastUser = kept[kept.length - 1]!
  const from = lastUser.offset + lastUser.length
  const lastElement = elements[elements.length - 1]!
  const to = lastElement.offset + lastElement.length
  const insertion = items.length > 0 ? `,${eol}${items.join(`,${eol}`)}` : ''
  return text.slice(0, from) + insertion + text.slice(to)
}

function vercelRules(rule: HeaderRule): VercelHeaderRule[] {
  const sources = rule.scope === 'site' ? ['/(.*)'] : rule.urls.map(vercelSource)
  return sources.map((source) => ({ source, headers: rule.headers.map(([key, value]) => ({ key, value })) }))
}

/** A literal path as a path-to-regexp 6 source: its pattern characters escaped. */
export function vercelSource(path: string): string {
  return path.replace(/[()[\]{}:*+?\\]/g, (c) => `\\${c}`)
}

function vercelLimit(rules: readonly VercelHeaderRule[], userRules: number, file: string): Diagnostic | undefined {
  if (rules.length + userRules > VERCEL_MAX_RULES)
    return limitDiagnostic(file, `Vercel accepts at most ${VERCEL_MAX_RULES} header rules, and this site needs ${rules.length} (plus ${userRules} of yours).`)
  const long = rules.flatMap((r) => r.headers).find((h) => h.value.length > VERCEL_MAX_VALUE)
  if (long) return limitDiagnostic(file, `Vercel rejects header values over ${VERCEL_MAX_VALUE} characters, and a ${long.key} value is ${long.value.length}.`)
  return undefined
}

function userConflicts(rules: readonly unknown[], ownedLower: readonly string[], file: string): Diagnostic[] {
  const out: Diagnostic[] = []
  for (const rule of rules) {
    const r = rule as { source?: unknown; headers?: { key?: unknown }[] }
    for (const h of Array.isArray(r?.headers) ? r.headers : []) {
      if (typeof h?.key !== 'string' || !ownedLower.includes(h.key.toLowerCase())) continue
      out.push(
        diagnostic({
          code: 'HEADERS_USER_RULE_CONFLICT',
          file,
          message: `Your vercel.json rule for '${String(r.source)}' sets ${h.key}, which cspkit also sets; the later rule wins on Vercel, so one of them is lost.`,
          fix: `Remove ${h.key} from that rule and configure it in cspkit's options instead.`,
        }),
      )
    }
  }
  return out
}
