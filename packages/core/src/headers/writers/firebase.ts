import type { JSONPath } from 'jsonc-parser'
import { diagnostic, type Diagnostic } from '../../diagnostics.js'
import type { HeaderRule } from '../rules.js'
import type { VercelRouting } from '../routes.js'
import { leftAsIs, type WriterInput, type WriterResult } from './headers-file.js'
import { arrayValues, escapeRegExpPath, keepBom, looksLikeCspkit, ownedBy, parseJsonConfig, spliceJsonArrayEdges, type ParsedJson } from './json-edit.js'
import { ruleFingerprint } from '../owned-record.js'
import { siteFirstPagesLast } from './later-rule-wins.js'
import { legacyRuleWarnings, platformRuleOutcomes } from '../platform-outcomes.js'
import { readFirebaseJson } from '../read.js'

/** firebase-tools reads firebase.json with cjson: comments allowed, BOM characters removed, then JSON.parse (the last duplicate key wins). */
export const FIREBASE_JSON = { title: 'Firebase', bom: 'stripped' } as const

interface FirebaseHeaderRule {
  source?: string
  regex?: string
  headers: { key: string; value: string }[]
}

/** The `hosting` entry cspkit edits: the object, or the array element named by `headers.firebase.target`. */
export function firebaseHosting(parsed: ParsedJson, file: string, target: string | undefined): { path: JSONPath; hosting: Record<string, unknown> } | Diagnostic {
  const hosting = parsed.config.hosting
  if (typeof hosting === 'object' && hosting !== null && !Array.isArray(hosting)) return { path: ['hosting'], hosting: hosting as Record<string, unknown> }
  if (Array.isArray(hosting)) {
    const named = (h: unknown) => typeof h === 'object' && h !== null && target !== undefined && ((h as Record<string, unknown>).target === target || (h as Record<string, unknown>).site === target)
    const index = target === undefined && hosting.length === 1 ? 0 : hosting.findIndex(named)
    if (index !== -1 && typeof hosting[index] === 'object' && hosting[index] !== null) return { path: ['hosting', index], hosting: hosting[index] as Record<string, unknown> }
    const names = hosting.map((h) => (h as Record<string, unknown>)?.target ?? (h as Record<string, unknown>)?.site).filter((n) => typeof n === 'string')
    return diagnostic({
      code: 'HEADERS_FILE_UNREADABLE',
      file,
      option: 'headers.firebase.target',
      message: `"hosting" in ${file} lists ${hosting.length} sites and ${target === undefined ? 'headers.firebase.target is not set' : `none has target or site '${target}'`}, so cspkit cannot tell which one serves this build; the file was left as it was.`,
      fix: `Set headers.firebase.target to one of: ${names.map((n) => `'${String(n)}'`).join(', ') || '(give each entry a "target")'}.`,
    })
  }
  return diagnostic({
    code: 'HEADERS_FILE_UNREADABLE',
    file,
    message: `${file} has no "hosting" section, so Firebase Hosting would serve nothing from it; the file was left as it was.`,
    fix: 'Run `firebase init hosting` (it writes "hosting" with "public"), then build again.',
  })
}

/** cleanUrls / trailingSlash as Firebase will apply them: the file wins over the plugin's fallback settings. */
export function firebaseRouting(hosting: Record<string, unknown> | undefined, fallback: { cleanUrls: boolean | undefined; trailingSlash: boolean | undefined }): VercelRouting {
  return {
    cleanUrls: typeof hosting?.cleanUrls === 'boolean' ? hosting.cleanUrls : (fallback.cleanUrls ?? false),
    trailingSlash: typeof hosting?.trailingSlash === 'boolean' ? hosting.trailingSlash : fallback.trailingSlash,
  }
}

/**
 * firebase.json `hosting.headers` (HOSTS.md 5): every matching rule applies and the later one wins
 * per header, so cspkit's site rule (`**`) goes before the user's rules and each page's rule (an
 * exact `regex` over the URLs it is served at) after them. cspkit's rules are the ones its last build
 * recorded (owned-record.ts) or identical to one it writes now: firebase-tools' cjson would accept a
 * comment marker, but the Firebase console and other tools rewrite firebase.json as plain JSON, and
 * the record works the same for every host. Every other rule stays byte for byte, and what Firebase
 * sends where one sets a header of cspkit's is reported. A BOM stays (cjson strips it).
 */
export function writeFirebaseJson(input: WriterInput, target?: string): WriterResult {
  if (input.existing === undefined || input.existing.trim() === '')
    return leftAsIs(input.file, `There is no ${input.file}, so cspkit has no Firebase Hosting site to add headers to.`, 'Run `firebase init hosting` in the project root (or point headers.firebase.configPath at your firebase.json), then build again.')
  // firebase-tools reads firebase.json with cjson: comments allowed, every BOM character removed.
  const parsed = parseJsonConfig(input.existing, input.file, true, FIREBASE_JSON)
  if ('code' in parsed) return { text: undefined, diagnostics: [parsed] }
  const site = firebaseHosting(parsed, input.file, target)
  if ('code' in site) return { text: undefined, diagnostics: [site] }
  if (site.hosting.headers !== undefined && !Array.isArray(site.hosting.headers))
    return leftAsIs(input.file, `"headers" in ${input.file}'s hosting is not an array; the file was left as it was.`, 'Make "headers" an array of { "source", "headers": [{ "key", "value" }] } rules.')
  const { head, tail } = siteFirstPagesLast(input.rules, firebaseRule)
  const rules = [...head, ...tail]
  const path = [...site.path, 'headers']
  const isOurs = ownedBy(input.ownedRecord, rules)
  const text = keepBom(input.existing, (t) => spliceJsonArrayEdges(t, path, isOurs, head, tail))
  const written = ownedBy(undefined, rules)
  const values = arrayValues(text, path)
  const origin = (i: number) => `${input.file} hosting.headers[${i}]`
  const ours = new Set(values.flatMap((v, i) => (written(v) ? [origin(i)] : [])))
  const ownedLower = input.owned.map((o) => o.toLowerCase())
  const legacy = input.ownedRecord ? [] : values.flatMap((v, i) => (!written(v) && looksLikeCspkit(headerKeys(v), ownedLower) ? [origin(i)] : []))
  const diagnostics = [
    ...legacyRuleWarnings(legacy, input.file),
    ...platformRuleOutcomes({
      read: readFirebaseJson(text.replace(/^\ufeff/, ''), input.file, { cleanUrls: undefined, trailingSlash: undefined, target }),
      isOurs: (o) => ours.has(o),
      hostTitle: 'Firebase Hosting',
      file: input.file,
      owned: input.owned,
      pageUrls: input.pageUrls ?? [],
      hadRecord: input.ownedRecord !== undefined,
    }),
  ]
  return { text, diagnostics, ownedRecord: rules.map((r) => ruleFingerprint(r)) }
}

function headerKeys(value: unknown): string[] {
  const headers = (value as { headers?: unknown })?.headers
  return Array.isArray(headers) ? headers.map((h: { key?: unknown }) => (typeof h?.key === 'string' ? h.key : '')) : []
}

function firebaseRule(rule: HeaderRule): FirebaseHeaderRule {
  const headers = rule.headers.map(([key, value]) => ({ key, value }))
  if (rule.scope === 'site') return { source: '**', headers }
  // superstatic matches the raw (percent-encoded) path; an exact regex needs no glob escaping.
  const urls = rule.urls.map(escapeRegExpPath)
  return { regex: urls.length === 1 ? `^${urls[0]}$` : `^(?:${urls.join('|')})$`, headers }
}
