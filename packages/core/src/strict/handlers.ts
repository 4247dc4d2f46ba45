/**
 * Inline event handlers and `javascript:` URLs under strict mode. cspkit allows them by hash with
 * `'unsafe-hashes'` (the page keeps working), but that is what keeps a page from being a strict
 * CSP: an injection can reuse any hashed handler on another element, and CSP Evaluator and
 * Lighthouse flag it. The user asked for strict, so the build says so, with the way out.
 */
import { diagnostic, type Diagnostic } from '../diagnostics.js'
import type { InlineContent } from '../html/scan.js'
import { getDirective, type Policy } from '../policy/model.js'

export function strictHandlerDiagnostics(inline: readonly InlineContent[], policy: Policy, fileName: string): Diagnostic[] {
  const script = getDirective(policy, 'script-src-attr') ?? getDirective(policy, 'script-src')
  if (!script?.values.includes("'unsafe-hashes'")) return []
  const handlers = inline.filter((item) => item.kind === 'event-handler' || item.kind === 'javascript-url')
  if (handlers.length === 0) return []
  const first = handlers[0]!
  const what = first.kind === 'event-handler' ? `<${first.tag} ${first.attribute}>` : `<${first.tag} ${first.attribute}="javascript:…">`
  return [
    diagnostic({
      code: 'STRICT_INLINE_HANDLERS',
      file: `${fileName}:${first.line}:${first.column}`,
      directive: script.name,
      option: 'strict',
      message: `${what}${handlers.length > 1 ? ` and ${handlers.length - 1} more inline handler${handlers.length > 2 ? 's' : ''}` : ''} ${handlers.length > 1 ? 'are' : 'is'} allowed by hash with 'unsafe-hashes', so this page's policy is not a strict CSP: an injected element can reuse any hashed handler, and CSP Evaluator and Lighthouse's csp-xss audit flag it.`,
      fix: `Move the handlers into script files (addEventListener) and javascript: URLs into click listeners; or set hash.eventHandlers: false and hash.javascriptUrls: false to block them.`,
    }),
  ]
}
