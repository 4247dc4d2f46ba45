import { diagnostic, type Diagnostic } from '../diagnostics.js'

/** Cloudflare `_headers`: rules beyond 100 and lines over 2,000 characters are dropped (HOSTS.md 2.1). */
export const CLOUDFLARE_MAX_RULES = 100
export const CLOUDFLARE_MAX_LINE = 2000
/** Vercel `vercel.json` schema limits (HOSTS.md 3.3). */
export const VERCEL_MAX_RULES = 2048
export const VERCEL_MAX_HEADERS_PER_RULE = 1024
export const VERCEL_MAX_VALUE = 32768
export const VERCEL_MAX_SOURCE = 4096

const FIX =
  "Set headers.overflow: 'union' (one site-wide policy holding every page's hashes) or 'meta' (policies stay in each page's meta tag), or move inline scripts and styles into files so pages need fewer hashes."

/** The first Cloudflare limit the rendered block (plus the user's own rules) breaks, if any. */
export function cloudflareLimit(lines: readonly string[], userRules: number, file: string): Diagnostic | undefined {
  const rules = lines.filter((l) => l.startsWith('/')).length
  if (rules + userRules > CLOUDFLARE_MAX_RULES)
    return limitDiagnostic(
      file,
      `Cloudflare reads at most ${CLOUDFLARE_MAX_RULES} header rules and skips the rest, and this site needs ${rules} (plus ${userRules} of yours).`,
    )
  const long = lines.find((l) => l.trim().length > CLOUDFLARE_MAX_LINE)
  if (long)
    return limitDiagnostic(
      file,
      `Cloudflare ignores _headers lines over ${CLOUDFLARE_MAX_LINE} characters, and the ${long.trim().split(':')[0]} line is ${long.trim().length}.`,
    )
  return undefined
}

export function limitDiagnostic(file: string, message: string): Diagnostic {
  return diagnostic({ code: 'HEADERS_LIMIT_EXCEEDED', file, option: 'headers.overflow', message, fix: FIX })
}
