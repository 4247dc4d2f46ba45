import type { Diagnostic, Severity } from '@cspkit/core'

/**
 * The CLI's own diagnostic codes, stable like the core's (users grep for them). They are kept here
 * because they only come from the CLI; they follow the same `[cspkit] CODE (where): … Fix: …` form.
 */
export const CLI_CODES = {
  CLI_USAGE: 'error',
  CONFIG_NOT_FOUND: 'error',
  CONFIG_UNREADABLE: 'error',
  CONFIG_INVALID: 'error',
  CHECK_INLINE_BLOCKED: 'error',
  CHECK_NO_POLICY: 'error',
  CHECK_NO_PAGES: 'error',
} as const satisfies Record<string, Severity>

export type CliCode = keyof typeof CLI_CODES

export function cliDiagnostic(init: Omit<Diagnostic, 'severity' | 'code'> & { code: CliCode }): Diagnostic {
  return Object.freeze({ ...init, severity: CLI_CODES[init.code] })
}

/** Exit codes: 0 ok; 1 the site or policy has problems (build failed per failOn, check or lint found some); 2 cspkit could not run as asked (usage, config, missing folder). */
export const EXIT = { OK: 0, PROBLEMS: 1, USAGE: 2 } as const
