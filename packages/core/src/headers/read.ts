import { toml, yaml } from '../lazy.js'
import { diagnostic, type Diagnostic } from '../diagnostics.js'
import type { VercelRouting } from './routes.js'
import { vercelRouting } from './writers/vercel.js'
import { readCaddySnippet, readHtaccess, readNginxFiles, type ServerReadRule } from './read-servers.js'
import { azureRouteRegExp } from './writers/azure-swa.js'
import { firebaseRouting } from './writers/firebase.js'
import { vercelOutputRouting } from './writers/vercel-output.js'

/**
 * Reading host header files back the way each host applies them, so `cspkit check` can tell which
 * Content-Security-Policy headers a page is served with (HOSTS.md 1–3). Pure: text in, rules out.
 *
 * - Netlify (`_headers`, then `netlify.toml`): every matching rule applies, the last one wins per
 *   header name; paths match case-insensitively with an optional trailing slash.
 * - Cloudflare (`_headers`): matching rules apply in file order, a header set twice is comma-joined
 *   (two policies), `! Name` removes what earlier rules set; paths match case-sensitively, exactly.
 * - Vercel (`vercel.json`): `source` is a path-to-regexp 6 pattern (strict, case-sensitive); the later
 *   matching rule wins per header name.
 */

export type HeaderHost = 'netlify' | 'cloudflare' | 'vercel' | 'nginx' | 'caddy' | 'apache' | 'firebase' | 'azure-swa' | 'vercel-output' | 'netlify-frameworks' | 'amplify'

export interface ReadHeaderRule {
  /** The path pattern as written. */
  readonly pattern: string
  /** Where it is written, e.g. `_headers:12` or `vercel.json headers[3]`. */
  readonly origin: string
  /** Headers the rule sets, in order, names as written, each with where its value is written. */
  readonly set: readonly (readonly [name: string, value: string, origin: string])[]
  /** Header names the rule removes first (Cloudflare `! Name`). */
  readonly unset: readonly string[]
  /** Headers the rule sends in addition to any already set (nginx's add_header lines, Apache's add/append). */
  readonly append?: readonly (readonly [name: string, value: string, origin: string])[]
  /** Tests a URL path; undefined when cspkit cannot evaluate the pattern (reported once, rule not counted). */
  readonly matches: RegExp | undefined
  /** Azure SWA routes: only the first matching rule of this kind applies. */
  readonly firstMatch?: boolean
  /** Build Output routes without `continue` (or with a status): routing stops after this rule. */
  readonly final?: boolean
}

export interface HeaderRules {
  readonly host: HeaderHost
  /** Rules in the order the host combines them. */
  readonly rules: readonly ReadHeaderRule[]
  readonly diagnostics: readonly Diagnostic[]
  /** Vercel's cleanUrls / trailingSlash as the file sets them (which URLs pages are served at). */
  readonly routing?: VercelRouting
}

/** One header a host sends at a URL, with the rules it came from. */
export interface SentHeader {
  readonly name: string
  /** The value as sent (Cloudflare's comma-joined values included). */
  readonly value: string
  /** Each rule's contribution and where it is written. */
  readonly parts: readonly { readonly value: string; readonly origin: string }[]
}

const CSP = 'content-security-policy'

