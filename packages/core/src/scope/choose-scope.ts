import { diagnostic, type Diagnostic } from '../diagnostics.js'
import type { ScopeEvidence } from './detect-router.js'

/** `'page'`: each page's policy allows its own inline content; `'site'`: every page's; `'auto'`: `'site'` where a client-side router is found. */
export type ScopeOption = 'page' | 'site' | 'auto'
export const SCOPE_OPTIONS: readonly ScopeOption[] = ['page', 'site', 'auto']

export interface ScopeDecision {
  readonly scope: 'page' | 'site'
  /** Why, for the build summary: e.g. `VitePress client-side router, seen in index.html`. */
  readonly reason: string
  readonly diagnostics: readonly Diagnostic[]
}

/** The scope a run uses, from the option and (for `'auto'`) what the pages showed. */
export function chooseScope(option: ScopeOption, evidence: ScopeEvidence): ScopeDecision {
  if (option !== 'auto') return { scope: option, reason: `scope: '${option}' in the options`, diagnostics: [] }
  if (evidence.router)
    return {
      scope: 'site',
      reason: `${evidence.router.framework} client-side router, seen in ${evidence.router.fileName}`,
      diagnostics: [],
    }
  const reason = `no client-side router found in ${evidence.pages} page${evidence.pages === 1 ? '' : 's'}`
  // Pages of one build loading one entry may navigate with a router inside it (a Vue/React/Svelte
  // router in a Vite or webpack multi-page build): nothing in the HTML tells, so the user decides.
  if (evidence.pages > 1 && typeof evidence.sharedEntry === 'string')
    return {
      scope: 'page',
      reason,
      diagnostics: [
        diagnostic({
          code: 'SCOPE_AMBIGUOUS',
          option: 'scope',
          message: `All ${evidence.pages} pages load the same script (${evidence.sharedEntry}); if it holds a client-side router, pages reached through it keep the first page's policy and their inline content is blocked. cspkit found no router marker, so each page gets its own policy.`,
          fix: "Set scope: 'site' if the app navigates between these pages without reloading, or scope: 'page' to keep per-page policies and silence this message.",
        }),
      ],
    }
  return { scope: 'page', reason, diagnostics: [] }
}
