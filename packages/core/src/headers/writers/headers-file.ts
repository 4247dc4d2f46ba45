import { diagnostic, type Diagnostic } from '../../diagnostics.js'
import { findBlock, replaceBlock } from '../block.js'
import type { HeaderRule } from '../rules.js'
import { userRuleOutcomes } from '../user-outcomes.js'

/** What a writer makes of the rules and the file already there. */
export interface WriterResult {
  /** The new file text; undefined when the file must stay as it is (see diagnostics). */
  readonly text: string | undefined
  readonly diagnostics: readonly Diagnostic[]
  /** Set when the rules do not fit the host's limits (the plan may retry with another strategy). */
  readonly overLimit?: Diagnostic
  /** More files of the same host (nginx: the `add_header` include next to the `map` one), same location. */
  readonly companions?: readonly { readonly fileName: string; readonly text: string }[]
  /**
   * Formats without a place for a marker (vercel.json): fingerprints of the rules cspkit wrote, kept
   * in a record next to the file (plan.ts) and passed back as `WriterInput.ownedRecord` next build.
   */
  readonly ownedRecord?: readonly string[]
}

/** The file must stay as it is: one HEADERS_FILE_UNREADABLE error saying why and how to fix it. */
export function leftAsIs(file: string, message: string, fix: string): WriterResult {
  return { text: undefined, diagnostics: [diagnostic({ code: 'HEADERS_FILE_UNREADABLE', file, message, fix })] }
}

export interface WriterInput {
  readonly rules: readonly HeaderRule[]
  /** The existing file's text, if there is one. */
  readonly existing: string | undefined
  /** How to name the file in messages, e.g. `public/_headers`. */
  readonly file: string
  /** Header names cspkit writes; a user rule setting one of them is reported. */
  readonly owned: readonly string[]
  /** The host's second file, when it has one (nginx), with its existing text. */
  readonly companion?: { readonly file: string; readonly existing: string | undefined }
  /** Every URL the site's pages are served at on this host (for reporting what a user rule overrides). */
  readonly pageUrls?: readonly string[]
  /** What the last build recorded as its own rules (see WriterResult.ownedRecord); undefined when there is no record. */
  readonly ownedRecord?: readonly string[]
}

/** A user rule from the part of a `_headers` file outside cspkit's block. */
export interface UserRule {
  readonly path: string
  readonly line: number
  readonly headers: readonly { name: string; line: number }[]
}

export type Dialect = 'netlify' | 'cloudflare'

/**
 * Reads the user's part of a `_headers` file the way the host's parser does and reports what that
 * parser rejects or silently misreads, each with its line (HOSTS.md 1.1, 2.1).
 */
export function parseUserHeaders(user: string, userLines: readonly number[], file: string, dialect: Dialect): { rules: UserRule[]; errors: Diagnostic[] } {
  const rules: UserRule[] = []
  const errors: Diagnostic[] = []
  const fail = (line: number, message: string, fix: string) =>
    errors.push(diagnostic({ code: 'HEADERS_FILE_UNREADABLE', file: `${file}:${line}`, message: `${message}; the file was left as it was.`, fix }))
  let current: { path: string; line: number; headers: { name: string; line: number }[] } | undefined
  for (const [i, raw] of user.split('\n').entries()) {
    const lineNo = userLines[i] ?? i + 1
    const line = raw.trim()
    if (line === '' || line.startsWith('#')) continue
    if (dialect === 'cloudflare' && line.length > 2000) {
      fail(lineNo, `Line ${lineNo} of ${file} is ${line.length} characters; Cloudflare ignores lines over 2,000`, 'Shorten the line (split the rule, or move long values elsewhere).')
      continue
    }
    const isPath = dialect === 'cloudflare' ? /^([^\s]+:\/\/|\/)/.test(line) : line.startsWith('/')
    if (isPath) {
      if (dialect === 'cloudflare' && !line.startsWith('/') && !line.startsWith('https://'))
        fail(lineNo, `Cloudflare accepts only relative paths or https:// URLs as rule lines, got '${line}'`, 'Use a path such as /docs/* or an https:// URL.')
      current = { path: line, line: lineNo, headers: [] }
      rules.push(current)
      continue
    }
    if (dialect === 'netlify' && /^[a-z][a-z0-9+.-]*:\/\//i.test(line)) {
      fail(lineNo, `Netlify does not read '${line}' as a rule: it becomes a header named '${line.split(':')[0]}' on the rule above`, 'Use a path starting with / (absolute URLs are Cloudflare syntax).')
      continue
    }
    const colon = line.indexOf(':')
    if (colon === -1) {
      if (dialect === 'cloudflare' && !line.startsWith('! '))
        fail(lineNo, `'${line}' is neither a rule path, a 'Name: value' header nor a '! Name' detach line`, 'Write headers as Name: value under a path line.')
      continue
    }
    const name = line.slice(0, colon).trim()
    const value = line.slice(colon + 1).trim()
    if (!current) fail(lineNo, `The header '${name}' comes before any path line`, 'Put a path line such as /* above it.')
    else if (name === '' || value === '') fail(lineNo, `A header line needs a name and a value, got '${line}'`, 'Write it as Name: value, or delete it.')
    else if (dialect === 'cloudflare' && /\s/.test(name)) fail(lineNo, `Cloudflare rejects the header name '${name}' (it contains a space)`, 'Remove the space from the header name.')
    else current.headers.push({ name, line: lineNo })
  }
  return { rules, errors }
}

