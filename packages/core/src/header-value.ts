/**
 * What an option may hold when it becomes an HTTP header value in a host file (`_headers`,
 * `netlify.toml`, `vercel.json`) or a dev-server response. Pure validators, so a writer can apply
 * the same check to what it is about to write.
 */
import { diagnostic, type Diagnostic } from './diagnostics.js'
import { showValue } from './show-value.js'

/** `U+2028` for a character, as messages name it. */
export function codePoint(char: string): string {
  return `U+${char.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`
}

/**
 * Why `value` cannot be a header value, or undefined when it can. Rejects what Node's own
 * `validateHeaderValue` rejects (control characters, CR/LF, NUL, anything above U+00FF such as
 * U+2028/U+2029) and, stricter, every non-ASCII character: the hosts' files are UTF-8, so U+00E9
 * would arrive as two bytes that are not the character written. An empty value is rejected too
 * (Netlify and Cloudflare refuse a header line without a value).
 */
export function headerValueProblem(value: string): string | undefined {
  if (value.trim() === '') return 'it is empty'
  for (const char of value) {
    const c = char.codePointAt(0)!
    if (c === 0x09) continue
    if (c === 0x0a || c === 0x0d) return `it contains a line break (${codePoint(char)}), which would end the header line early`
    if (c < 0x20 || c === 0x7f) return `it contains the control character ${codePoint(char)}, which Node.js and the hosts reject in a header`
    if (c === 0x2028 || c === 0x2029) return `it contains ${codePoint(char)} (a line or paragraph separator), which Node.js rejects in a header and some tools read as a line break`
    if (c > 0x7e) return `it contains ${showValue(char)} (${codePoint(char)}), which is not ASCII: ${c > 0xff ? 'Node.js rejects it in a header' : 'the hosts would send its UTF-8 bytes, not that character'}`
  }
  return undefined
}

/**
 * Why `url` cannot be a Reporting-Endpoints URL, or undefined. On top of headerValueProblem: no
 * spaces, quotes, backslashes or commas (the header is a list of `name="url"` members, and Netlify
 * rewrites every comma in a value to ", "), and an absolute URL must be https (or http on the
 * local machine), as browsers only report to potentially trustworthy URLs. A path is resolved
 * against the page, as browsers do.
 */
export function reportingUrlProblem(url: string): string | undefined {
  const base = headerValueProblem(url)
  if (base) return base
  const bad = /[\s"\\,]/.exec(url)
  if (bad) return `it contains ${bad[0] === ',' ? 'a comma, which hosts rewrite to ", " (write %2C)' : bad[0] === '"' || bad[0] === '\\' ? 'a quote or backslash, which would end the quoted URL' : 'a space'}`
  if (url.startsWith('/') && !url.startsWith('//')) return undefined
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    return "it is neither an absolute URL nor a path starting with '/'"
  }
  const local = parsed.hostname === 'localhost' || parsed.hostname === '127.0.0.1' || parsed.hostname === '[::1]'
  if (parsed.protocol !== 'https:' && !(parsed.protocol === 'http:' && local)) return `browsers only send reports to https: URLs (or http: on localhost), not ${parsed.protocol}`
  return undefined
}

/** Referrer-Policy tokens (Referrer Policy §3); the header takes a comma-separated list of them, the last known one winning. */
const REFERRER_POLICIES = ['no-referrer', 'no-referrer-when-downgrade', 'origin', 'origin-when-cross-origin', 'same-origin', 'strict-origin', 'strict-origin-when-cross-origin', 'unsafe-url']
/** Cross-Origin-Opener-Policy values (HTML §7.1.3), optionally with `; report-to="group"`. */
const COOP_VALUES = ['same-origin', 'same-origin-allow-popups', 'noopener-allow-popups', 'unsafe-none']

/** Each security header option's grammar beyond "a valid header value": what it must be, in words, and the test. */
const SECURITY_GRAMMARS: Readonly<Record<string, { readonly expected: string; readonly test: (v: string) => boolean }>> = {
  referrerPolicy: {
    expected: `one or more of ${REFERRER_POLICIES.map((p) => `'${p}'`).join(', ')}, separated by commas`,
    test: (v) => v.split(',').every((p) => REFERRER_POLICIES.includes(p.trim().toLowerCase())),
  },
  crossOriginOpenerPolicy: {
    expected: `${COOP_VALUES.map((p) => `'${p}'`).join(', ')}, optionally followed by '; report-to="group"'`,
    test: (v) => /^\s*([a-z-]+)\s*(?:;\s*report-to="[a-z0-9_.*-]+"\s*)?$/i.test(v) && COOP_VALUES.includes(/^\s*([a-z-]+)/i.exec(v)![1]!.toLowerCase()),
  },
  strictTransportSecurity: {
    expected: "'max-age=<seconds>', optionally with '; includeSubDomains' and '; preload'",
    test: (v) => /^\s*max-age=\d+\s*(?:;\s*includeSubDomains\s*)?(?:;\s*preload\s*)?$/i.test(v),
  },
  permissionsPolicy: {
    expected: "comma-separated 'feature=allowlist' members, e.g. 'camera=(), geolocation=(self)'",
    test: (v) => v.split(',').every((m) => /^\s*[a-z][a-z0-9-]*=(?:\*|\(\s*(?:(?:self|\*|"[^"\s]+")\s*)*\)|self)\s*$/i.test(m)),
  },
}

/**
 * The header value options' problems as OPTION_INVALID, each naming the option and the form it
 * must have: `headers.security.*` strings and `headers.reportingEndpoints` URLs. An option
 * headers/host-options.ts already reported is skipped, so one mistake is one message.
 */
export function headerValueOptionDiagnostics(headers: unknown, already: readonly Diagnostic[]): Diagnostic[] {
  const out: Diagnostic[] = []
  if (typeof headers !== 'object' || headers === null) return out
  const h = headers as Record<string, unknown>
  const reported = (option: string) => already.some((d) => d.option === option)
  const invalid = (option: string, value: string, problem: string, fix: string) =>
    out.push(diagnostic({ code: 'OPTION_INVALID', option, message: `'${option}' is ${showValue(value)}: ${problem}.`, fix }))
  const security = h.security
  if (typeof security === 'object' && security !== null) {
    for (const [name, grammar] of Object.entries(SECURITY_GRAMMARS)) {
      const value = (security as Record<string, unknown>)[name]
      const option = `headers.security.${name}`
      if (typeof value !== 'string' || reported(option)) continue
      const problem = headerValueProblem(value)
      if (problem) invalid(option, value, `${problem}, so it cannot be a header value`, `Write it as ${grammar.expected}, in plain ASCII on one line.`)
      else if (!grammar.test(value)) invalid(option, value, `it is not ${grammar.expected}`, `Write it as ${grammar.expected}, or set it to true for cspkit's default.`)
    }
  }
  const endpoints = h.reportingEndpoints
  if (typeof endpoints === 'object' && endpoints !== null && !Array.isArray(endpoints)) {
    for (const [name, url] of Object.entries(endpoints)) {
      const option = `headers.reportingEndpoints.${name}`
      if (typeof url !== 'string' || reported(option)) continue
      const problem = reportingUrlProblem(url)
      if (problem) invalid(option, url, problem, "Give an https: URL (or a path starting with '/') in plain ASCII, with commas, spaces and quotes percent-encoded, e.g. 'https://example.com/csp-reports'.")
    }
  }
  return out
}
