import type { JSONPath, Node, ParseError } from 'jsonc-parser'
import { jsonc } from '../../lazy.js'
import { diagnostic, type Diagnostic } from '../../diagnostics.js'
import { ruleFingerprint } from '../owned-record.js'
import { firstDuplicateKey, jsonDepthOver, lineColumn, MAX_JSON_DEPTH } from '../json-checks.js'

/**
 * Surgical edits of a host's JSON config (firebase.json, staticwebapp.config.json, Build Output
 * config.json, .netlify/v1/config.json): cspkit's entries are replaced, every other byte of the
 * user's text stays (the same approach as the vercel.json writer).
 */
export interface ParsedJson {
  readonly root: Node
  readonly config: Record<string, unknown>
}

/**
 * Parses the file as its host does: `comments` for hosts whose CLI reads JSON with comments
 * (firebase-tools uses cjson), strict JSON otherwise. An error names the line and column. Refused
 * (issue #14: what the host would read differently from us): a BOM where the host's JSON.parse
 * rejects one, nesting past MAX_JSON_DEPTH, a key twice in one object (JSON.parse keeps the last).
 */
export function parseJsonConfig(text: string, file: string, comments = false, host?: { title: string; bom: 'rejected' | 'stripped' }): ParsedJson | Diagnostic {
  if (text.charCodeAt(0) === 0xfeff) {
    if (host?.bom !== 'stripped')
      return diagnostic({
        code: 'HEADERS_FILE_BOM',
        file: `${file}:1:1`,
        message: `${file} starts with a byte-order mark, which ${host?.title ?? 'its host'} reads with JSON.parse and rejects; the file was left as it was.`,
        fix: `Save ${file} as UTF-8 without a BOM, then build again.`,
      })
    // The host strips it (firebase-tools' cjson): a space keeps every offset, and the writer puts the BOM back.
    text = ` ${text.slice(1)}`
  }
  const deep = jsonDepthOver(text)
  if (deep) {
    const at = lineColumn(text, deep.offset)
    return diagnostic({
      code: 'HEADERS_FILE_TOO_DEEP',
      file: `${file}:${at.line}:${at.column}`,
      message: `${file} nests arrays and objects more than ${MAX_JSON_DEPTH} levels deep (at line ${at.line}), which no setting of this file needs; the file was left as it was.`,
      fix: `Fix the nesting at ${file}:${at.line}:${at.column} (a missing closing bracket, or generated data that does not belong there), then build again.`,
    })
  }
  const errors: ParseError[] = []
  const { parseTree, getNodeValue, printParseErrorCode } = jsonc()
  const root = parseTree(text, errors, { disallowComments: !comments, allowTrailingComma: false })
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
  const duplicate = firstDuplicateKey(root)
  if (duplicate) {
    const at = lineColumn(text, duplicate.offset)
    return diagnostic({
      code: 'HEADERS_DUPLICATE_KEY',
      file: `${file}:${at.line}:${at.column}`,
      message: `${file} has the key "${duplicate.key}" twice in one object (again at line ${at.line}); ${host?.title ?? 'its host'} reads only the last one, so an edit to the first would never be deployed. The file was left as it was.`,
      fix: `Merge the two "${duplicate.key}" entries into one (keep the one you want ${host?.title ?? 'the host'} to read), then build again.`,
    })
  }
  const config = getNodeValue(root) as unknown
  if (typeof config !== 'object' || config === null || Array.isArray(config))
    return diagnostic({
      code: 'HEADERS_FILE_UNREADABLE',
      file,
      message: `${file} must hold a JSON object; the file was left as it was.`,
      fix: 'Make the file a JSON object, then build again.',
    })
  return { root, config: config as Record<string, unknown> }
}

function indentUnit(text: string): string {
  return /\n([ \t]+)\S/.exec(text)?.[1] ?? '  '
}

function eolOf(text: string): string {
  return text.includes('\r\n') ? '\r\n' : '\n'
}

/**
 * Sets one value (creating the parents), keeping the rest of the text byte for byte. A new member is
 * written on its own line after its object's last member, indented like it: jsonc-parser's `modify`
 * would reformat the neighbouring members too (firebase init's one-line `"ignore": [...]`).
 */
export function setJsonValue(text: string, path: JSONPath, value: unknown): string {
  const { modify, applyEdits, parseTree, findNodeAtLocation } = jsonc()
  const unit = indentUnit(text)
  const eol = eolOf(text)
  const root = parseTree(text, [], { allowTrailingComma: false })
  if (value !== undefined && root && !findNodeAtLocation(root, path)) {
    // The deepest object on the path that exists, and the members to create below it.
    let depth = path.length - 1
    while (depth > 0 && !findNodeAtLocation(root, path.slice(0, depth))) depth--
    const parent = depth === 0 ? root : findNodeAtLocation(root, path.slice(0, depth))!
    const key = path[depth]
    if (parent.type === 'object' && typeof key === 'string' && path.slice(depth + 1).every((k) => typeof k === 'string')) {
      const nested = path.slice(depth + 1).reduceRight<unknown>((inner, k) => ({ [k as string]: inner }), value)
      const members = parent.children ?? []
      const last = members[members.length - 1]
      const parentIndent = lineIndent(text, parent.offset)
      const indent = last ? lineIndent(text, last.offset) : parentIndent + unit
      const member = `${JSON.stringify(key)}: ${JSON.stringify(nested, null, unit).split('\n').join(eol + indent)}`
      if (last) return `${text.slice(0, last.offset + last.length)},${eol}${indent}${member}${text.slice(last.offset + last.length)}`
      const close = parent.offset + parent.length - 1
      return `${text.slice(0, parent.offset + 1)}${eol}${indent}${member}${eol}${parentIndent}${text.slice(close)}`
    }
  }
  const edits = modify(text, path, value, {
    formattingOptions: { insertSpaces: !unit.includes('\t'), tabSize: unit.includes('\t') ? 1 : unit.length, eol },
  })
  return applyEdits(text, edits)
}