/** A `_headers` file read as Netlify's or Cloudflare's parser reads it; lines the host ignores are reported. */
export function readHeadersFile(text: string, file: string, host: 'netlify' | 'cloudflare'): HeaderRules {
  const rules: MutableRule[] = []
  const diagnostics: Diagnostic[] = []
  const ignored = (line: number, why: string, fix: string) =>
    diagnostics.push(
      diagnostic({
        code: 'CHECK_HEADERS_LINE_IGNORED',
        file: `${file}:${line}`,
        message: `${host === 'netlify' ? 'Netlify' : 'Cloudflare'} ignores this line: ${why}.`,
        fix,
      }),
    )
  let current: MutableRule | undefined
  for (const [i, raw] of text.split('\n').entries()) {
    const lineNo = i + 1
    const line = raw.trim()
    if (line === '' || line.startsWith('#')) continue
    if (host === 'cloudflare') {
      if (rules.length >= 100 && /^([^\s]+:\/\/|\/)/.test(line)) {
        ignored(lineNo, 'Cloudflare reads at most 100 rules', 'Merge rules (e.g. one /* rule), or move per-page policies into <meta> tags.')
        break
      }
      if (line.length > 2000) {
        ignored(lineNo, `it is ${line.length} characters, over the 2,000 limit`, 'Shorten the line, e.g. with one site-wide policy or per-page <meta> tags.')
        continue
      }
    }
    const isPath = host === 'cloudflare' ? /^([^\s]+:\/\/|\/)/.test(line) : line.startsWith('/')
    if (isPath) {
      if (host === 'cloudflare' && !line.startsWith('/') && !line.startsWith('https://')) {
        ignored(lineNo, 'a rule line must be a path or an https:// URL', 'Write the rule as /path or https://host/path.')
        current = undefined
        continue
      }
      current = { pattern: line, origin: `${file}:${lineNo}`, set: [], unset: [], matches: pathMatcher(line, host) }
      rules.push(current)
      continue
    }
    const colon = line.indexOf(':')
    if (colon === -1) {
      if (host === 'cloudflare' && line.startsWith('! ') && current) current.unset.push(line.slice(2).trim())
      else if (line.startsWith('! '))
        ignored(lineNo, `'${line}' is Cloudflare's detach syntax, which ${host === 'netlify' ? 'Netlify does not have' : 'needs a rule line above it'}`, 'On Netlify, make sure only one rule sets a header for a URL (the last matching rule wins).')
      else if (host === 'cloudflare') ignored(lineNo, `'${line}' is neither a rule path, a 'Name: value' header nor a '! Name' detach line`, 'Write headers as Name: value under a path line.')
      continue
    }
    const name = line.slice(0, colon).trim()
    const value = line.slice(colon + 1).trim()
    if (!current) ignored(lineNo, `the header '${name}' comes before any path line`, 'Put a path line such as /* above it.')
    else if (name === '' || value === '') ignored(lineNo, `a header line needs a name and a value, got '${line}'`, 'Write it as Name: value, or delete it.')
    else if (host === 'cloudflare' && /\s/.test(name)) ignored(lineNo, `the header name '${name}' contains a space`, 'Remove the space from the header name.')
    else {
      // The same header twice in one rule is joined with ", " by both parsers (for a CSP: two policies).
      const same = current.set.findIndex(([n]) => n.toLowerCase() === name.toLowerCase())
      if (same === -1) current.set.push([name, value, `${file}:${lineNo}`])
      else current.set[same] = [current.set[same]![0], `${current.set[same]![1]}, ${value}`, current.set[same]![2]]
    }
  }
  if (host === 'cloudflare') {
    // Cloudflare drops a rule left without any header ("No headers specified"), e.g. when all its lines were ignored.
    const empty = rules.filter((r) => r.set.length === 0 && r.unset.length === 0)
    for (const r of empty) ignored(Number(r.origin.slice(file.length + 1)), `the rule '${r.pattern}' sets no headers, so Cloudflare skips it`, 'Add a header to the rule, or delete it.')
    return finish(host, lastRulePerPath(rules.filter((r) => !empty.includes(r))), diagnostics)
  }
  return finish(host, rules, diagnostics)
}

/**
 * Cloudflare keys its rules by path (an object, in workers-shared's constructConfiguration): a later
 * rule for the same path replaces the earlier one's headers but keeps the earlier one's place in the
 * order. Seen with wrangler 4.86: a user's `/about` rule after cspkit's `/about` rule dropped cspkit's.
 */
function lastRulePerPath(rules: readonly MutableRule[]): MutableRule[] {
  const byPath = new Map<string, MutableRule>()
  // Map.set on a known key keeps its first position, as a JavaScript object does.
  for (const rule of rules) byPath.set(rule.pattern, rule)
  return [...byPath.values()]
}

