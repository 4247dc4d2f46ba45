import { showValue } from './show-value.js'

/**
 * One diagnostics system for every door (Vite, webpack, CLI, API): a stable code, a severity,
 * where it is about, what is wrong and how to fix it.
 */

export type Severity = 'error' | 'warning' | 'info'

/** Stable codes. Never rename one: users filter and search on them. */
export const DIAGNOSTIC_CODES = {
  OPTION_UNKNOWN: 'error',
  OPTION_INVALID: 'error',
  POLICY_SYNTAX: 'error',
  POLICY_INJECTION: 'error',
  POLICY_UNQUOTED_KEYWORD: 'error',
  POLICY_DUPLICATE_DIRECTIVE: 'error',
  META_IGNORED_DIRECTIVE: 'warning',
  META_REPORT_ONLY_IGNORED: 'warning',
  META_OUTSIDE_HEAD: 'warning',
  META_MOVED: 'info',
  UNSAFE_INLINE_IGNORED: 'warning',
  UNSAFE_INLINE_KEPT: 'warning',
  INLINE_BLOCKED: 'warning',
  HTML_UNREADABLE: 'error',
  // Presets (presets/resolve.ts).
  PRESET_VARIANT_RENAMED: 'info',
  // Policy validation (lint/validate.ts): what browsers would ignore or misread.
  POLICY_UNKNOWN_DIRECTIVE: 'error',
  POLICY_DEPRECATED_DIRECTIVE: 'error',
  POLICY_INVALID_SOURCE: 'error',
  POLICY_UNKNOWN_KEYWORD: 'error',
  POLICY_INVALID_HASH: 'error',
  POLICY_INVALID_NONCE: 'error',
  POLICY_INVALID_VALUE: 'error',
  POLICY_NONE_WITH_SOURCES: 'error',
  POLICY_EMPTY_DIRECTIVE: 'warning',
  POLICY_KEYWORD_IGNORED: 'warning',
  // Security lint (lint/security.ts): valid policies that protect less than they could.
  LINT_UNSAFE_INLINE: 'warning',
  LINT_UNSAFE_EVAL: 'warning',
  LINT_UNSAFE_HASHES: 'warning',
  LINT_STYLE_UNSAFE_INLINE: 'warning',
  LINT_PERMISSIVE_SCHEME: 'warning',
  LINT_WILDCARD: 'warning',
  LINT_MISSING_OBJECT_SRC: 'warning',
  LINT_MISSING_SCRIPT_SRC: 'warning',
  LINT_MISSING_BASE_URI: 'warning',
  LINT_RISKY_HOST: 'warning',
  LINT_HOST_ALLOWLIST: 'warning',
  LINT_OBJECT_SRC_NOT_NONE: 'warning',
  LINT_IP_SOURCE: 'warning',
  LINT_STATIC_NONCE: 'warning',
  LINT_WEAK_NONCE: 'warning',
  LINT_INSECURE_SOURCE: 'warning',
  LINT_STRICT_DYNAMIC_WITHOUT_HASH: 'warning',
  LINT_STRICT_DYNAMIC_IGNORES: 'info',
  LINT_NO_TRUSTED_TYPES: 'info',
  // `cspkit lint` (packages/cli/src/lint-drops.ts): what the policy it prints leaves out of the text given.
  LINT_DROPPED: 'info',
  // A page's own CSP meta that would widen a script, plugin, <base> or default-src check (lint/page-policy.ts).
  PAGE_META_WIDENS: 'warning',
  // A page's own meta with ',' (several policies to Chromium and WebKit, one to Firefox): the page is left as it was.
  PAGE_META_UNREADABLE: 'error',
  // An absolute headers.*.configPath: where cspkit writes the host file (option-paths.ts).
  HEADERS_PATH_ABSOLUTE: 'info',
  // Host header files (headers/): _headers, netlify.toml, vercel.json.
  HEADERS_FILE_UNREADABLE: 'error',
  HEADERS_LIMIT_EXCEEDED: 'error',
  HEADERS_OVERFLOW_APPLIED: 'info',
  HEADERS_USER_RULE_CONFLICT: 'warning',
  HEADERS_URL_UNSUPPORTED: 'error',
  HEADERS_URL_COLLISION: 'error',
  HEADERS_FALLBACK_UNCOVERED: 'warning',
  HEADERS_FRAME_OPTIONS_CONFLICT: 'warning',
  HEADERS_REPORT_TO_UNDEFINED: 'warning',
  HEADERS_VALUE_INVALID: 'error',
  HEADERS_WRITE_FAILED: 'error',
  // A host that sends no custom headers (GitHub Pages): header-only settings have no effect there.
  HEADERS_HOST_HEADERLESS: 'warning',
  // File-system faults (fs/): a full disk, a permission, a read-only mount; nothing half-written.
  FS_NO_SPACE: 'error',
  FS_PERMISSION_DENIED: 'error',
  FS_READ_ONLY: 'error',
  FS_FAILED: 'error',
  SITE_NOT_WRITTEN: 'error',
  HEADERS_FILE_NOT_UTF8: 'error',
  HEADERS_DUPLICATE_KEY: 'error',
  HEADERS_FILE_BOM: 'error',
  HEADERS_FILE_TOO_DEEP: 'error',
  BUILD_NO_PAGES: 'error',
  // Dev and preview servers (dev/): violations reported by the browser, printed once each with the fix.
  CSP_VIOLATION: 'warning',
  DEV_EVAL_ALLOWED: 'info',
  // What pages load and what their JavaScript does (loads/): blocked for certain in the HTML, likely in the code.
  LOAD_BLOCKED: 'error',
  EVAL_BLOCKED: 'warning',
  WASM_EVAL_BLOCKED: 'warning',
  SCRIPT_LOAD_BLOCKED: 'warning',
  SRCDOC_INLINE_BLOCKED: 'warning',
  FAVICON_BLOCKED: 'warning',
  INLINE_BEFORE_META: 'warning',
  DOCUMENT_WRITE_SCRIPT: 'warning',
  // Directory mode and the `cspkit` CLI (directory.ts, packages/cli): usage, config files, `cspkit check`.
  DIRECTORY_NOT_FOUND: 'error',
  LINK_NOT_FOLLOWED: 'warning',
  CLI_USAGE: 'error',
  CONFIG_NOT_FOUND: 'error',
  CONFIG_UNREADABLE: 'error',
  CONFIG_INVALID: 'error',
  CHECK_INLINE_BLOCKED: 'error',
  CHECK_NO_POLICY: 'error',
  CHECK_NO_PAGES: 'error',
  CHECK_HEADERS_UNREADABLE: 'error',
  CHECK_HEADERS_LINE_IGNORED: 'warning',
  CHECK_HEADER_PATTERN_UNSUPPORTED: 'warning',
  CHECK_POLICY_UNREADABLE: 'error',
  CHECK_LINK_NOT_FOLLOWED: 'error',
  // Site scope (scope/): one policy for every page of a site with a client-side router.
  SCOPE_AMBIGUOUS: 'info',
  SCOPE_UNION_TOO_LARGE: 'error',
  // `cspkit check --browser` (packages/cli/src/browser/): a reader's visit in headless Chromium.
  CHECK_BROWSER_NOT_FOUND: 'error',
  CHECK_BROWSER_FAILED: 'error',
  CHECK_BROWSER_VIOLATION: 'error',
  CHECK_BROWSER_NO_POLICY: 'error',
  CHECK_BROWSER_PAGE_FAILED: 'error',
  CHECK_BROWSER_ACTION_CUT_SHORT: 'warning',
  // @cspkit/astro (packages/astro): Astro's own CSP option is on next to the integration.
  ASTRO_CSP_ENABLED: 'warning',
  // Strict mode (strict/): 'strict-dynamic' with hashes and integrity from the build's own bytes.
  STRICT_SOURCES_DROPPED: 'info',
  STRICT_SCRIPT_UNHASHED: 'error',
  STRICT_INTEGRITY_MISMATCH: 'error',
  STRICT_CROSSORIGIN_ADDED: 'info',
  STRICT_DEV_NOT_STRICT: 'info',
  STRICT_INLINE_HANDLERS: 'warning',
  STRICT_IMPORT_MAP_KEPT: 'warning',
  PRESET_NOT_STRICT: 'warning',
  HEADERS_INTEGRITY_POLICY_WITHHELD: 'warning',
  HEADERS_INTEGRITY_POLICY_ENFORCED: 'info',
  // Directory mode (directory.ts): a worker thread reached its heap limit on a chunk, which the main thread then processed.
  DIRECTORY_WORKER_OUT_OF_MEMORY: 'info',
} as const satisfies Record<string, Severity>

