import { diagnostic, type Diagnostic } from '../diagnostics.js'
import { encodePath } from './routes.js'

/**
 * Reading nginx, Caddy and Apache header config back for `cspkit check`, the way each server matches
 * it, limited to what a static site's header config uses (cspkit writes only these forms):
 * - nginx: `map $uri $var { default "v"; "/path" "v"; }` (exact keys) and `add_header Name value
 *   [always];` with a literal or one such variable; every add_header line is sent (two lines of one
 *   name are two headers), an empty value sends nothing.
 * - Caddy: `@name [not] path …` (one line), `header [matcher] Name value`, `header [matcher] { … }`
 *   (`-Name` deletes); paths match case-insensitively, `*` anywhere.
 * - Apache: `Header [always|onsuccess] set|append|add|unset Name "value"` at the top level (inside
 *   `<IfModule>` too) and in `<If "%{REQUEST_URI} in {…}">` / `== '…'` chains with `<ElseIf>`/`<Else>`;
 *   `<If>` sections apply after the top-level lines.
 * Anything else that touches the CSP is reported as not evaluated, never guessed.
 */

/** One header rule as read: where it applies (`matches`), what it sets, appends and unsets, and where it was written (`origin`). read.ts's rules extend it. */
export interface ServerReadRule {
  pattern: string
  origin: string
  set: [string, string, string][]
  unset: string[]
  /** Header values sent in addition to what is already there (nginx's extra lines, Apache's add/append). */
  append?: [string, string, string][]
  matches: RegExp | undefined
}

const CSP = 'content-security-policy'

