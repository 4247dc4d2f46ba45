import { yaml } from '../../lazy.js'
import { diagnostic, type Diagnostic } from '../../diagnostics.js'
import type { HeaderRule } from '../rules.js'
import { leftAsIs, type WriterInput, type WriterResult } from './headers-file.js'
import { looksLikeCspkit, ownedBy } from './json-edit.js'
import { ruleFingerprint } from '../owned-record.js'
import { legacyRuleWarnings, platformRuleOutcomes } from '../platform-outcomes.js'
import { readAmplifyCustomHttp } from '../read.js'

interface AmplifyHeaderRule {
  pattern: string
  headers: { key: string; value: string }[]
}

/**
 * AWS Amplify Hosting `customHttp.yml` `customHeaders` (HOSTS.md 5): `pattern` is a glob on the URL
 * path, and Amplify documents no precedence between patterns that match one URL, so the plan gives
 * every URL each header from one rule only (the site rule `**` for what all pages share, one exact
 * path rule per page URL for its policy). The user's YAML (comments, other rules, other keys) is
 * edited as a document, not re-printed from data; cspkit's rules are the ones its last build recorded
 * (owned-record.ts) or identical to one it writes now. Refused: duplicate keys, anchors and aliases.
 */
export function writeAmplifyCustomHttp(input: WriterInput): WriterResult {
  const rules = input.rules.flatMap(amplifyRules)
  const { parseDocument, isSeq, isMap, visit } = yaml()
  // YAML allows a BOM and the yaml printer drops it: it is put back, so only cspkit's rules change.
  const bom = input.existing?.charCodeAt(0) === 0xfeff ? '\ufeff' : ''
  const source = input.existing?.trim() ? input.existing.slice(bom.length) : 'customHeaders: []\n'
  const doc = parseDocument(source, { prettyErrors: true })
  const error = doc.errors[0]
  if (error) {
    const line = error.linePos?.[0]
    const where = line ? `${input.file}:${line.line}:${line.col}` : input.file
    if (error.code === 'DUPLICATE_KEY')
      return {
        text: undefined,
        diagnostics: [
          diagnostic({
            code: 'HEADERS_DUPLICATE_KEY',
            file: where,
            message: `${input.file} has a key twice in one mapping (again at line ${line?.line ?? '?'}); YAML parsers disagree on which one counts (many keep the last), so an edit to either might never be deployed. The file was left as it was.`,
            fix: `Merge the two entries at ${where} into one, then build again.`,
          }),
        ],
      }
    return leftAsIs(where, `${input.file} is not valid YAML (${error.message.split('\n')[0]}); the file was left as it was.`, `Fix the YAML at ${where}, then build again.`)
  }
  // An anchor or alias makes one written node stand for several: editing a rule could change another one.
  let shared: { offset: number; what: string } | undefined
  visit(doc, {
    Alias(_, node) {
      shared ??= { offset: node.range?.[0] ?? 0, what: `the alias *${node.source}` }
    },
    Node(_, node) {
      if (node.anchor) shared ??= { offset: node.range?.[0] ?? 0, what: `the anchor &${node.anchor}` }
    },
  })
  if (shared) {
    const line = source.slice(0, shared.offset).split('\n').length
    return {
      text: undefined,
      diagnostics: [
        diagnostic({
          code: 'HEADERS_FILE_UNREADABLE',
          file: `${input.file}:${line}`,
          message: `${input.file} uses ${shared.what} (line ${line}); cspkit does not edit YAML whose nodes are shared, since changing one rule could change another, and Amplify need not resolve them as the yaml library does. The file was left as it was.`,
          fix: `Write the shared value out in each place (no & anchors or * aliases in ${input.file}), then build again.`,
        }),
      ],
    }
  }
  if (!isMap(doc.contents))
    return leftAsIs(input.file, `${input.file} must be a YAML mapping with "customHeaders"; the file was left as it was.`, 'Make the file a mapping such as customHeaders: [].')
  if (doc.has('applications'))
    return leftAsIs(input.file, `${input.file} uses "applications" (a monorepo), which cspkit does not edit; the file was left as it was.`, "Add cspkit's rules to your app's customHeaders by hand (see the README's host table), or use a customHttp.yml per app.")
  const seq = doc.get('customHeaders', true)
  if (seq !== undefined && !isSeq(seq))
    return leftAsIs(input.file, `"customHeaders" in ${input.file} is not a list; the file was left as it was.`, 'Make "customHeaders" a list of { pattern, headers } rules.')
  const ownedLower = input.owned.map((o) => o.toLowerCase())
  // cspkit's rules: the ones its last build recorded or identical to one it writes now (owned-record.ts).
  // A YAML comment could carry a marker, but the record keeps one rule for every host and survives editors that drop comments.
  const isOurs = ownedBy(input.ownedRecord, rules)
  const written = ownedBy(undefined, rules)
  const record = rules.map((r) => ruleFingerprint(r))
  const items = seq && isSeq(seq) ? seq.items : []
  const values = items.map((item) => (item && typeof (item as { toJSON?: unknown }).toJSON === 'function' ? (item as { toJSON(): unknown }).toJSON() : item))
  const oldOurs = values.filter(isOurs)
  let text: string
  if (input.existing?.trim() && JSON.stringify(oldOurs) === JSON.stringify(rules) && values.slice(values.length - oldOurs.length).every(isOurs)) text = input.existing
  else if (seq && isSeq(seq) && !seq.flow && values.some((v) => !isOurs(v)))
    text = bom + spliceUserText(source, seq.items as readonly { range?: [number, number, number] | null }[], values.map(isOurs), rules)
  else {
    const kept = items.filter((_, i) => !isOurs(values[i]))
    // No anchors: the URL forms of one page share their headers, and Amplify's parser need not resolve aliases.
    const next = doc.createNode([...rules], { aliasDuplicateObjects: false })
    const list = seq && isSeq(seq) ? seq : doc.createNode([])
    list.items = [...kept, ...next.items]
    // An empty flow list `[]` stays in flow style otherwise: rules read better as a block list.
    list.flow = false
    doc.set('customHeaders', list)
    text = bom + doc.toString({ lineWidth: 0 })
  }
  const read = readAmplifyCustomHttp(text.slice(bom.length), input.file)
  const finalValues = (yaml().parse(text.slice(bom.length)) as { customHeaders?: unknown[] } | null)?.customHeaders ?? []
  const origin = (i: number) => `${input.file} customHeaders[${i}]`
  const ours = new Set(finalValues.flatMap((v, i) => (written(v) ? [origin(i)] : [])))
  const legacy = input.ownedRecord ? [] : finalValues.flatMap((v, i) => (!written(v) && looksLikeCspkit(headerKeys(v), ownedLower) ? [origin(i)] : []))
  const diagnostics: Diagnostic[] = [
    ...legacyRuleWarnings(legacy, input.file),
    ...platformRuleOutcomes({ read, isOurs: (o) => ours.has(o), hostTitle: 'AWS Amplify Hosting', file: input.file, owned: input.owned, pageUrls: input.pageUrls ?? [], hadRecord: input.ownedRecord !== undefined }),
  ]
  return { text, diagnostics, ownedRecord: record }
}

