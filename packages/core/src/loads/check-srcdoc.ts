import { diagnostic, type Diagnostic } from '../diagnostics.js'
import { scanDocument, type InlineContent } from '../html/scan.js'
import { governingDirective } from '../policy/inline.js'
import type { Policy } from '../policy/model.js'
import { checkPageLoads } from './check-page.js'
import type { Srcdoc } from './elements.js'

const LABEL: Readonly<Record<string, string>> = {
  script: 'inline <script>',
  style: 'inline <style>',
  'event-handler': 'event-handler attribute',
  'style-attribute': 'style="" attribute',
  'javascript-url': 'javascript: URL',
}

/**
 * `<iframe srcdoc>` documents inherit the embedding page's policy: what they load is checked as the
 * page's own loads (LOAD_BLOCKED, located at the srcdoc attribute). Their inline content is hashed
 * into the page's policy with the page's own (html/scan.ts); what stays blocked (hashing turned off,
 * 'unsafe-inline' respected) is SRCDOC_INLINE_BLOCKED: {@link srcdocBlockedDiagnostics}.
 */
export function checkSrcdocs(srcdocs: readonly Srcdoc[], policy: Policy, configured: Policy, fileName: string, origin?: string): Diagnostic[] {
  const out: Diagnostic[] = []
  for (const srcdoc of srcdocs) {
    const where = `${fileName}:${srcdoc.line}:${srcdoc.column}`
    for (const d of checkPageLoads(scanDocument(srcdoc.html).loads, policy, fileName, configured, origin).diagnostics) out.push({ ...d, file: where })
  }
  return out
}

/** One SRCDOC_INLINE_BLOCKED per srcdoc attribute whose documents' inline content the page's policy still blocks. */
export function srcdocBlockedDiagnostics(blocked: readonly InlineContent[], policy: Policy, fileName: string): Diagnostic[] {
  const byAttribute = new Map<string, InlineContent[]>()
  for (const item of blocked) {
    const where = `${fileName}:${item.line}:${item.column}`
    byAttribute.set(where, [...(byAttribute.get(where) ?? []), item])
  }
  return [...byAttribute].map(([where, items]) => {
    const kinds = [...new Set(items.map((b) => LABEL[b.kind] ?? b.kind))]
    const directive = governingDirective(policy, items[0]!.target)?.name ?? 'default-src'
    return diagnostic({
      code: 'SRCDOC_INLINE_BLOCKED',
      file: where,
      directive,
      message: `An <iframe srcdoc> document inherits this page's policy, which blocks its ${kinds.join(', ')} (${items.length} in all; '${directive}').`,
      fix: `Let cspkit hash it (the hash option for its kind on, no 'unsafe-inline' in '${directive}'), or move the frame's content into a page of its own (<iframe src="frame.html">).`,
    })
  })
}
