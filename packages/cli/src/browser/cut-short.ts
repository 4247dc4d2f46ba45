import { diagnostic, type Diagnostic } from '@cspkit/core'
import type { CutShortAction } from './visit.js'

/**
 * One warning per page whose reader actions ran out of --action-timeout: the check did not see all
 * they do, so a clean result does not cover them. A warning, not a failure: nothing was seen blocked.
 */
export function cutShortDiagnostics(cut: readonly CutShortAction[], actionTimeout: number): Diagnostic[] {
  const byPage = new Map<string, CutShortAction[]>()
  for (const c of cut) byPage.set(c.path, [...(byPage.get(c.path) ?? []), c])
  return [...byPage].map(([path, actions]) => {
    const names = actions.map((a) => (a.link === undefined ? a.action : `${a.action} on ${a.link}`))
    const what = names.length === 1 ? `The ${names[0]}` : `${names.length} reader actions (${names.join(', ')})`
    return diagnostic({
      code: 'CHECK_BROWSER_ACTION_CUT_SHORT',
      file: path,
      message: `${what} on this page ran out of the ${actionTimeout} ms of --action-timeout before the page was quiet again (or the page stayed too busy to try ${names.length === 1 ? 'it' : 'them'}), so what ${names.length === 1 ? 'it does was' : 'they do was'} not fully checked.`,
      fix: `Raise --action-timeout (e.g. --action-timeout ${Math.max(actionTimeout * 3, 10000)}), most of all on a loaded machine.`,
    })
  })
}
