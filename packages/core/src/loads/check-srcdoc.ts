import { diagnostic, type Diagnostic } from '../diagnostics.js'
import { scanPage } from '../html/scan.js'
import { allowedBy, governingDirective } from '../policy/inline.js'
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
 * page's own loads (LOAD_BLOCKED, located at the srcdoc attribute), and their inline content, which
 * cspkit does not hash into the page's policy, is SRCDOC_INLINE_BLOCKED unless the policy allows it.
 */
export function checkSrcdocs(srcdocs: readonly Srcdoc[], policy: Policy, configured: Policy, fileName: string, origin?: string): Diagnostic[] {
  const out: Diagnostic[] = []
  for (const srcdoc of srcdocs) {
    const where = `${fileName}:${srcdoc.line}:${srcdoc.column}`
    const inner = scanPage(srcdoc.html)
    for (const d of checkPageLoads(inner.loads, policy, fileName, configured, origin).diagnostics) out.push({ ...d, file: where })
    const blocked = inner.inline.filter((item) => !allowedBy(governingDirective(policy, item.target), item))
    if (blocked.length === 0) continue
    const kinds = [...new Set(blocked.map((b) => LABEL[b.kind] ?? b.kind))]
    const directive = governingDirective(policy, blocked[0]!.target)?.name ?? 'default-src'
    out.push(
      diagnostic({
        code: 'SRCDOC_INLINE_BLOCKED',
        file: where,
        directive,
        message: `An <iframe srcdoc> document inherits this page's policy, which blocks its ${kinds.join(', ')} (${blocked.length} in all; '${directive}'): cspkit hashes the page's own inline content, not a srcdoc's.`,
        fix: 'Move the frame\'s content into a page of its own (<iframe src="frame.html">), which cspkit processes like any page, or allow its inline content in the policy option (its hashes).',
      }),
    )
  }
  return out
}
