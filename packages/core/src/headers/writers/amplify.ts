import { yaml } from '../../lazy.js'
import { diagnostic, type Diagnostic } from '../../diagnostics.js'
import type { HeaderRule } from '../rules.js'
import { leftAsIs, type WriterInput, type WriterResult } from './headers-file.js'
import { onlyKeys } from './json-edit.js'

interface AmplifyHeaderRule {
  pattern: string
  headers: { key: string; value: string }[]
}

/**
 * AWS Amplify Hosting `customHttp.yml` `customHeaders` (HOSTS.md 5): `pattern` is a glob on the URL
 * path, and Amplify documents no precedence between patterns that match one URL, so the plan gives
 * every URL each header from one rule only (the site rule `**` for what all pages share, one exact
 * path rule per page URL for its policy). The user's YAML (comments, other rules, other keys) is
 * edited as a document, not re-printed from data; cspkit's rules are recognised by their content.
 */
export function writeAmplifyCustomHttp(input: WriterInput): WriterResult {
  const rules = input.rules.flatMap(amplifyRules)
  const { parseDocument, isSeq, isMap } = yaml()
  const doc = parseDocument(input.existing?.trim() ? input.existing : 'customHeaders: []\n', { prettyErrors: true })
  const error = doc.errors[0]
  if (error) {
    const line = error.linePos?.[0]
    const where = line ? `${input.file}:${line.line}:${line.col}` : input.file
    return leftAsIs(where, `${input.file} is not valid YAML (${error.message.split('\n')[0]}); the file was left as it was.`, `Fix the YAML at ${where}, then build again.`)
  }
  if (!isMap(doc.contents))
    return leftAsIs(input.file, `${input.file} must be a YAML mapping with "customHeaders"; the file was left as it was.`, 'Make the file a mapping such as customHeaders: [].')
  if (doc.has('applications'))
    return leftAsIs(input.file, `${input.file} uses "applications" (a monorepo), which cspkit does not edit; the file was left as it was.`, "Add cspkit's rules to your app's customHeaders by hand (see the README's host table), or use a customHttp.yml per app.")
  const seq = doc.get('customHeaders', true)
  if (seq !== undefined && !isSeq(seq))
    return leftAsIs(input.file, `"customHeaders" in ${input.file} is not a list; the file was left as it was.`, 'Make "customHeaders" a list of { pattern, headers } rules.')
  const ownedLower = input.owned.map((o) => o.toLowerCase())
  const ourPatterns = new Set(rules.map((r) => r.pattern))
  const isOurs = (value: unknown): boolean => {
    if (!onlyKeys(value, ['pattern', 'headers']) || !Array.isArray(value.headers)) return false
    const keys = (value.headers as { key?: unknown }[]).map((h) => (typeof h?.key === 'string' ? h.key.toLowerCase() : ''))
    return keys.length > 0 && keys.every((k) => ownedLower.includes(k)) && (keys.some((k) => k.startsWith('content-security-policy')) || ourPatterns.has(value.pattern as string))
  }
  const items = seq && isSeq(seq) ? seq.items : []
  const values = items.map((item) => (item && typeof (item as { toJSON?: unknown }).toJSON === 'function' ? (item as { toJSON(): unknown }).toJSON() : item))
  const diagnostics: Diagnostic[] = values.flatMap((v, i) => (isOurs(v) ? [] : conflicts(v, i, ownedLower, input.file)))
  const oldOurs = values.filter(isOurs)
  if (input.existing?.trim() && JSON.stringify(oldOurs) === JSON.stringify(rules) && values.slice(values.length - oldOurs.length).every(isOurs))
    return { text: input.existing, diagnostics }
  const kept = items.filter((_, i) => !isOurs(values[i]))
  // No anchors: the URL forms of one page share their headers, and Amplify's parser need not resolve aliases.
  const next = doc.createNode([...rules], { aliasDuplicateObjects: false })
  const list = seq && isSeq(seq) ? seq : doc.createNode([])
  list.items = [...kept, ...next.items]
  // An empty flow list `[]` stays in flow style otherwise: rules read better as a block list.
  list.flow = false
  doc.set('customHeaders', list)
  return { text: doc.toString({ lineWidth: 0 }), diagnostics }
}

function amplifyRules(rule: HeaderRule): AmplifyHeaderRule[] {
  const headers = rule.headers.map(([key, value]) => ({ key, value }))
  // `**` matches every path, `/` included (`**/*` needs at least one segment under glob rules).
  return (rule.scope === 'site' ? ['**'] : rule.urls).map((pattern) => ({ pattern, headers }))
}

function conflicts(rule: unknown, index: number, ownedLower: readonly string[], file: string): Diagnostic[] {
  const r = rule as { pattern?: unknown; headers?: { key?: unknown }[] }
  return (Array.isArray(r?.headers) ? r.headers : [])
    .filter((h) => typeof h?.key === 'string' && ownedLower.includes(h.key.toLowerCase()))
    .map((h) =>
      diagnostic({
        code: 'HEADERS_USER_RULE_CONFLICT',
        file: `${file} customHeaders[${index}]`,
        message: `Your rule for '${String(r.pattern)}' sets ${String(h.key)}, which cspkit also sets, and Amplify documents no order between matching patterns: the URLs both match may get either value.`,
        fix: `Remove ${String(h.key)} from that rule and configure it in cspkit's headers options instead.`,
      }),
    )
}
