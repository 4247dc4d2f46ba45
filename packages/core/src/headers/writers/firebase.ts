import type { JSONPath } from 'jsonc-parser'
import { diagnostic, type Diagnostic } from '../../diagnostics.js'
import type { HeaderRule } from '../rules.js'
import type { VercelRouting } from '../routes.js'
import { leftAsIs, type WriterInput, type WriterResult } from './headers-file.js'
import { escapeRegExpPath, onlyKeys, parseJsonConfig, spliceJsonArray, type ParsedJson } from './json-edit.js'

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
 * per header, so cspkit's rules go last, the site rule (`**`) first and each page's rule (an exact
 * `regex` over the URLs it is served at) after it. The user's rules and every other key stay as
 * written; cspkit's rules are recognised by their content (the schema allows no marker).
 */
export function writeFirebaseJson(input: WriterInput, target?: string): WriterResult {
  if (input.existing === undefined || input.existing.trim() === '')
    return leftAsIs(input.file, `There is no ${input.file}, so cspkit has no Firebase Hosting site to add headers to.`, 'Run `firebase init hosting` in the project root (or point headers.firebase.configPath at your firebase.json), then build again.')
  // firebase-tools reads firebase.json with comments allowed.
  const parsed = parseJsonConfig(input.existing, input.file, true)
  if ('code' in parsed) return { text: undefined, diagnostics: [parsed] }
  const site = firebaseHosting(parsed, input.file, target)
  if ('code' in site) return { text: undefined, diagnostics: [site] }
  if (site.hosting.headers !== undefined && !Array.isArray(site.hosting.headers))
    return leftAsIs(input.file, `"headers" in ${input.file}'s hosting is not an array; the file was left as it was.`, 'Make "headers" an array of { "source", "headers": [{ "key", "value" }] } rules.')
  const rules = input.rules.map(firebaseRule)
  const ownedLower = input.owned.map((o) => o.toLowerCase())
  const ourPatterns = new Set(rules.map((r) => r.source ?? r.regex))
  const isOurs = (value: unknown): boolean => {
    if (!onlyKeys(value, ['source', 'regex', 'headers']) || !Array.isArray(value.headers)) return false
    const keys = (value.headers as { key?: unknown }[]).map((h) => (typeof h?.key === 'string' ? h.key.toLowerCase() : ''))
    const pattern = value.source ?? value.regex
    return keys.length > 0 && keys.every((k) => ownedLower.includes(k)) && (keys.some((k) => k.startsWith('content-security-policy')) || ourPatterns.has(pattern as string))
  }
  const existing = (site.hosting.headers ?? []) as unknown[]
  const diagnostics = existing.flatMap((r, i) => (isOurs(r) ? [] : conflicts(r, i, ownedLower, input.file)))
  const text = spliceJsonArray(input.existing, [...site.path, 'headers'], isOurs, rules, 'end')
  return { text, diagnostics }
}

function firebaseRule(rule: HeaderRule): FirebaseHeaderRule {
  const headers = rule.headers.map(([key, value]) => ({ key, value }))
  if (rule.scope === 'site') return { source: '**', headers }
  // superstatic matches the raw (percent-encoded) path; an exact regex needs no glob escaping.
  const urls = rule.urls.map(escapeRegExpPath)
  return { regex: urls.length === 1 ? `^${urls[0]}$` : `^(?:${urls.join('|')})$`, headers }
}

function conflicts(rule: unknown, index: number, ownedLower: readonly string[], file: string): Diagnostic[] {
  const r = rule as { source?: unknown; glob?: unknown; regex?: unknown; headers?: { key?: unknown }[] }
  return (Array.isArray(r?.headers) ? r.headers : [])
    .filter((h) => typeof h?.key === 'string' && ownedLower.includes(h.key.toLowerCase()))
    .map((h) =>
      diagnostic({
        code: 'HEADERS_USER_RULE_CONFLICT',
        file: `${file} hosting.headers[${index}]`,
        message: `Your firebase.json rule for '${String(r.source ?? r.glob ?? r.regex)}' sets ${String(h.key)}, which cspkit also sets; Firebase applies the later rule (cspkit's), so your value is lost on the URLs both match.`,
        fix: `Remove ${String(h.key)} from that rule and configure it in cspkit's headers options instead.`,
      }),
    )
}