/** `netlify.toml` `[[headers]]` tables (`for`, `values`; an array value is joined with ", "). */
export function readNetlifyToml(text: string, file: string): HeaderRules {
  let parsed: Record<string, unknown>
  try {
    parsed = toml().parse(text) as Record<string, unknown>
  } catch (error) {
    const where = error instanceof toml().TomlError ? `${file}:${error.line}:${error.column}` : file
    return { host: 'netlify', rules: [], diagnostics: [unreadable(where, `${file} is not valid TOML (${firstLine(error)})`)] }
  }
  const tables = Array.isArray(parsed.headers) ? (parsed.headers as unknown[]) : []
  if (parsed.headers !== undefined && !Array.isArray(parsed.headers))
    return { host: 'netlify', rules: [], diagnostics: [unreadable(file, `"headers" in ${file} is not an array of [[headers]] tables`)] }
  const rules: MutableRule[] = []
  for (const [i, table] of tables.entries()) {
    const t = table as { for?: unknown; values?: unknown }
    if (typeof t?.for !== 'string' || typeof t.values !== 'object' || t.values === null) continue
    const origin = `${file} [[headers]] #${i + 1}`
    const set = Object.entries(t.values as Record<string, unknown>).flatMap(([name, value]): [string, string, string][] =>
      typeof value === 'string' ? [[name, value, origin]] : Array.isArray(value) ? [[name, value.map(String).join(', '), origin]] : [],
    )
    rules.push({ pattern: t.for, origin, set, unset: [], matches: pathMatcher(t.for, 'netlify') })
  }
  return finish('netlify', rules, [])
}

/** `vercel.json` `headers` (and `cleanUrls` / `trailingSlash`, which decide the URLs pages are served at). */
export function readVercelJson(text: string, file: string, fallback: { cleanUrls: boolean | undefined; trailingSlash: boolean | undefined } = { cleanUrls: undefined, trailingSlash: undefined }): HeaderRules {
  let config: unknown
  try {
    // Vercel reads the file with JSON.parse: no comments, no trailing commas.
    config = JSON.parse(text)
  } catch (error) {
    return { host: 'vercel', rules: [], diagnostics: [unreadable(file, `${file} is not valid JSON (${firstLine(error)})`)] }
  }
  if (typeof config !== 'object' || config === null || Array.isArray(config))
    return { host: 'vercel', rules: [], diagnostics: [unreadable(file, `${file} must hold a JSON object`)] }
  const c = config as Record<string, unknown>
  const routing = vercelRouting(c, fallback)
  if (c.routes !== undefined)
    return {
      host: 'vercel',
      rules: [],
      routing,
      diagnostics: [unsupported(file, `${file} uses the legacy "routes"`)],
    }
  if (c.headers !== undefined && !Array.isArray(c.headers))
    return { host: 'vercel', rules: [], routing, diagnostics: [unreadable(file, `"headers" in ${file} is not an array`)] }
  const rules: MutableRule[] = []
  for (const [i, entry] of ((c.headers ?? []) as unknown[]).entries()) {
    const r = entry as { source?: unknown; headers?: unknown; has?: unknown; missing?: unknown }
    if (typeof r?.source !== 'string' || !Array.isArray(r.headers)) continue
    const origin = `${file} headers[${i}]`
    const set = (r.headers as { key?: unknown; value?: unknown }[]).flatMap((h): [string, string, string][] =>
      typeof h?.key === 'string' && typeof h.value === 'string' ? [[h.key, h.value, origin]] : [],
    )
    // `has` / `missing` depend on the request (headers, cookies, query, host), which a folder does not have.
    const conditional = r.has !== undefined || r.missing !== undefined
    rules.push({ pattern: r.source, origin, set, unset: [], matches: conditional ? undefined : vercelSourceRegExp(r.source), conditional })
  }
  return { ...finish('vercel', rules, []), routing }
}

/** nginx: the maps file (in http {}, optional) and the add_header file (in server {}). */
export function readNginxConfig(maps: { text: string; file: string } | undefined, headers: { text: string; file: string }): HeaderRules {
  const read = readNginxFiles(maps, headers)
  return finish('nginx', read.rules, read.diagnostics)
}

/** Caddy: a Caddyfile snippet (or a site block's lines). */
export function readCaddyfile(text: string, file: string): HeaderRules {
  const read = readCaddySnippet(text, file)
  return finish('caddy', read.rules, read.diagnostics)
}

/** Apache: an output folder's `.htaccess`. */
export function readApacheHtaccess(text: string, file: string): HeaderRules {
  const read = readHtaccess(text, file)
  return finish('apache', read.rules, read.diagnostics)
}

/**
 * The headers a host sends at `path` (a percent-encoded URL path): matching rules combined with the
 * host's rules; names lower-cased.
 */
