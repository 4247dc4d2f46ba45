import { getDirective, removeDirectives, setDirective, type Policy } from '../policy/model.js'
import { withoutRedundantNone } from '../policy/merge.js'
import { governingDirective, unsafeInlineIsEffective } from '../policy/inline.js'
import { DIRECTIVE_FALLBACKS } from '../policy/fallbacks.js'

/** Where the dev and preview servers collect violation reports. */
export const REPORT_PATH = '/__cspkit/report'

/** What the dev server's own client needs, and nothing else. */
export interface DevAllowances {
  /** Origins of the hot-update websocket, e.g. `ws://127.0.0.1:5173`. */
  readonly websocketOrigins: readonly string[]
  /** The nonce Vite puts on the `<style>` elements its client injects (its `html.cspNonce`). */
  readonly styleNonce?: string
  /** The dev bundle runs its modules through eval() (webpack's development default `devtool: 'eval'`). */
  readonly evalModules?: boolean
}

const SAMPLED_DIRECTIVES = ['default-src', 'script-src', 'script-src-elem', 'script-src-attr', 'style-src', 'style-src-elem', 'style-src-attr']

/**
 * A page's policy as served in development (never written to the build): the page's own policy, the
 * documented dev-only allowances for the dev server's client, and reporting to the dev server.
 *
 * - `connect-src` gets the websocket origins (HMR). When only `default-src` governs, `connect-src`
 *   is created as a copy of it first, so nothing the user allowed is lost.
 * - `script-src` gets `'unsafe-eval'` when the dev bundle evaluates its modules (`evalModules`).
 * - `style-src-elem` gets the style nonce, so the `<style>` elements Vite injects for imported CSS
 *   (and its error overlay) apply. It goes into `style-src-elem`, created as a copy of the governing
 *   directive, not into `style-src`: a nonce there would make browsers ignore an `'unsafe-inline'`
 *   that the user's `style=""` attributes rely on (CSP-RULES f2). A directive that already allows
 *   every inline style gets nothing.
 */
export function devPolicy(pagePolicy: Policy, allowances: DevAllowances, reportPath: string = REPORT_PATH): Policy {
  let policy = pagePolicy
  if (allowances.websocketOrigins.length > 0) policy = allowIn(policy, 'connect-src', allowances.websocketOrigins)
  // eval() is governed by script-src (then default-src); a policy that does not restrict scripts needs nothing.
  if (allowances.evalModules) policy = allowEval(policy)
  const style = governingDirective(policy, 'style-elem')
  if (allowances.styleNonce && style && !unsafeInlineIsEffective(style, 'style-elem'))
    policy = setDirective(policy, 'style-src-elem', withoutRedundantNone([...style.values, `'nonce-${allowances.styleNonce}'`]))
  return reportingPolicy(policy, reportPath)
}

/**
 * A policy that reports its violations to `reportPath`: `report-uri` (sent at once; Chromium batches
 * Reporting API deliveries for up to a minute and, with `report-to` present, ignores `report-uri`,
 * so the user's own `report-to`/`report-uri` are replaced), and `'report-sample'` so reports carry
 * the first 40 characters of blocked inline code. Neither changes what the policy allows.
 */
export function reportingPolicy(policy: Policy, reportPath: string = REPORT_PATH): Policy {
  let out = removeDirectives(policy, ['report-uri', 'report-to'])
  for (const name of SAMPLED_DIRECTIVES) {
    const d = getDirective(out, name)
    if (!d || (d.values.length === 1 && d.values[0] === "'none'")) continue
    out = setDirective(out, name, [...d.values, "'report-sample'"])
  }
  return setDirective(out, 'report-uri', [reportPath])
}

/** `'unsafe-eval'` where eval() is checked: script-src, or a copy of default-src (nothing to add when neither restricts scripts). */
export function allowEval(policy: Policy): Policy {
  return allowIn(policy, 'script-src', ["'unsafe-eval'"])
}

/** Adds `sources` to what governs `effective`, creating `effective` as a copy of `default-src` when that is what governs. */
function allowIn(policy: Policy, effective: string, sources: readonly string[]): Policy {
  const governing = (DIRECTIVE_FALLBACKS[effective] ?? [effective])
    .map((name) => getDirective(policy, name))
    .find((d) => d !== undefined)
  if (!governing) return policy // nothing restricts it
  const name = governing.name === 'default-src' ? effective : governing.name
  return setDirective(policy, name, withoutRedundantNone([...governing.values, ...sources]))
}