export type DiagnosticCode = keyof typeof DIAGNOSTIC_CODES

export interface Diagnostic {
  readonly code: DiagnosticCode | (string & {})
  readonly severity: Severity
  /** What is wrong, in one sentence. */
  readonly message: string
  /** What to change so it goes away. */
  readonly fix: string
  /** The page (output-relative) or config file it is about. */
  readonly file?: string
  /** The option path it is about, e.g. `policy.script-src[1]`. */
  readonly option?: string
  /** The policy directive it is about. */
  readonly directive?: string
  /** The preset that contributed what it is about. */
  readonly preset?: string
}

export type DiagnosticInit = Omit<Diagnostic, 'severity'> & { severity?: Severity }

export function diagnostic(init: DiagnosticInit & { code: DiagnosticCode }): Diagnostic {
  return Object.freeze({ ...init, severity: init.severity ?? DIAGNOSTIC_CODES[init.code] })
}

/** OPTION_INVALID for an option of the wrong type or value: names the option, what it expects and what it got. */
export function invalidOption(option: string, expected: string, value: unknown, fix?: string): Diagnostic {
  return diagnostic({
    code: 'OPTION_INVALID',
    option,
    message: `'${option}' must be ${expected}, got ${showValue(value)}.`,
    fix: fix ?? `Set '${option}' to ${expected}, or leave it out for the default.`,
  })
}