export function headersAt(rules: HeaderRules, path: string): SentHeader[] {
  const sent = new Map<string, { name: string; parts: { value: string; origin: string }[] }>()
  // Amplify documents no order between matching patterns: two values may both reach the browser, as on Cloudflare.
  const joins = rules.host === 'cloudflare' || rules.host === 'amplify'
  let routed = false
  for (const rule of rules.rules) {
    if (!rule.matches?.test(path)) continue
    if (rule.firstMatch) {
      if (routed) continue
      routed = true
    }
    for (const name of rule.unset) sent.delete(name.toLowerCase())
    for (const [name, value, origin] of rule.set) {
      const key = name.toLowerCase()
      const had = sent.get(key)
      // Azure SWA: a route header set to "" removes the global one.
      if (value === '' && rules.host === 'azure-swa') sent.delete(key)
      else if (had && joins) had.parts.push({ value, origin })
      else sent.set(key, { name: key, parts: [{ value, origin }] })
    }
    for (const [name, value, origin] of rule.append ?? []) {
      const key = name.toLowerCase()
      const had = sent.get(key)
      if (had) had.parts.push({ value, origin })
      else sent.set(key, { name: key, parts: [{ value, origin }] })
    }
    if (rule.final) break
  }
  return [...sent.values()].map((h) => ({ name: h.name, value: h.parts.map((p) => p.value).join(', '), parts: h.parts }))
}

/**
 * The Content-Security-Policy values enforced at `path`: one header value can carry several policies,
 * comma-separated, and each is enforced (CSP 3, "parse a serialized CSP list").
 */
export function cspPoliciesAt(rules: HeaderRules, path: string): { policy: string; origin: string }[] {
  const header = headersAt(rules, path).find((h) => h.name === CSP)
  if (!header) return []
  return header.parts.flatMap(({ value, origin }) =>
    value
      .split(',')
      .map((p) => p.trim())
      .filter((p) => p !== '')
      .map((policy) => ({ policy, origin })),
  )
}

/** A rule as a reader builds it: the servers' readers (read-servers.ts) build the same shape. */
interface MutableRule extends ServerReadRule {
  conditional?: boolean
  firstMatch?: boolean
  final?: boolean
}

/** Rules whose pattern cannot be evaluated are reported when they touch the CSP (other headers do not matter to check). */
function finish(host: HeaderHost, rules: MutableRule[], diagnostics: Diagnostic[]): HeaderRules {
  for (const rule of rules) {
    if (rule.matches) continue
    const touchesCsp = [...rule.set, ...(rule.append ?? [])].some(([n]) => n.toLowerCase() === CSP) || rule.unset.some((n) => n.toLowerCase() === CSP)
    if (!touchesCsp) continue
    diagnostics.push(
      rule.conditional
        ? unsupported(rule.origin, `The rule for '${rule.pattern}' has "has"/"missing" conditions, which depend on the request`)
        : unsupported(rule.origin, `cspkit check cannot evaluate the pattern '${rule.pattern}'`),
    )
  }
  return { host, rules: rules.map(({ conditional: _c, ...r }) => Object.freeze(r)), diagnostics }
}

function unsupported(file: string, what: string): Diagnostic {
  return diagnostic({
    code: 'CHECK_HEADER_PATTERN_UNSUPPORTED',
    file,
    message: `${what}, so the Content-Security-Policy it sets is not counted by the check.`,
    fix: 'Use a plain path, /* (/(.*) on Vercel), :name or * patterns for CSP rules, or check that rule by hand.',
  })
}

function unreadable(file: string, what: string): Diagnostic {
  return diagnostic({
    code: 'CHECK_HEADERS_UNREADABLE',
    file,
    message: `${what}, so the headers it sets cannot be checked.`,
    fix: 'Fix the file (the host would reject it too), then run the check again.',
  })
}

function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0]!.replace(/^Invalid TOML document: /, '')
}

/** Escapes for a RegExp that may carry the `u` flag (where `\-` is a syntax error, so `-` becomes `\x2d`). */
const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&').replace(/-/g, '\\x2d')

