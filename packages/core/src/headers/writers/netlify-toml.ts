import { toml } from '../../lazy.js'
import { diagnostic, type Diagnostic } from '../../diagnostics.js'
import { findBlock, replaceBlock } from '../block.js'
import type { HeaderRule } from '../rules.js'
import { leftAsIs, type WriterInput, type WriterResult } from './headers-file.js'
import { readNetlifyToml } from '../read.js'
import { outcomes } from '../user-outcomes.js'

/**
 * `netlify.toml` `[[headers]]` tables in a marked block; the rest of the file is kept byte for byte,
 * and the result is parsed again (with smol-toml, Netlify's own parser) before it is accepted.
 */
export function writeNetlifyToml(input: WriterInput): WriterResult {
  const existing = input.existing ?? ''
  const marked = findBlock(existing, input.file)
  if ('code' in marked) return { text: undefined, diagnostics: [marked] }
  try {
    toml().parse(existing)
  } catch (error) {
    return { text: undefined, diagnostics: [tomlError(error, input.file, 'is not valid TOML')] }
  }
  const lines = renderNetlifyToml(input.rules)
  const text = replaceBlock(input.existing, marked, lines)
  let after: Record<string, unknown>
  try {
    after = toml().parse(text) as Record<string, unknown>
  } catch (error) {
    return {
      text: undefined,
      diagnostics: [
        tomlError(
          error,
          input.file,
          'cannot take [[headers]] tables',
          'Write your headers as [[headers]] tables (not headers = [ … ]), or use hosts: [\'netlify\'] to get a _headers file instead.',
        ),
      ],
    }
  }
  // Keys after the block (no table header of their own) would land in cspkit's last table.
  const expected = input.rules.flatMap((r) => tomlRules(r))
  const all = Array.isArray(after.headers) ? (after.headers as unknown[]) : []
  const present = new Set(all.map((rule) => JSON.stringify(rule)))
  if (!expected.every((e) => present.has(JSON.stringify(e))))
    return leftAsIs(input.file, `Content after cspkit's block in ${input.file} would be read as part of its last [[headers]] table; the file was left as it was.`, "Put a table header (e.g. [build]) before your settings that follow cspkit's block, or move the block to the end of the file.")
  const diagnostics = userTomlDiagnostics(marked.user, input)
  const at0 = input.pageUrls ? all.map((rule) => JSON.stringify(rule)).findIndex((_, k, keys) => expected.every((e, j) => keys[k + j] === JSON.stringify(e))) : -1
  if (input.pageUrls && at0 >= 0) {
    // cspkit's tables are the run of `expected` in the merged file; every other table is the user's.
    const keys = all.map((rule) => JSON.stringify(rule))
    const wanted = expected.map((e) => JSON.stringify(e))
    const at = keys.findIndex((_, k) => wanted.every((w, j) => keys[k + j] === w))
    const read = readNetlifyToml(text, input.file)
    const ownIndex = (origin: string) => Number(/#(\d+)$/.exec(origin)?.[1] ?? 0) - 1
    const user = read.rules
      .filter((r) => !(ownIndex(r.origin) >= at && ownIndex(r.origin) < at + wanted.length))
      .map((r) => ({ path: r.pattern, headers: r.set.map(([name]) => ({ name, where: `${input.file} [[headers]] for = '${r.pattern}'` })) }))
    diagnostics.push(...outcomes({ read, isOurs: (o) => ownIndex(o) >= at && ownIndex(o) < at + wanted.length, rules: user, owned: input.owned, pageUrls: input.pageUrls, dialect: 'netlify' }))
  }
  return { text, diagnostics }
}

function tomlRules(rule: HeaderRule): { for: string; values: Record<string, string> }[] {
  const paths = rule.scope === 'site' ? ['/*'] : rule.urls
  return paths.map((path) => ({ for: path, values: Object.fromEntries(rule.headers) }))
}

export function renderNetlifyToml(rules: readonly HeaderRule[]): string[] {
  const lines: string[] = []
  for (const rule of rules) {
    for (const t of tomlRules(rule)) {
      lines.push('[[headers]]', `  for = ${tomlString(t.for)}`, '  [headers.values]')
      for (const [name, value] of Object.entries(t.values)) lines.push(`    ${tomlKey(name)} = ${tomlString(value)}`)
    }
  }
  return lines
}

/** A TOML basic string: JSON's escapes are a subset of TOML's for the one-line values written here. */
function tomlString(value: string): string {
  return JSON.stringify(value).replace(/\u007f/g, '\\u007f')
}

function tomlKey(name: string): string {
  return /^[A-Za-z0-9_-]+$/.test(name) ? name : tomlString(name)
}

function tomlError(error: unknown, file: string, what: string, fix?: string): Diagnostic {
  const position = error instanceof toml().TomlError ? { line: error.line, column: error.column } : undefined
  const reason = error instanceof Error ? error.message.split('\n')[0]!.replace(/^Invalid TOML document: /, '') : String(error)
  return diagnostic({
    code: 'HEADERS_FILE_UNREADABLE',
    file: position ? `${file}:${position.line}:${position.column}` : file,
    message: `${file} ${what} (${reason}); the file was left as it was.`,
    fix: fix ?? `Fix the TOML in ${file}${position ? ` at line ${position.line}, column ${position.column}` : ''}, then build again.`,
  })
}

/** The user's own [[headers]]: one setting a header cspkit owns doubles it; a multi-line CSP crashes netlify dev. */
function userTomlDiagnostics(user: string, input: WriterInput): Diagnostic[] {
  const out: Diagnostic[] = []
  const owned = input.owned.map((o) => o.toLowerCase())
  let parsed: { headers?: unknown }
  try {
    parsed = toml().parse(user) as { headers?: unknown }
  } catch {
    return out
  }
  const rules = (Array.isArray(parsed.headers) ? parsed.headers : []) as { for?: string; values?: Record<string, unknown> }[]
  for (const rule of rules) {
    for (const [name, value] of Object.entries(rule.values ?? {})) {
      if (typeof value === 'string' && /content-security-policy/i.test(name) && /[\r\n]/.test(value))
        out.push(
          diagnostic({
            code: 'HEADERS_VALUE_INVALID',
            file: input.file,
            message: `Your [[headers]] rule for '${rule.for}' has a multi-line ${name}; Netlify keeps the line breaks and netlify dev fails on it.`,
            fix: 'Write the value on one line.',
          }),
        )
      if (!input.pageUrls && owned.includes(name.toLowerCase()))
        out.push(
          diagnostic({
            code: 'HEADERS_USER_RULE_CONFLICT',
            file: input.file,
            message: `Your [[headers]] rule for '${rule.for}' sets ${name}, which cspkit also sets; on Netlify the later rule wins, so one of them is lost.`,
            fix: `Remove ${name} from your rule and configure it in cspkit's options instead.`,
          }),
        )
    }
  }
  return out
}
