import { diagnostic, type Diagnostic } from '../diagnostics.js'
import type { Policy } from '../policy/model.js'
import type { PageLoad } from './elements.js'
import { fixForUrl } from './fix.js'
import { governingFor, sourceListAllows } from './match.js'
import { pageUrl } from './resolve.js'

/**
 * Firefox and WebKit (Safari) request `/favicon.ico` on their own for a page with no
 * `<link rel=icon>`, and check that request against the page's img-src (Chromium's is not subject
 * to the page's CSP). A policy that blocks it works, but every Firefox and Safari visit logs a
 * violation and, with report-to, sends a report: FAVICON_BLOCKED says so, with the fix.
 */
export function faviconDiagnostics(loads: readonly PageLoad[], policy: Policy, fileName: string, configured: Policy, origin?: string): Diagnostic[] {
  // A page with an icon link of its own: the browser fetches that (checked as any other load), not /favicon.ico.
  if (loads.some((l) => l.tag === 'link' && l.kind === 'img-src')) return []
  const d = governingFor(policy, 'img-src')
  // /favicon.ico is on the page's own origin: 'self' allows it, and most policies have it (no URL to build).
  if (!d || d.values.includes("'self'")) return []
  const page = pageUrl(fileName, origin)
  const favicon = new URL('/favicon.ico', page)
  if (sourceListAllows(d.values, favicon, page)) return []
  const fix = fixForUrl(configured, 'img-src', favicon, page)
  return [
    diagnostic({
      code: 'FAVICON_BLOCKED',
      file: fileName,
      directive: 'img-src',
      option: fix.option,
      message: `The page has no <link rel="icon">, so Firefox and Safari request /favicon.ico themselves, and '${d.name}' does not allow it: every visit in those browsers logs (and with report-to, reports) an img-src violation.`,
      fix: `${fix.fix} Or give the page a <link rel="icon" href="…"> to an image the policy allows.`,
    }),
  ]
}
