import { diagnostic, formatDiagnostic, type Diagnostic } from '../diagnostics.js'
import type { Policy } from '../policy/model.js'
import { adviseViolation, type PresetLookup } from './advice.js'
import type { Violation } from './violation.js'

export interface ViolationPrinterOptions {
  /** Where lines go: the dev server's own logger (Vite's `config.logger`, webpack's infrastructure logger). */
  readonly logger: { warn(message: string): void }
  /** The configured policy, which the advice tells the user how to change. */
  readonly policy: Policy
  readonly presets?: PresetLookup
}

/**
 * Prints each distinct violation (page, directive, what was blocked) once, as a `CSP_VIOLATION`
 * diagnostic with its fix. Browsers report the same violation on every reload and every repeated
 * request; the terminal should say it once per dev session.
 */
export function createViolationPrinter(options: ViolationPrinterOptions): (violations: readonly Violation[]) => void {
  const seen = new Set<string>()
  return (violations) => {
    for (const v of violations) {
      const key = `${pagePath(v.documentURL)}\u0000${v.directive}\u0000${v.blockedURL}\u0000${v.sample}`
      if (seen.has(key)) continue
      seen.add(key)
      options.logger.warn(formatDiagnostic(violationDiagnostic(v, options.policy, options.presets)))
    }
  }
}

export function violationDiagnostic(v: Violation, policy: Policy, presets?: PresetLookup): Diagnostic {
  const advice = adviseViolation(v, policy, presets)
  const verb = v.disposition === 'report' ? 'would block (report-only)' : 'blocked'
  return diagnostic({
    code: 'CSP_VIOLATION',
    file: pagePath(v.documentURL),
    directive: v.directive,
    message: `'${v.directive}' ${verb} ${advice.blocked}${v.source ? ` (from ${sameOriginPath(v.source, v.documentURL)})` : ''}.`,
    fix: advice.fix,
  })
}

/** The page as the developer knows it: its path on the dev server, not the full local URL. */
function pagePath(documentURL: string): string {
  try {
    const url = new URL(documentURL)
    return `${url.pathname}${url.search}`
  } catch {
    return documentURL || '(unknown page)'
  }
}

/** `http://127.0.0.1:5173/src/main.js:3:9` on a page of that server → `/src/main.js:3:9`. */
function sameOriginPath(source: string, documentURL: string): string {
  try {
    const origin = new URL(documentURL).origin
    return source.startsWith(`${origin}/`) ? source.slice(origin.length) : source
  } catch {
    return source
  }
}