/** A `_headers` / `netlify.toml` path pattern as the host compiles it. */
export function pathMatcher(pattern: string, host: 'netlify' | 'cloudflare'): RegExp | undefined {
  if (host === 'netlify') {
    // @netlify/headers-parser getForRegExp: per segment, `:name` → one segment, a lone `*` → anything
    // (the segment optional), an embedded `*` → anything; `i` flag and an optional trailing slash.
    const parts = pattern
      .split('/')
      .map((p) => p.trimEnd())
      .filter(Boolean)
      .map((p) => (p.startsWith(':') ? '([^/]+)' : p === '*' ? '?(.*)' : p.includes('*') ? p.replaceAll('*', '(.*)') : escapeRegExp(p)))
    try {
      return new RegExp(`^/${parts.join('/')}/?$`, 'iu')
    } catch {
      return undefined
    }
  }
  // Cloudflare: rules for another host name (https://…) depend on the domain the site is served at.
  if (!pattern.startsWith('/')) return undefined
  // `*` (splat) → greedy anything, `:name` → one segment; anchored, case-sensitive, no trailing-slash slack.
  const source = pattern
    .split('*')
    .map(escapeRegExp)
    .join('(.*)')
    .replace(/:[A-Za-z]\w*/g, '[^/]+')
  return new RegExp(`^${source}$`)
}

/**
 * A Vercel `source` as path-to-regexp 6 compiles it (strict, case-sensitive, delimiter `/`): literal
 * text, `\` escapes, `:name`, `(pattern)`, `{…}` groups, each with an optional `?` `*` `+`. Anything
 * else (a pattern that would not compile) is undefined: reported, never guessed.
 */
export function vercelSourceRegExp(source: string): RegExp | undefined {
  const tokens = lex(source)
  if (!tokens) return undefined
  const DEFAULT = '[^\\/]+?'
  let i = 0
  let route = '^'
  let path = ''
  const take = (type: Token['type']) => (tokens[i]?.type === type ? tokens[i++]!.value : undefined)
  const text = () => {
    let out = ''
    for (let v = take('CHAR') ?? take('ESCAPED'); v !== undefined; v = take('CHAR') ?? take('ESCAPED')) out += v
    return out
  }
  const param = (prefix: string, pattern: string, suffix: string, modifier: string) => {
    const p = escapeRegExp(prefix)
    const s = escapeRegExp(suffix)
    if (!pattern) return `(?:${p}${s})${modifier}`
    if (p || s) {
      if (modifier === '+' || modifier === '*') return `(?:${p}((?:${pattern})(?:${s}${p}(?:${pattern}))*)${s})${modifier === '*' ? '?' : ''}`
      return `(?:${p}(${pattern})${s})${modifier}`
    }
    return modifier === '+' || modifier === '*' ? `((?:${pattern})${modifier})` : `(${pattern})${modifier}`
  }
  while (i < tokens.length) {
    const char = take('CHAR')
    const name = take('NAME')
    const pattern = take('PATTERN')
    if (name !== undefined || pattern !== undefined) {
      let prefix = char ?? ''
      if (prefix !== '/' && prefix !== '.') {
        path += prefix
        prefix = ''
      }
      route += escapeRegExp(path)
      path = ''
      route += param(prefix, pattern ?? DEFAULT, '', take('MODIFIER') ?? '')
      continue
    }
    const value = char ?? take('ESCAPED')
    if (value !== undefined) {
      path += value
      continue
    }
    route += escapeRegExp(path)
    path = ''
    if (take('OPEN') !== undefined) {
      const prefix = text()
      const groupName = take('NAME')
      const groupPattern = take('PATTERN')
      const suffix = text()
      if (take('CLOSE') === undefined) return undefined
      route += param(prefix, groupName !== undefined && groupPattern === undefined ? DEFAULT : (groupPattern ?? ''), suffix, take('MODIFIER') ?? '')
      continue
    }
    // A modifier with nothing to modify (`/*`), a stray `}`: path-to-regexp throws, Vercel rejects the file.
    return undefined
  }
  route += escapeRegExp(path)
  try {
    return new RegExp(`${route}$`)
  } catch {
    return undefined
  }
}

interface Token {
  readonly type: 'CHAR' | 'ESCAPED' | 'NAME' | 'PATTERN' | 'MODIFIER' | 'OPEN' | 'CLOSE'
  readonly value: string
}

