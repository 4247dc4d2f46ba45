import { applyEdits, modify, parseTree, getNodeValue, printParseErrorCode, type FormattingOptions, type Node, type ParseError } from 'jsonc-parser'
import { diagnostic, type Diagnostic } from '../../diagnostics.js'
import { limitDiagnostic, VERCEL_MAX_RULES, VERCEL_MAX_VALUE } from '../limits.js'
import type { HeaderRule } from '../rules.js'
import type { VercelRouting } from '../routes.js'
import type { WriterInput, WriterResult } from './headers-file.js'

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
    return {
      text: undefined,
      diagnostics: [
        diagnostic({
          code: 'HEADERS_FILE_UNREADABLE',
          file: input.file,
          message: `${input.file} uses the legacy "routes", which Vercel refuses next to "headers"; the file was left as it was.`,
          fix: 'Move "routes" to "rewrites", "redirects" and "headers" (Vercel documents the mapping), then build again.',
        }),
      ],
    }
  if (config.headers !== undefined && !Array.isArray(config.headers))
    return {
      text: undefined,
      diagnostics: [
        diagnostic({
          code: 'HEADERS_FILE_UNREADABLE',
          file: input.file,
          message: `"headers" in ${input.file} is not an array; the file was left as it was.`,
          fix: 'Make "headers" an array of { "source", "headers" } rules.',
        }),
      ],
    }
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

  const formatting = detectFormatting(input.existing)
  let text = input.existing
  if (config.headers === undefined) {
    text = applyEdits(text, modify(text, ['headers'], rules, { formattingOptions: formatting }))
  } else {
    for (let i = existing.length - 1; i >= 0; i--) {
      if (isOurs(existing[i])) text = applyEdits(text, modify(text, ['headers', i], undefined, { formattingOptions: formatting }))
    }
    for (const rule of rules)
      text = applyEdits(text, modify(text, ['headers', -1], rule, { formattingOptions: formatting, isArrayInsertion: true }))
  }
  return { text, diagnostics }
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

function detectFormatting(text: string): FormattingOptions {
  const indent = /\n([ \t]+)\S/.exec(text)?.[1] ?? '  '
  return {
    insertSpaces: !indent.startsWith('\t'),
    tabSize: indent.startsWith('\t') ? 1 : indent.length,
    eol: text.includes('\r\n') ? '\r\n' : '\n',
  }
}