/** The indentation of the line `offset` is on, up to it. */
function lineIndent(text: string, offset: number): string {
  return /[ \t]*$/.exec(text.slice(text.lastIndexOf('\n', offset - 1) + 1, offset))![0]
}

/**
 * The array at `path` with cspkit's elements (`ours[i]`) replaced by `items`, placed at the array's
 * `end` (later rules win) or `start` (first phase). The user's elements keep their exact text; the
 * array is created (with its parents) when missing.
 */
export function spliceJsonArray(text: string, path: JSONPath, isOurs: (value: unknown) => boolean, items: readonly unknown[], at: 'start' | 'end'): string {
  return at === 'end' ? spliceJsonArrayEdges(text, path, isOurs, [], items) : spliceJsonArrayEdges(text, path, isOurs, items, [])
}

/**
 * The array at `path` with cspkit's elements (`isOurs`) replaced by `head` before the user's
 * elements and `tail` after them. When the user's elements are one run (a rebuild: cspkit's at the
 * edges), that run's text stays byte for byte, separators included; otherwise the array is rebuilt
 * with each user element's text verbatim. The array is created (with its parents) when missing.
 */
export function spliceJsonArrayEdges(text: string, path: JSONPath, isOurs: (value: unknown) => boolean, head: readonly unknown[], tail: readonly unknown[]): string {
  const { parseTree, findNodeAtLocation, getNodeValue } = jsonc()
  let root = parseTree(text, [], { allowTrailingComma: false })!
  let array = findNodeAtLocation(root, path)
  if (!array || array.type !== 'array') {
    text = setJsonValue(text, path, [])
    root = parseTree(text, [], { allowTrailingComma: false })!
    array = findNodeAtLocation(root, path)!
  }
  const eol = eolOf(text)
  const unit = indentUnit(text)
  const elements = array.children ?? []
  const ours = elements.map((e) => isOurs(getNodeValue(e)))
  const propIndent = array.parent?.type === 'property' ? lineIndent(text, array.parent.offset) : ''
  const itemIndent = elements[0] ? lineIndent(text, elements[0].offset) : propIndent + unit
  const render = (items: readonly unknown[]) => items.map((item) => itemIndent + JSON.stringify(item, null, unit).split('\n').join(eol + itemIndent))
  const kept = elements.filter((_, i) => !ours[i])
  const first = ours.indexOf(false)
  const last = ours.lastIndexOf(false)
  if (kept.length > 0 && ours.slice(first, last + 1).every((o) => !o)) {
    const firstUser = elements[first]!
    const lastUser = elements[last]!
    const lastElement = elements[elements.length - 1]!
    // The later edit first, so the earlier offsets still hold.
    const after = tail.length > 0 ? `,${eol}${render(tail).join(`,${eol}`)}` : ''
    let out = text.slice(0, lastUser.offset + lastUser.length) + after + text.slice(lastElement.offset + lastElement.length)
    // The text before the first element already holds its line's indentation.
    const before = head.length > 0 ? `${render(head).join(`,${eol}`).slice(itemIndent.length)},${eol}${itemIndent}` : ''
    out = out.slice(0, elements[0]!.offset) + before + out.slice(firstUser.offset)
    return out
  }
  // Rebuild the array: cspkit's head, the user's elements verbatim, cspkit's tail.
  const all = [...render(head), ...kept.map((e) => itemIndent + text.slice(e.offset, e.offset + e.length)), ...render(tail)]
  const body = all.length > 0 ? `${eol}${all.join(`,${eol}`)}${eol}${propIndent}` : ''
  return text.slice(0, array.offset) + `[${body}]` + text.slice(array.offset + array.length)
}

/** Escapes a literal URL path for a regular expression (RE2 and JavaScript agree on these escapes). */
export function escapeRegExpPath(path: string): string {
  return path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}

/**
 * Which of a file's rules are cspkit's (issue #14): those the last build recorded (owned-record.ts)
 * or identical to one it writes now. Nothing else, however much it looks like cspkit's.
 */
export function ownedBy(record: readonly string[] | undefined, written: readonly unknown[]): (value: unknown) => boolean {
  const ours = new Set([...(record ?? []), ...written.map((w) => ruleFingerprint(w))])
  return (value) => ours.has(ruleFingerprint(value))
}

/** The BOM a host strips (firebase-tools), put back in front of the edited text so nothing else changes. */
export function keepBom(original: string, edit: (text: string) => string): string {
  return original.charCodeAt(0) === 0xfeff ? `\ufeff${edit(original.slice(1))}` : edit(original)
}

/** The elements of the array at `path` in `text` (empty when there is none), for telling which are cspkit's after an edit. */
export function arrayValues(text: string, path: JSONPath): unknown[] {
  const { parseTree, findNodeAtLocation, getNodeValue } = jsonc()
  const root = parseTree(text.charCodeAt(0) === 0xfeff ? ` ${text.slice(1)}` : text, [], { allowTrailingComma: false })
  const node = root && findNodeAtLocation(root, path)
  return node?.type === 'array' ? (node.children ?? []).map((c) => getNodeValue(c) as unknown) : []
}

/** What an older cspkit wrote and recognised by content: only cspkit's header names, a CSP among them. */
export function looksLikeCspkit(names: readonly string[], ownedLower: readonly string[]): boolean {
  const lower = names.map((n) => n.toLowerCase())
  return lower.length > 0 && lower.every((k) => ownedLower.includes(k)) && lower.some((k) => k.startsWith('content-security-policy'))
}