/** `[cspkit] CODE (where): message Fix: fix` — one line, greppable by code. */
export function formatDiagnostic(d: Diagnostic): string {
  const where = [d.file, d.option && `option ${d.option}`, d.preset && `preset ${d.preset}`]
    .filter(Boolean)
    .join(', ')
  return `[cspkit] ${d.code}${where ? ` (${where})` : ''}: ${d.message} Fix: ${d.fix}`
}

/** Thrown for input cspkit cannot work with; carries every diagnostic found, not just the first. */
export class CspkitError extends Error {
  declare readonly diagnostics: readonly Diagnostic[]
  constructor(diagnostics: readonly Diagnostic[]) {
    super(diagnostics.map(formatDiagnostic).join('\n'))
    this.name = 'CspkitError'
    // Not enumerable: printers that inspect the error (Vite's config loader) then show only the message.
    Object.defineProperty(this, 'diagnostics', { value: diagnostics, enumerable: false })
    // The message says what and where; a stack into cspkit's internals would only bury it.
    this.stack = `${this.name}: ${this.message}`
  }
}

export function throwIfErrors(diagnostics: readonly Diagnostic[]): void {
  const errors = diagnostics.filter((d) => d.severity === 'error')
  if (errors.length > 0) throw new CspkitError(errors)
}

/** What fails the build. */
export type FailOn = 'error' | 'warning' | 'never'

export function failsBuild(d: Diagnostic, failOn: FailOn): boolean {
  if (failOn === 'never') return false
  if (failOn === 'warning') return d.severity !== 'info'
  return d.severity === 'error'
}

/**
 * The same problem on many pages is one message that names the pages, not one message per page
 * (a 500-page site would otherwise print 500 identical warnings).
 */
export function dedupeDiagnostics(list: readonly Diagnostic[]): Diagnostic[] {
  const groups = new Map<string, { first: Diagnostic; files: string[] }>()
  for (const d of list) {
    const key = `${d.code}\u0000${d.message}\u0000${d.option ?? ''}\u0000${d.preset ?? ''}`
    const group = groups.get(key)
    if (!group) groups.set(key, { first: d, files: d.file ? [d.file] : [] })
    else if (d.file && !group.files.includes(d.file)) group.files.push(d.file)
  }
  return [...groups.values()].map(({ first, files }) => {
    if (files.length <= 1) return first
    const shown = files.slice(0, 3).join(', ')
    const more = files.length > 3 ? ` and ${files.length - 3} more` : ''
    return Object.freeze({ ...first, file: `${files.length} pages: ${shown}${more}` })
  })
}
