import type { Node } from 'jsonc-parser'
import { diagnostic, type Diagnostic } from '../../diagnostics.js'
import { limitDiagnostic, VERCEL_MAX_RULES, VERCEL_MAX_VALUE } from '../limits.js'
import type { HeaderRule } from '../rules.js'
import type { VercelRouting } from '../routes.js'
import { vercelSourceRegExp } from '../read.js'
import { parseJsonConfig, spliceJsonArrayEdges } from './json-edit.js'
import { siteFirstPagesLast } from './later-rule-wins.js'
import { ownedRecordName, ruleFingerprint } from '../owned-record.js'
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
  return parseJsonConfig(text, file, false, { title: 'Vercel', bom: 'rejected' })
}

/** cleanUrls / trailingSlash as Vercel will apply them: vercel.json wins over the plugin's fallback settings. */
export function vercelRouting(config: Record<string, unknown> | undefined, fallback: { cleanUrls: boolean | undefined; trailingSlash: boolean | undefined }): VercelRouting {
  const cleanUrls = typeof config?.cleanUrls === 'boolean' ? config.cleanUrls : (fallback.cleanUrls ?? false)
  const trailingSlash = typeof config?.trailingSlash === 'boolean' ? config.trailingSlash : fallback.trailingSlash
  return { cleanUrls, trailingSlash }
}

/**
 * vercel.json `headers`, edited surgically: the user's rules and every other key, comment-free
 * formatting and order stay. The schema forbids a marker property, so cspkit's rules are the ones
 * its last build recorded (owned-record.ts: a fingerprint of each rule
 * exactly as written) or ones identical to a rule it writes now; any other rule is the user's and
 * stays byte for byte, even if it sets a header cspkit also sets (then the outcome is reported).
 * Later rules win per header: cspkit's site rule goes first and its page rules last (siteFirstPagesLast).
 */
export function writeVercelJson(input: WriterInput): WriterResult {
  const { head, tail } = siteFirstPagesLast(input.rules, vercelRules)
  const rules = [...head, ...tail]
  const diagnostics: Diagnostic[] = []
  const overLimit = vercelLimit(rules, 0, input.file)
  const written = rules.map((r) => ruleFingerprint(r))
  if (input.existing === undefined || input.existing.trim() === '') {
    if (overLimit) return { text: undefined, diagnostics, overLimit }
    return { text: `${JSON.stringify({ headers: rules }, null, 2)}\n`, diagnostics, ownedRecord: written }
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
  const recorded = new Set([...(input.ownedRecord ?? []), ...written])
  const isOurs = (rule: unknown): boolean => recorded.has(ruleFingerprint(rule))
  const oldOurs = existing.filter(isOurs)
  const userRules = existing.filter((r) => !isOurs(r))
  diagnostics.push(...userConflicts(userRules, input.rules, input.pageUrls ?? [], ownedLower, input.file, input.ownedRecord !== undefined))
  const limit = vercelLimit(rules, userRules.length, input.file)
  if (limit) return { text: undefined, diagnostics, overLimit: limit }
  const flags = existing.map(isOurs)
  const inPlace = flags.slice(0, head.length).every(Boolean) && flags.slice(existing.length - tail.length).every(Boolean) && flags.length === head.length + userRules.length + tail.length
  if (inPlace && JSON.stringify(oldOurs) === JSON.stringify(rules)) return { text: input.existing, diagnostics, ownedRecord: written }

  return { text: spliceJsonArrayEdges(input.existing, ['headers'], isOurs, head, tail), diagnostics, ownedRecord: written }
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

/**
 * The user's rules that set a header one of cspkit's rules sets for the same URL, with Vercel's
 * outcome (the later matching rule wins per header): cspkit's page rules come after the user's, so
 * at those pages the user's value is not sent; cspkit's site rule comes before them, so at a page
 * the user's rule matches (and no page rule of cspkit's covers) the user's value is sent instead of
 * the page's policy. A user rule for URLs that are no page (an API) simply wins: nothing to report.
 */
function userConflicts(rules: readonly unknown[], ours: readonly HeaderRule[], pageUrls: readonly string[], ownedLower: readonly string[], file: string, hadRecord: boolean): Diagnostic[] {
  const out: Diagnostic[] = []
  const note = hadRecord ? '' : ` (If an earlier cspkit wrote this rule, delete it: cspkit now records the rules it writes in ${ownedRecordName(file)}; commit that file with ${file}.)`
  for (const rule of rules) {
    const r = rule as { source?: unknown; headers?: { key?: unknown }[]; has?: unknown; missing?: unknown }
    if (typeof r?.source !== 'string') continue
    const conditional = r.has !== undefined || r.missing !== undefined
    const matcher = conditional ? undefined : vercelSourceRegExp(r.source)
    const matches = (url: string) => (matcher ? matcher.test(url) : true)
    const unsure = matcher ? '' : ` (cspkit cannot tell which URLs it matches: ${conditional ? 'it has "has"/"missing" conditions' : 'its pattern'}, so these are the URLs it may match)`
    for (const h of Array.isArray(r.headers) ? r.headers : []) {
      if (typeof h?.key !== 'string' || !ownedLower.includes(h.key.toLowerCase())) continue
      const key = h.key.toLowerCase()
      const sets = (o: HeaderRule) => o.headers.some(([name]) => name.toLowerCase() === key)
      const pageRules = ours.filter((o) => o.scope !== 'site' && sets(o))
      const covered = new Set(pageRules.flatMap((o) => o.urls))
      const overridden = [...covered].filter(matches)
      const site = ours.some((o) => o.scope === 'site' && sets(o))
      const wins = site ? pageUrls.filter((u) => !covered.has(u) && matches(u)) : []
      const say = (message: string, fix: string) => out.push(diagnostic({ code: 'HEADERS_USER_RULE_CONFLICT', file, message: `${message}${unsure}. cspkit kept your rule as it is.${note}`, fix }))
      if (overridden.length > 0)
        say(
          `Your vercel.json rule for '${r.source}' sets ${h.key}, and so do cspkit's rules for ${list(overridden)}, which come later: Vercel sends cspkit's ${h.key} there, so yours is not sent at those URLs`,
          `To send your own ${h.key} at those pages, leave them out of cspkit's pages (the include option) or set it through cspkit's options; otherwise narrow your rule's source or remove ${h.key} from it.`,
        )
      if (wins.length > 0)
        say(
          `Your vercel.json rule for '${r.source}' sets ${h.key} and comes after cspkit's site-wide rule: Vercel sends your ${h.key} at ${list(wins)}, not the policy cspkit made for ${wins.length === 1 ? 'that page' : 'those pages'}, so ${wins.length === 1 ? 'its' : 'their'} inline scripts and styles may be blocked`,
          `Narrow your rule's source so it matches no page, or remove ${h.key} from it and configure the policy in cspkit's options.`,
        )
    }
  }
  return out
}

function list(urls: readonly string[]): string {
  const shown = urls.slice(0, 3).map((u) => `'${u}'`).join(', ')
  return urls.length > 3 ? `${shown} and ${urls.length - 3} more` : shown
}