/** path-to-regexp 6's lexer; undefined where it would throw. */
function lex(str: string): Token[] | undefined {
  const tokens: Token[] = []
  let i = 0
  while (i < str.length) {
    const c = str[i]!
    if (c === '*' || c === '+' || c === '?') tokens.push({ type: 'MODIFIER', value: str[i++]! })
    else if (c === '\\') {
      if (i + 1 >= str.length) return undefined
      tokens.push({ type: 'ESCAPED', value: str[i + 1]! })
      i += 2
    } else if (c === '{') tokens.push({ type: 'OPEN', value: str[i++]! })
    else if (c === '}') tokens.push({ type: 'CLOSE', value: str[i++]! })
    else if (c === ':') {
      let j = i + 1
      while (j < str.length && /[0-9A-Za-z_]/.test(str[j]!)) j++
      if (j === i + 1) return undefined
      tokens.push({ type: 'NAME', value: str.slice(i + 1, j) })
      i = j
    } else if (c === '(') {
      let depth = 1
      let j = i + 1
      let pattern = ''
      if (str[j] === '?') return undefined
      while (j < str.length) {
        if (str[j] === '\\') {
          pattern += str[j]! + (str[j + 1] ?? '')
          j += 2
          continue
        }
        if (str[j] === ')') {
          depth--
          if (depth === 0) {
            j++
            break
          }
        } else if (str[j] === '(') {
          depth++
          // Capturing groups inside a pattern are not allowed by path-to-regexp.
          if (str[j + 1] !== '?') return undefined
        }
        pattern += str[j++]!
      }
      if (depth !== 0 || pattern === '') return undefined
      tokens.push({ type: 'PATTERN', value: pattern })
      i = j
    } else tokens.push({ type: 'CHAR', value: str[i++]! })
  }
  return tokens
}

type RoutingFallback = { cleanUrls: boolean | undefined; trailingSlash: boolean | undefined }

/** A JSON host file as an object, or the CHECK_HEADERS_UNREADABLE diagnostic its host would refuse it with. */
function jsonObject(text: string, file: string, comments = false): { config: Record<string, unknown>; error?: undefined } | { config?: undefined; error: Diagnostic } {
  let config: unknown
  try {
    // firebase-tools (the only host read with comments) also strips a BOM, and cspkit keeps one there.
    config = JSON.parse(comments ? stripJsonComments(text.replace(/^\ufeff/, '')) : text)
  } catch (error) {
    return { error: unreadable(file, `${file} is not valid JSON (${firstLine(error)})`) }
  }
  if (typeof config !== 'object' || config === null || Array.isArray(config)) return { error: unreadable(file, `${file} must hold a JSON object`) }
  return { config: config as Record<string, unknown> }
}

/** Removes line and block comments outside strings (firebase-tools reads firebase.json with comments). */
function stripJsonComments(text: string): string {
  return text.replace(/("(?:\\.|[^"\\])*")|\/\/[^\n]*|\/\*[\s\S]*?\*\//g, (m, str: string | undefined) => str ?? m.replace(/[^\n]/g, ' '))
}

/** `key`/`value` header lists (firebase.json, customHttp.yml). */
function keyValueHeaders(headers: unknown, origin: string): [string, string, string][] {
  return (Array.isArray(headers) ? headers : []).flatMap((h: { key?: unknown; value?: unknown }): [string, string, string][] =>
    typeof h?.key === 'string' && typeof h.value === 'string' ? [[h.key, h.value, origin]] : [],
  )
}

/**
 * firebase.json `hosting.headers` as superstatic applies them: `source`/`glob` globs or `regex`
 * patterns on the path, every matching rule applies, the later one wins per header name; and
 * `cleanUrls` / `trailingSlash`, which decide the URLs pages are served at.
 */
export function readFirebaseJson(text: string, file: string, options: RoutingFallback & { target?: string | undefined } = { cleanUrls: undefined, trailingSlash: undefined }): HeaderRules {
  const { config, error } = jsonObject(text, file, true)
  if (error) return { host: 'firebase', rules: [], diagnostics: [error] }
  const all = config.hosting
  const named = (h: { target?: unknown; site?: unknown } | undefined) => options.target !== undefined && (h?.target === options.target || h?.site === options.target)
  const hosting = (Array.isArray(all) ? (all.length === 1 && options.target === undefined ? all[0] : all.find(named)) : all) as Record<string, unknown> | undefined
  if (typeof hosting !== 'object' || hosting === null)
    return { host: 'firebase', rules: [], diagnostics: [unreadable(file, Array.isArray(all) ? `"hosting" in ${file} lists several sites and none is '${String(options.target)}' (headers.firebase.target)` : `${file} has no "hosting" section`)] }
  const routing = firebaseRouting(hosting, options)
  const rules: MutableRule[] = []
  for (const [i, entry] of (Array.isArray(hosting.headers) ? hosting.headers : []).entries()) {
    const r = entry as { source?: unknown; glob?: unknown; regex?: unknown; headers?: unknown }
    const origin = `${file} hosting.headers[${i}]`
    const glob = typeof r?.glob === 'string' ? r.glob : typeof r?.source === 'string' ? r.source : undefined
    let matches: RegExp | undefined
    if (glob !== undefined) matches = globRegExp(glob)
    else if (typeof r?.regex === 'string')
      try {
        matches = new RegExp(r.regex, 'u')
      } catch {
        matches = undefined
      }
    else continue
    rules.push({ pattern: String(glob ?? r.regex), origin, set: keyValueHeaders(r.headers, origin), unset: [], matches })
  }
  return { ...finish('firebase', rules, []), routing }
}