/** Warns about user rules that set a header cspkit owns: the URLs they match get it twice. */
export function userConflicts(rules: readonly UserRule[], owned: readonly string[], file: string): Diagnostic[] {
  const ownedLower = owned.map((o) => o.toLowerCase())
  const out: Diagnostic[] = []
  for (const rule of rules) {
    for (const h of rule.headers) {
      if (!ownedLower.includes(h.name.toLowerCase())) continue
      out.push(
        diagnostic({
          code: 'HEADERS_USER_RULE_CONFLICT',
          file: `${file}:${h.line}`,
          message: `Your rule '${rule.path}' sets ${h.name}, which cspkit also sets, so the URLs it matches get two values (for a CSP, two policies enforced together).`,
          fix: `Remove ${h.name} from your rule and configure it in cspkit's options instead.`,
        }),
      )
    }
  }
  return out
}

/** Merges rendered rule lines into a `_headers` file: the user's lines stay, cspkit's block is replaced. */
export function mergeHeadersFile(
  input: WriterInput,
  dialect: Dialect,
  render: (rules: readonly HeaderRule[]) => string[],
): WriterResult & { userRuleCount: number } {
  const existing = input.existing ?? ''
  const marked = findBlock(existing, input.file)
  if ('code' in marked) return { text: undefined, diagnostics: [marked], userRuleCount: 0 }
  const parsed = parseUserHeaders(marked.user, marked.userLines, input.file, dialect)
  if (parsed.errors.length > 0) return { text: undefined, diagnostics: parsed.errors, userRuleCount: parsed.rules.length }
  const lines = render(input.rules)
  const bad = lines.find((l) => /[\r\n\u0000]/.test(l))
  if (bad !== undefined)
    return {
      text: undefined,
      userRuleCount: parsed.rules.length,
      diagnostics: [
        diagnostic({
          code: 'HEADERS_VALUE_INVALID',
          file: input.file,
          message: 'A header value contains a line break, which would split the rule.',
          fix: 'Remove line breaks from policy values and header options.',
        }),
      ],
    }
  const samePath = dialect === 'cloudflare' ? cloudflareSamePathConflicts(parsed.rules, lines, input.file) : []
  if (samePath.length > 0) return { text: undefined, diagnostics: samePath, userRuleCount: parsed.rules.length }
  const text = replaceBlock(input.existing, marked, lines)
  return {
    text,
    diagnostics: input.pageUrls ? userRuleOutcomes(text, input.file, dialect, parsed.rules, input.owned, input.pageUrls) : userConflicts(parsed.rules, input.owned, input.file),
    userRuleCount: parsed.rules.length,
  }
}

/**
 * Cloudflare keeps one rule per path: a later rule for the same path replaces the earlier one in
 * its place (seen in `wrangler pages dev`). A user rule with the path of one of cspkit's would drop
 * either that page's policy or the user's headers, so it is an error, and the file is left alone.
 */
function cloudflareSamePathConflicts(user: readonly UserRule[], rendered: readonly string[], file: string): Diagnostic[] {
  const ours = new Set(rendered.filter((l) => !/^\s/.test(l)))
  return user
    .filter((rule) => ours.has(rule.path))
    .map((rule) =>
      diagnostic({
        code: 'HEADERS_USER_RULE_CONFLICT',
        severity: 'error',
        file: `${file}:${rule.line}`,
        message: `Your rule '${rule.path}' has the same path as a rule cspkit writes, and Cloudflare keeps only one rule per path: one of them would be dropped without a word.`,
        fix: `Move the headers of your '${rule.path}' rule to a wider pattern (e.g. '${rule.path.replace(/\/?$/, '')}*') or into cspkit's headers options, and remove that rule.`,
      }),
    )
}
