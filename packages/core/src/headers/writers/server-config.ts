import { diagnostic, type Diagnostic } from '../../diagnostics.js'
import { findBlock, replaceBlock, type MarkedText } from '../block.js'
import type { HeaderPair } from '../host-options.js'
import type { HeaderRule } from '../rules.js'
import type { WriterResult } from './headers-file.js'

/**
 * What nginx, Caddy and Apache config files share: cspkit owns a marked block (`#` comments in all
 * three), the user's lines around it are kept byte for byte, and a user part that the server would
 * not parse (unbalanced braces or sections) is refused with its line, the file left as it was.
 */
export interface ServerSyntax {
  /** Structure errors in the user's part, each naming its line. */
  readonly check: (user: string, userLines: readonly number[], file: string) => Diagnostic[]
  /** The header names the user's own lines set, with their lines. */
  readonly userHeaders: (user: string, userLines: readonly number[]) => { name: string; line: number }[]
}

/** The new file text: the user's part untouched, cspkit's block replaced (or appended). */
export function mergeServerConfig(
  existing: string | undefined,
  file: string,
  syntax: ServerSyntax,
  lines: readonly string[],
  owned: readonly string[],
): WriterResult {
  const marked = findBlock(existing ?? '', file)
  if ('code' in marked) return { text: undefined, diagnostics: [marked] }
  const errors = syntax.check(marked.user, marked.userLines, file)
  if (errors.length > 0) return { text: undefined, diagnostics: errors }
  return { text: replaceBlock(existing, marked, lines), diagnostics: userHeaderConflicts(marked, syntax, owned, file) }
}

function userHeaderConflicts(marked: MarkedText, syntax: ServerSyntax, owned: readonly string[], file: string): Diagnostic[] {
  const ownedLower = owned.map((o) => o.toLowerCase())
  return syntax
    .userHeaders(marked.user, marked.userLines)
    .filter((h) => ownedLower.includes(h.name.toLowerCase()))
    .map((h) =>
      diagnostic({
        code: 'HEADERS_USER_RULE_CONFLICT',
        file: `${file}:${h.line}`,
        message: `Your line sets ${h.name}, which cspkit also sets, so the responses it applies to get two values (for a CSP, two policies enforced together).`,
        fix: `Remove ${h.name} from your line and configure it in cspkit's options instead.`,
      }),
    )
}

/** Braces outside quoted strings and `#` comments must balance (nginx, Caddyfile). */
export function checkBraces(user: string, userLines: readonly number[], file: string, server: string): Diagnostic[] {
  const open: number[] = []
  for (const [i, raw] of user.split('\n').entries()) {
    const lineNo = userLines[i] ?? i + 1
    let quote: string | undefined
    for (let j = 0; j < raw.length; j++) {
      const c = raw[j]!
      if (quote) {
        if (c === '\\') j++
        else if (c === quote) quote = undefined
        continue
      }
      if (c === '"' || c === "'" || (c === '`' && server === 'Caddy')) quote = c
      else if (c === '#' && (j === 0 || /\s/.test(raw[j - 1]!))) break
      else if (c === '{') open.push(lineNo)
      else if (c === '}' && open.pop() === undefined) return [structureError(file, lineNo, `a '}' without a matching '{'`, server)]
    }
  }
  if (open.length > 0) return [structureError(file, open[open.length - 1]!, `a '{' that is never closed`, server)]
  return []
}

export function structureError(file: string, line: number, what: string, server: string): Diagnostic {
  return diagnostic({
    code: 'HEADERS_FILE_UNREADABLE',
    file: `${file}:${line}`,
    message: `${file} has ${what} at line ${line}, which ${server} would refuse, so cspkit cannot merge its block safely; the file was left as it was.`,
    fix: `Fix line ${line} of ${file} (or delete the file), then build again.`,
  })
}

/** Headers every URL gets, and per header name the page URLs that get their own value. */
export interface ServerRules {
  /** Site headers no page replaces, in order. */
  readonly fixed: readonly HeaderPair[]
  /** Per replaced header: the site value (undefined: none) and each page's URLs and value. */
  readonly varying: readonly { readonly name: string; readonly site: string | undefined; readonly pages: readonly { readonly urls: readonly string[]; readonly value: string }[] }[]
}

/**
 * Turns the plan's rules into exclusive ones: each page URL gets its page's value, every other URL
 * the site's, so no URL can get two. URLs are decoded (the servers match decoded paths) and each is
 * kept once (two pages with the same policy may share a URL form).
 */
export function serverRules(rules: readonly HeaderRule[]): ServerRules {
  const site = rules.find((r) => r.scope === 'site')?.headers ?? []
  const pageRules = rules.filter((r) => r.scope === 'page')
  const names = [...new Set(pageRules.flatMap((r) => r.headers.map(([n]) => n)))]
  const varying = names.map((name) => {
    const seen = new Set<string>()
    const pages = pageRules.flatMap((r) => {
      const value = r.headers.find(([n]) => n === name)?.[1]
      if (value === undefined) return []
      const urls = r.urls.map(decodePath).filter((u) => !seen.has(u) && (seen.add(u), true))
      return urls.length > 0 ? [{ urls, value }] : []
    })
    return { name, site: site.find(([n]) => n === name)?.[1], pages }
  })
  return { fixed: site.filter(([n]) => !names.includes(n)), varying }
}

function decodePath(url: string): string {
  try {
    return decodeURI(url)
  } catch {
    return url
  }
}

/** The first header value or URL a server's syntax cannot carry, as a HEADERS_VALUE_INVALID / HEADERS_URL_UNSUPPORTED error. */
export function unsafeInput(r: ServerRules, file: string, server: string, badValue: RegExp, badUrl: RegExp, why: string): Diagnostic | undefined {
  const values: HeaderPair[] = [...r.fixed, ...r.varying.flatMap((v) => [...(v.site !== undefined ? [[v.name, v.site] as const] : []), ...v.pages.map((p) => [v.name, p.value] as const)])]
  const value = values.find(([, v]) => badValue.test(v) || /[\r\n\u0000-\u001f\u007f]/.test(v))
  if (value)
    return diagnostic({
      code: 'HEADERS_VALUE_INVALID',
      file,
      message: `The ${value[0]} value contains a line break, a control character or ${why}, which ${server}'s config syntax would not pass through as written.`,
      fix: `Remove it from the policy or the headers options (encode it in the URL, e.g. %24 for $).`,
    })
  const url = r.varying.flatMap((v) => v.pages.flatMap((p) => p.urls)).find((u) => badUrl.test(u) || /[\u0000-\u001f\u007f]/.test(u))
  if (url)
    return diagnostic({
      code: 'HEADERS_URL_UNSUPPORTED',
      file,
      message: `The page URL '${url}' contains a character ${server}'s config cannot match literally (quotes, backslashes, control characters, or braces and % in some servers).`,
      fix: 'Rename the page without those characters.',
    })
  return undefined
}

/** A double-quoted string for nginx and the Caddyfile (backslash escapes). */
export function quoted(value: string): string {
  return `"${value.replace(/[\\"]/g, '\\$&')}"`
}