/**
 * The list edited as text: cspkit's old items' lines removed, the user's items (comments and
 * spacing the yaml printer would normalise) and the text around the list byte for byte, cspkit's
 * rules printed after the line of the user's last item, at the list's indentation.
 */
function spliceUserText(source: string, items: readonly { range?: [number, number, number] | null }[], ours: readonly boolean[], rules: readonly AmplifyHeaderRule[]): string {
  const lineStart = (offset: number) => source.lastIndexOf('\n', offset - 1) + 1
  const lineEnd = (offset: number) => {
    const nl = source.indexOf('\n', offset)
    return nl === -1 ? source.length : nl + 1
  }
  const first = items[0]!.range![0]
  // An item's `- ` starts two columns before its content.
  const indent = ' '.repeat(Math.max(first - lineStart(first) - 2, 0))
  const { Document } = yaml()
  const printed = new Document([...rules], { aliasDuplicateObjects: false }).toString({ lineWidth: 0 })
  const body = rules.length > 0 ? `${printed.split('\n').filter((l) => l !== '').map((l) => indent + l).join('\n')}\n` : ''
  const lastUser = ours.lastIndexOf(false)
  let out = ''
  let cursor = 0
  for (const [i, item] of items.entries()) {
    const [start, valueEnd] = item.range!
    const end = lineEnd(valueEnd - 1)
    if (ours[i]) {
      out += source.slice(cursor, lineStart(start))
      cursor = end
    } else if (i === lastUser) {
      const kept = source.slice(cursor, end)
      out += `${kept}${kept.endsWith('\n') ? '' : '\n'}${body}`
      cursor = end
    }
  }
  return out + source.slice(cursor)
}

function headerKeys(value: unknown): string[] {
  const headers = (value as { headers?: unknown })?.headers
  return Array.isArray(headers) ? headers.map((h: { key?: unknown }) => (typeof h?.key === 'string' ? h.key : '')) : []
}

function amplifyRules(rule: HeaderRule): AmplifyHeaderRule[] {
  const headers = rule.headers.map(([key, value]) => ({ key, value }))
  // `**` matches every path, `/` included (`**/*` needs at least one segment under glob rules).
  return (rule.scope === 'site' ? ['**'] : rule.urls).map((pattern) => ({ pattern, headers }))
}