/**
 * staticwebapp.config.json: `globalHeaders` go with every response; of the `routes`, only the first
 * that matches applies, and its headers override the global ones ("" removes one).
 */
export function readAzureSwaConfig(text: string, file: string): HeaderRules {
  const { config, error } = jsonObject(text, file)
  if (error) return { host: 'azure-swa', rules: [], diagnostics: [error] }
  const rules: MutableRule[] = []
  const global = config.globalHeaders
  if (typeof global === 'object' && global !== null && !Array.isArray(global)) {
    const origin = `${file} globalHeaders`
    rules.push({ pattern: '*', origin, set: Object.entries(global).filter(([, v]) => typeof v === 'string').map(([k, v]) => [k, v as string, origin]), unset: [], matches: /^/ })
  }
  for (const [i, entry] of (Array.isArray(config.routes) ? config.routes : []).entries()) {
    const r = entry as { route?: unknown; headers?: unknown; methods?: unknown }
    if (typeof r?.route !== 'string') continue
    const origin = `${file} routes[${i}]`
    const headers = typeof r.headers === 'object' && r.headers !== null ? Object.entries(r.headers) : []
    // A route limited to other methods does not take part for the GET a browser sends.
    if (Array.isArray(r.methods) && !r.methods.some((m) => String(m).toUpperCase() === 'GET')) continue
    rules.push({ pattern: r.route, origin, set: headers.filter(([, v]) => typeof v === 'string').map(([k, v]) => [k, v as string, origin]), unset: [], matches: azureRouteRegExp(r.route), firstMatch: true })
  }
  // With `trailingSlash` set, pages are also served without `.html` (pageUrls reads that as cleanUrls).
  return { ...finish('azure-swa', rules, []), routing: { cleanUrls: typeof config.trailingSlash === 'string', trailingSlash: undefined } }
}

/**
 * `.vercel/output/config.json` routes (Build Output API v3) up to `{ "handle": "filesystem" }`:
 * `src` regular expressions (case-insensitive unless `caseSensitive`), headers accumulate with later
 * routes winning, a route without `continue` ends routing.
 */
export function readVercelOutputConfig(text: string, file: string, fallback: RoutingFallback = { cleanUrls: undefined, trailingSlash: undefined }): HeaderRules {
  const { config, error } = jsonObject(text, file)
  if (error) return { host: 'vercel-output', rules: [], diagnostics: [error] }
  const rules: MutableRule[] = []
  for (const [i, entry] of (Array.isArray(config.routes) ? config.routes : []).entries()) {
    const r = entry as { src?: unknown; headers?: unknown; continue?: unknown; status?: unknown; handle?: unknown; has?: unknown; missing?: unknown; caseSensitive?: unknown }
    if (r?.handle !== undefined) break
    if (typeof r?.src !== 'string') continue
    const origin = `${file} routes[${i}]`
    let matches: RegExp | undefined
    try {
      matches = r.has !== undefined || r.missing !== undefined ? undefined : new RegExp(r.src, r.caseSensitive === true ? '' : 'i')
    } catch {
      matches = undefined
    }
    const headers = typeof r.headers === 'object' && r.headers !== null ? Object.entries(r.headers) : []
    rules.push({
      pattern: r.src,
      origin,
      set: headers.filter(([, v]) => typeof v === 'string').map(([k, v]) => [k, v as string, origin]),
      unset: [],
      matches,
      conditional: r.has !== undefined || r.missing !== undefined,
      final: r.continue !== true,
    })
  }
  return { ...finish('vercel-output', rules, []), routing: vercelOutputRouting(config, fallback) }
}

