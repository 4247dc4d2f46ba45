import type { WriterInput, WriterResult } from './headers-file.js'
import { checkBraces, mergeServerConfig, quoted, serverRules, unsafeInput, type ServerRules, type ServerSyntax } from './server-config.js'

/**
 * Caddy: a Caddyfile snippet to `import` in the site block. Site-wide headers in one `header` block;
 * each header a page replaces gets exclusive matchers (`path` for the page's URLs, `not path` for the
 * rest), so no URL gets two values whatever order Caddy runs the `header` handlers in. Caddy runs
 * `header` before `try_files` rewrites, so the matchers list every URL form a page is served at.
 */
export function writeCaddy(input: WriterInput): WriterResult {
  const r = serverRules(input.rules)
  // `{…}` is a placeholder in Caddyfile values and matchers.
  const bad = unsafeInput(r, input.file, 'Caddy', /[{}]/, /[\\"{}]/, "a '{' or '}' (Caddy reads {…} as a placeholder)")
  if (bad) return { text: undefined, diagnostics: [bad] }
  return mergeServerConfig(input.existing, input.file, CADDY_SYNTAX, renderCaddy(r), input.owned)
}

export function renderCaddy(r: ServerRules): string[] {
  const lines = ['# Caddy: import this file in the site block that serves the output folder, e.g. import cspkit.caddy']
  if (r.fixed.length > 0) lines.push('header {', ...r.fixed.map(([name, value]) => `\t${name} ${quoted(value)}`), '}')
  for (const [i, v] of r.varying.entries()) {
    const all = v.pages.flatMap((p) => p.urls)
    if (v.site !== undefined) lines.push(`@cspkit_${i}_site not path ${all.map(matcherPath).join(' ')}`, `header @cspkit_${i}_site ${v.name} ${quoted(v.site)}`)
    for (const [j, page] of v.pages.entries())
      lines.push(`@cspkit_${i}_page${j + 1} path ${page.urls.map(matcherPath).join(' ')}`, `header @cspkit_${i}_page${j + 1} ${v.name} ${quoted(page.value)}`)
  }
  return lines
}

function matcherPath(url: string): string {
  return /[\s"'`#]/.test(url) ? quoted(url) : url
}

const CADDY_SYNTAX: ServerSyntax = {
  check: (user, userLines, file) => checkBraces(user, userLines, file, 'Caddy'),
  userHeaders: (user, userLines) => {
    const out: { name: string; line: number }[] = []
    let inHeaderBlock = false
    for (const [i, line] of user.split('\n').entries()) {
      const lineNo = userLines[i] ?? i + 1
      if (inHeaderBlock) {
        if (/^\s*}/.test(line)) inHeaderBlock = false
        else {
          const m = /^\s*[+?>]?([A-Za-z][\w-]*)\s/.exec(line)
          if (m) out.push({ name: m[1]!, line: lineNo })
        }
        continue
      }
      const m = /^\s*header(?:\s+(?:@\S+|\/\S*|\*))?\s+(\{|[+?>]?([A-Za-z][\w-]*))/.exec(line)
      if (!m) continue
      if (m[1] === '{') inHeaderBlock = true
      else if (m[2]) out.push({ name: m[2], line: lineNo })
    }
    return out
  },
}
