import { renderContentAttribute } from '../html/edit.js'
import { scanPage } from '../html/scan.js'
import { parsePolicyString } from '../policy/parse.js'
import { serializeMetaPolicy } from '../policy/serialize.js'
import { allowEval } from './dev-policy.js'

/**
 * The served page with `'unsafe-eval'` added to each of its enforced CSP metas, for a dev bundle
 * that runs its modules through eval(): browsers enforce the meta as well as the dev server's
 * header, so the allowance must be in both. Dev only (the dev server's response, never the build's
 * files); the page itself when there is nothing to change.
 */
export function devPageAllowingEval(html: string): string {
  const metas = scanPage(html).metas.filter((m) => m.inHead && !m.reportOnly && m.contentAttribute)
  let out = html
  // From the last to the first, so earlier offsets stay true.
  for (const meta of [...metas].reverse()) {
    const policy = allowEval(parsePolicyString(meta.policy).policy)
    const text = serializeMetaPolicy(policy)
    if (text === meta.policy) continue
    out = out.slice(0, meta.contentAttribute!.start) + renderContentAttribute(text) + out.slice(meta.contentAttribute!.end)
  }
  return out
}