/** Netlify's Frameworks API `.netlify/v1/config.json` `headers` (`for` / `values`, as netlify.toml's). */
export function readNetlifyFrameworksConfig(text: string, file: string): HeaderRules {
  const { config, error } = jsonObject(text, file)
  if (error) return { host: 'netlify-frameworks', rules: [], diagnostics: [error] }
  const rules: MutableRule[] = []
  for (const [i, entry] of (Array.isArray(config.headers) ? config.headers : []).entries()) {
    const r = entry as { for?: unknown; values?: unknown }
    if (typeof r?.for !== 'string' || typeof r.values !== 'object' || r.values === null) continue
    const origin = `${file} headers[${i}]`
    const set = Object.entries(r.values).flatMap(([name, value]): [string, string, string][] =>
      typeof value === 'string' ? [[name, value, origin]] : Array.isArray(value) ? [[name, value.map(String).join(', '), origin]] : [],
    )
    rules.push({ pattern: r.for, origin, set, unset: [], matches: pathMatcher(r.for, 'netlify') })
  }
  return finish('netlify-frameworks', rules, [])
}

/** customHttp.yml `customHeaders` (glob `pattern`s); two matching rules that set one header may both be sent. */
export function readAmplifyCustomHttp(text: string, file: string): HeaderRules {
  const doc = yaml().parseDocument(text, { prettyErrors: true })
  const error = doc.errors[0]
  if (error) {
    const line = error.linePos?.[0]
    return { host: 'amplify', rules: [], diagnostics: [unreadable(line ? `${file}:${line.line}:${line.col}` : file, `${file} is not valid YAML (${error.message.split('\n')[0]})`)] }
  }
  const config = doc.toJS() as { customHeaders?: unknown } | null
  const rules: MutableRule[] = []
  for (const [i, entry] of (Array.isArray(config?.customHeaders) ? config.customHeaders : []).entries()) {
    const r = entry as { pattern?: unknown; headers?: unknown }
    if (typeof r?.pattern !== 'string') continue
    const origin = `${file} customHeaders[${i}]`
    // Amplify patterns are written without a leading slash too ('**/*', '*.json'): match them against the path without it.
    const glob = r.pattern.replace(/^\/+/, '')
    const re = globRegExp(`/${glob}`)
    rules.push({ pattern: r.pattern, origin, set: keyValueHeaders(r.headers, origin), unset: [], matches: re })
  }
  return finish('amplify', rules, [])
}

/**
 * A glob as minimatch reads one (superstatic, Amplify): `**` any segments, `*` and `?` within one,
 * `{a,b}` and `@(a|b)` alternatives, `[…]` classes; other extglobs are undefined (reported, not guessed).
 */
export function globRegExp(glob: string): RegExp | undefined {
  let out = ''
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!
    if (c === '*' && glob[i + 1] === '*') {
      const segment = (i === 0 || glob[i - 1] === '/') && (i + 2 === glob.length || glob[i + 2] === '/')
      if (!segment) return undefined
      // `a/**/b` also matches `a/b`; a trailing `**` matches the rest (and nothing).
      if (glob[i + 2] === '/') {
        out += '(?:[^/]*(?:/[^/]*)*/)?'
        i += 2
      } else {
        out += '.*'
        i += 1
      }
    } else if (c === '*') out += '[^/]*'
    else if (c === '?') out += '[^/]'
    else if (c === '{' || (c === '@' && glob[i + 1] === '(')) {
      const open = c === '{' ? i : i + 1
      const close = glob.indexOf(c === '{' ? '}' : ')', open)
      if (close === -1) return undefined
      const parts = glob.slice(open + 1, close).split(c === '{' ? ',' : '|').map((p) => globRegExp(p)?.source.slice(1, -1))
      if (parts.some((p) => p === undefined)) return undefined
      out += `(?:${parts.join('|')})`
      i = close
    } else if (c === '[') {
      const close = glob.indexOf(']', i + 2)
      if (close === -1) return undefined
      out += `[${glob.slice(i + 1, close).replace(/^!/, '^').replace(/\\/g, '\\\\')}]`
      i = close
    } else if ('!+@('.includes(c) && glob[i + 1] === '(') return undefined
    else out += c.replace(/[.+^${}()|[\]\\]/g, '\\$&')
  }
  try {
    return new RegExp(`^${out}$`)
  } catch {
    return undefined
  }
}
