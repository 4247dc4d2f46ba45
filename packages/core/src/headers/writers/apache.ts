import type { WriterInput, WriterResult } from './headers-file.js'
import { mergeServerConfig, serverRules, structureError, unsafeInput, type ServerRules, type ServerSyntax } from './server-config.js'

/**
 * Apache: `.htaccess` in the output folder (needs mod_headers and `AllowOverride FileInfo`). Site-wide
 * headers with `Header always set`; a header pages replace is set in an `<If>`/`<ElseIf>` chain on
 * `%{REQUEST_URI}` (the URIs Apache evaluates: `/about.html` also for `/about` with MultiViews, `/docs/` and `/docs/index.html`)
 * with the site value in `<Else>`, so each URL gets exactly one. `always` covers error responses too.
 */
export function writeApache(input: WriterInput): WriterResult {
  const r = serverRules(input.rules.map((rule) => ({ ...rule, urls: rule.urls.filter(isApacheUri) })))
  const bad = unsafeInput(r, input.file, 'Apache', /(?!)/, /['"\\%]/, 'a character Apache cannot carry')
  if (bad) return { text: undefined, diagnostics: [bad] }
  return mergeServerConfig(input.existing, input.file, APACHE_SYNTAX, renderApache(r), input.owned)
}

export function renderApache(r: ServerRules): string[] {
  const lines = ['# Apache: needs mod_headers, and AllowOverride FileInfo for this folder (or copy these lines into its <Directory>).']
  for (const [name, value] of r.fixed) lines.push(`Header always set ${name} ${apacheValue(value)}`)
  for (const v of r.varying) {
    for (const [j, page] of v.pages.entries()) {
      lines.push(`<${j === 0 ? 'If' : 'ElseIf'} "%{REQUEST_URI} in {${page.urls.map((u) => `'${u}'`).join(', ')}}">`)
      lines.push(`\tHeader always set ${v.name} ${apacheValue(page.value)}`, `</${j === 0 ? 'If' : 'ElseIf'}>`)
    }
    if (v.site !== undefined) lines.push('<Else>', `\tHeader always set ${v.name} ${apacheValue(v.site)}`, '</Else>')
  }
  return lines
}

/**
 * `%{REQUEST_URI}` is the URI Apache finally serves: MultiViews (or a rewrite) turns `/about` into
 * `/about.html` before the `<If>` is evaluated, and `/docs/` is evaluated as itself and again as
 * `/docs/index.html` after mod_dir; so the file paths and folder forms are the ones to list.
 */
function isApacheUri(url: string): boolean {
  return url.endsWith('/') || /\.[^/]*$/.test(url)
}

/** mod_headers reads values as format strings: `%` is doubled; quotes and backslashes escaped. */
function apacheValue(value: string): string {
  return `"${value.replace(/[\\"]/g, '\\$&').replace(/%/g, '%%')}"`
}

const APACHE_SYNTAX: ServerSyntax = {
  // Sections (<IfModule>, <Files>, <If> …) must nest: Apache answers 500 for the whole folder otherwise.
  check: (user, userLines, file) => {
    const open: { name: string; line: number }[] = []
    for (const [i, line] of user.split('\n').entries()) {
      const lineNo = userLines[i] ?? i + 1
      const m = /^\s*<(\/?)([A-Za-z][\w:]*)[^>]*>?\s*$/.exec(line)
      if (!m || /^\s*#/.test(line)) continue
      if (!line.trimEnd().endsWith('>')) return [structureError(file, lineNo, `a section line without its closing '>'`, 'Apache')]
      if (m[1] === '') open.push({ name: m[2]!, line: lineNo })
      else {
        const top = open.pop()
        if (!top || top.name.toLowerCase() !== m[2]!.toLowerCase())
          return [structureError(file, lineNo, `'</${m[2]}>' ${top ? `closing <${top.name}> from line ${top.line}` : 'without an opening section'}`, 'Apache')]
      }
    }
    const top = open.pop()
    return top ? [structureError(file, top.line, `a <${top.name}> section that is never closed`, 'Apache')] : []
  },
  userHeaders: (user, userLines) =>
    user.split('\n').flatMap((line, i) => {
      const m = /^\s*Header\s+(?:(?:always|onsuccess)\s+)?(?:set|append|add|merge|setifempty)\s+"?([^\s"]+)/i.exec(line)
      return m ? [{ name: m[1]!, line: userLines[i] ?? i + 1 }] : []
    }),
}

