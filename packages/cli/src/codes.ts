import { DIAGNOSTIC_CODES, type DiagnosticCode } from '@cspkit/core'

/**
 * The codes only the CLI emits. They live in core's one registry (DIAGNOSTIC_CODES) like every other
 * code, and are built with core's `diagnostic()`; this list is for documentation and tests.
 */
export const CLI_CODES = pick([
  'CLI_USAGE',
  'CONFIG_NOT_FOUND',
  'CONFIG_UNREADABLE',
  'CONFIG_INVALID',
  'CHECK_INLINE_BLOCKED',
  'CHECK_NO_POLICY',
  'CHECK_NO_PAGES',
  'CHECK_HEADERS_UNREADABLE',
  'CHECK_HEADERS_LINE_IGNORED',
  'CHECK_HEADER_PATTERN_UNSUPPORTED',
  'CHECK_POLICY_UNREADABLE',
  'CHECK_LINK_NOT_FOLLOWED',
  'CHECK_BROWSER_NOT_FOUND',
  'CHECK_BROWSER_FAILED',
  'CHECK_BROWSER_VIOLATION',
  'CHECK_BROWSER_NO_POLICY',
  'CHECK_BROWSER_PAGE_FAILED',
  'CHECK_BROWSER_ACTION_CUT_SHORT',
  'BUILD_NO_PAGES',
] as const)

export type CliCode = keyof typeof CLI_CODES

function pick<const K extends readonly DiagnosticCode[]>(codes: K): { readonly [C in K[number]]: (typeof DIAGNOSTIC_CODES)[C] } {
  return Object.freeze(Object.fromEntries(codes.map((c) => [c, DIAGNOSTIC_CODES[c]]))) as never
}

/** Exit codes: 0 ok; 1 the site or policy has problems (build failed per failOn, check or lint found some); 2 cspkit could not run as asked (usage, config, missing folder). */
export const EXIT = { OK: 0, PROBLEMS: 1, USAGE: 2 } as const