function notEvaluated(origin: string, what: string): Diagnostic {
  return diagnostic({
    code: 'CHECK_HEADER_PATTERN_UNSUPPORTED',
    file: origin,
    message: `${what}, so the Content-Security-Policy it sets is not counted by the check.`,
    fix: "Use the forms cspkit writes (nginx: a map on $uri; Caddy: path matchers; Apache: <If \"%{REQUEST_URI} in {…}\">), or check that rule by hand.",
  })
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')

/** Exactly these paths (given decoded, matched against the encoded request path). */
function exactly(paths: readonly string[], flags = ''): RegExp {
  return new RegExp(`^(?:${paths.map((p) => escapeRegExp(encodePath(p))).join('|')})$`, flags)
}

/**
 * The request paths at which nginx's `$uri` / Apache's `%{REQUEST_URI}` takes the value `uri` (both
 * are the URI finally served): `/about.html` also for `/about` (try_files `$uri.html`, MultiViews),
 * `/docs/index.html` also for `/docs/` (the index). Other values are taken literally.
 */
function servedAt(uri: string): string[] {
  if (uri.endsWith('/index.html')) return [uri, uri.slice(0, -'index.html'.length)]
  if (uri.endsWith('.html')) return [uri, uri.slice(0, -'.html'.length)]
  return [uri]
}

function everythingBut(others: readonly RegExp[]): RegExp {
  return others.length === 0 ? /^/ : new RegExp(`^(?!${others.map((r) => `(?:${r.source})`).join('|')})`)
}

/** Splits a config line into tokens: quoted strings unquoted (backslash escapes), `#` comments dropped. */
function tokens(line: string): string[] | undefined {
  const out: string[] = []
  let i = 0
  while (i < line.length) {
    const c = line[i]!
    if (/\s/.test(c) || c === ';') {
      i++
      continue
    }
    if (c === '#') break
    if (c === '"' || c === "'" || c === '`') {
      let value = ''
      let j = i + 1
      for (; j < line.length && line[j] !== c; j++) {
        if (line[j] === '\\' && c !== '`' && j + 1 < line.length) j++
        value += line[j]
      }
      if (j >= line.length) return undefined
      out.push(value)
      i = j + 1
      continue
    }
    let j = i
    while (j < line.length && !/[\s;]/.test(line[j]!)) j++
    out.push(line.slice(i, j))
    i = j
  }
  return out
}

/** nginx: the maps file (http {}) and the add_header file (server {}), as nginx combines them. */
export function readNginxFiles(maps: { text: string; file: string } | undefined, headers: { text: string; file: string }): { rules: ServerReadRule[]; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = []
  const variables = new Map<string, { default: string; defaultOrigin: string; keys: [string, string, string][] }>()
  if (maps) {
    let current: { name: string; default: string; defaultOrigin: string; keys: [string, string, string][] } | undefined
    for (const [i, raw] of maps.text.split('\n').entries()) {
      const origin = `${maps.file}:${i + 1}`
      const t = tokens(raw)
      if (!t || t.length === 0) continue
      if (!current) {
        if (t[0] === 'map' && t[1] === '$uri' && t[2]?.startsWith('$') && t[3] === '{') current = { name: t[2], default: '', defaultOrigin: origin, keys: [] }
        continue
      }
      if (t[0] === '}') {
        variables.set(current.name, current)
        current = undefined
      } else if (t[0] === 'default') {
        current.default = t[1] ?? ''
        current.defaultOrigin = origin
      }
      else if (t[0]!.startsWith('~')) {
        // cspkit writes long paths as `~^<escaped path>$`: read those back as the path; other regexes are not evaluated.
        const literal = /^~\^((?:[^\\^$.|?*+()[\]{}]|\\[\\^$.|?*+()[\]{}])*)\$$/.exec(t[0]!)
        if (literal) current.keys.push([literal[1]!.replace(/\\(.)/g, '$1'), t[1] ?? '', origin])
        else diagnostics.push(notEvaluated(origin, `The map key '${t[0]}' is a regular expression`))
      } else current.keys.push([t[0]!, t[1] ?? '', origin])
    }
  }
  const rules: ServerReadRule[] = []
  for (const [i, raw] of headers.text.split('\n').entries()) {
    const origin = `${headers.file}:${i + 1}`
    const t = tokens(raw)
    if (!t || t[0] !== 'add_header' || t.length < 3) continue
    const [, name, value] = t as [string, string, string]
    const variable = /^\$\w+$/.test(value) ? variables.get(value) : undefined
    if (variable) {
      // Exclusive rules: each key's value at its path, the default everywhere else.
      const byValue = new Map<string, { paths: string[]; origin: string }>()
      for (const [key, v, o] of variable.keys) {
        const entry = byValue.get(v) ?? { paths: [], origin: o }
        entry.paths.push(key)
        byValue.set(v, entry)
      }
      const keyMatchers: RegExp[] = []
      for (const [v, { paths, origin: o }] of byValue) {
        const matches = exactly(paths.flatMap(servedAt))
        keyMatchers.push(matches)
        if (v !== '') rules.push({ pattern: paths.join(' '), origin: o, set: [], unset: [], append: [[name, v, o]], matches })
      }
      if (variable.default !== '')
        rules.push({ pattern: 'default', origin: variable.defaultOrigin, set: [], unset: [], append: [[name, variable.default, variable.defaultOrigin]], matches: everythingBut(keyMatchers) })
    } else if (value.includes('$')) {
      if (name.toLowerCase() === CSP) diagnostics.push(notEvaluated(origin, `The add_header value '${value}' uses a variable that is not a map on $uri`))
    } else if (value !== '') rules.push({ pattern: '*', origin, set: [], unset: [], append: [[name, value, origin]], matches: /^/ })
  }
  return { rules, diagnostics }
}

/** A Caddy path pattern: case-insensitive, `*` matches anything. */
function caddyPath(pattern: string): string {
  return pattern
    .split('*')
    .map((part) => escapeRegExp(encodePath(part)))
    .join('.*')
}

/** Caddy: a Caddyfile snippet's `header` directives with their matchers. */
export function readCaddySnippet(text: string, file: string): { rules: ServerReadRule[]; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = []
  const matchers = new Map<string, RegExp | undefined>()
  const rules: ServerReadRule[] = []
  let block: ServerReadRule | undefined
  const matcherOf = (token: string | undefined, origin: string): { matches: RegExp | undefined; rest: boolean } => {
    if (token === undefined) return { matches: /^/, rest: false }
    if (token.startsWith('@')) {
      if (!matchers.has(token)) diagnostics.push(notEvaluated(origin, `The matcher ${token} is not defined above as a one-line path matcher`))
      return { matches: matchers.get(token), rest: true }
    }
    if (token === '*') return { matches: /^/, rest: true }
    if (token.startsWith('/')) return { matches: new RegExp(`^${caddyPath(token)}$`, 'i'), rest: true }
    return { matches: /^/, rest: false }
  }
  const add = (rule: ServerReadRule, raw: string, t: string[], origin: string) => {
    const [name, value] = t as [string, string | undefined]
    if (name.startsWith('-')) rule.unset.push(name.slice(1))
    else if (name.startsWith('+')) rule.append!.push([name.slice(1), value ?? '', origin])
    else if (/^[?>]/.test(name)) {
      if (name.slice(1).toLowerCase() === CSP) diagnostics.push(notEvaluated(origin, `'${raw.trim()}' sets the header conditionally or deferred`))
    } else if (value !== undefined) rule.set.push([name, value, origin])
  }
  for (const [i, raw] of text.split('\n').entries()) {
    const origin = `${file}:${i + 1}`
    const t = tokens(raw)
    if (!t || t.length === 0) continue
    if (block) {
      if (t[0] === '}') {
        rules.push(block)
        block = undefined
      } else add(block, raw, t, origin)
      continue
    }
    if (t[0]!.startsWith('@') && t.length >= 3) {
      const not = t[1] === 'not'
      const kind = not ? t[2] : t[1]
      const paths = t.slice(not ? 3 : 2)
      if (kind !== 'path' || paths.length === 0 || paths.includes('{')) matchers.set(t[0]!, undefined)
      else {
        const any = new RegExp(`^(?:${paths.map(caddyPath).join('|')})$`, 'i')
        matchers.set(t[0]!, not ? new RegExp(`^(?!(?:${paths.map(caddyPath).join('|')})$)`, 'i') : any)
      }
      continue
    }
    if (t[0] !== 'header') continue
    const { matches, rest } = matcherOf(t[1], origin)
    const args = t.slice(rest ? 2 : 1)
    const rule: ServerReadRule = { pattern: rest ? t[1]! : '*', origin, set: [], unset: [], append: [], matches }
    if (args[0] === '{') block = rule
    else if (args.length > 0) {
      add(rule, raw, args, origin)
      rules.push(rule)
    }
  }
  return { rules, diagnostics }
}

/** Apache: `.htaccess` `Header` lines, top level first, then `<If>` chains on %{REQUEST_URI}. */
export function readHtaccess(text: string, file: string): { rules: ServerReadRule[]; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = []
  const top: ServerReadRule[] = []
  const conditional: ServerReadRule[] = []
  /** Open sections; an `<If>` section carries its rule, others (IfModule) are transparent, Files/Location unsupported. */
  const stack: { name: string; rule?: ServerReadRule; unsupported?: boolean }[] = []
  let chain: RegExp[] = []
  for (const [i, raw] of text.split('\n').entries()) {
    const origin = `${file}:${i + 1}`
    const line = raw.trim()
    if (line === '' || line.startsWith('#')) continue
    const open = /^<([A-Za-z]+)\b\s*(?:"(.*)"|[^>]*)\s*>$/i.exec(line)
    const close = /^<\/([A-Za-z]+)\s*>$/.exec(line)
    if (close) {
      stack.pop()
      continue
    }
    if (open) {
      const name = open[1]!.toLowerCase()
      if (name === 'if' || name === 'elseif' || name === 'else') {
        if (name === 'if') chain = []
        let matches: RegExp | undefined
        if (name === 'else') matches = everythingBut(chain)
        else {
          const expr = open[2] ?? ''
          const list = /^%\{REQUEST_URI\}\s+in\s+\{(.*)\}$/.exec(expr)
          const eq = /^%\{REQUEST_URI\}\s*==\s*'([^']*)'$/.exec(expr)
          const paths = list ? [...list[1]!.matchAll(/'([^']*)'/g)].map((m) => m[1]!) : eq ? [eq[1]!] : undefined
          matches = paths ? exactly(paths.flatMap(servedAt)) : undefined
          if (matches) chain.push(matches)
          // An expression cspkit cannot evaluate makes the rest of the chain unknown too.
          else chain.push(/(?!)/)
        }
        const rule: ServerReadRule = { pattern: open[2] ?? '<Else>', origin, set: [], unset: [], append: [], matches }
        conditional.push(rule)
        stack.push({ name, rule })
      } else stack.push({ name, unsupported: !['ifmodule', 'ifdefine', 'ifversion'].includes(name) })
      continue
    }
    const m = /^Header\s+(?:(always|onsuccess)\s+)?(set|append|add|merge|setifempty|unset)\s+(\S+)(?:\s+(.*))?$/i.exec(line)
    if (!m) continue
    const name = m[3]!.replace(/^"|"$/g, '')
    const op = m[2]!.toLowerCase()
    const valueTokens = m[4] !== undefined ? tokens(m[4]) : []
    const value = (valueTokens?.[0] ?? '').replace(/%%/g, '%')
    const inside = [...stack].reverse().find((s) => s.rule || s.unsupported)
    // `env=…` / `expr=…` make the line depend on the request.
    if (inside?.unsupported || (valueTokens && valueTokens.length > 1 && /^(env=|expr=)/.test(valueTokens[1]!))) {
      if (name.toLowerCase() === CSP) diagnostics.push(notEvaluated(origin, `The Header line is inside <${inside?.name ?? '?'}> or has a condition`))
      continue
    }
    const rule = inside?.rule ?? (() => {
      const r: ServerReadRule = { pattern: '*', origin, set: [], unset: [], append: [], matches: /^/ }
      top.push(r)
      return r
    })()
    if (op === 'unset') rule.unset.push(name)
    else if (op === 'set' || op === 'setifempty') rule.set.push([name, value, origin])
    else rule.append!.push([name, value, origin])
  }
  for (const r of conditional) {
    const touchesCsp = [...r.set, ...(r.append ?? [])].some(([n]) => n.toLowerCase() === CSP)
    if (!r.matches && touchesCsp) diagnostics.push(notEvaluated(r.origin, `The condition "${r.pattern}" is not a %{REQUEST_URI} list or comparison`))
  }
  return { rules: [...top, ...conditional], diagnostics }
}
