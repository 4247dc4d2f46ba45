import type { HostFile } from './headers/plan.js'
import { hostTitle } from './headers/host-title.js'
import { CLOUDFLARE_MAX_LINE, CLOUDFLARE_MAX_RULES, VERCEL_MAX_RULES, VERCEL_MAX_VALUE } from './headers/limits.js'
import type { PageResult } from './page.js'
import type { HostName } from './headers/host-options.js'
import { cspHeaderName } from './headers/rules.js'
import { platformHeadroom } from './headers/platform-headroom.js'
import type { ResolvedHeaderFileOptions } from './headers/host-options.js'
import type { ScopeDecision } from './scope/choose-scope.js'

/**
 * The end-of-build summary: pages, hashes per page, the longest policy, the header files written and
 * how much room each selected host's limits still leave (a site grows; the limit is best seen early).
 */
export function buildSummary(pages: readonly PageResult[], hostFiles: readonly HostFile[], scope?: ScopeSummaryInput): string[] {
  const counts = pages.map((p) => p.hashes.length)
  // Site scope: every page holds the site's hashes; their sum would count each once per page.
  const total = scope?.decision.scope === 'site' ? counts.reduce((a, b) => Math.max(a, b), 0) : counts.reduce((a, b) => a + b, 0)
  const longest = pages.reduce<PageResult | undefined>((a, p) => (!a || p.headerPolicy.length > a.headerPolicy.length ? p : a), undefined)
  const range = counts.length > 1 && scope?.decision.scope !== 'site' ? ` (${Math.min(...counts)}–${Math.max(...counts)} per page)` : ''
  const lines = [
    `[cspkit] ${plural(pages.length, 'page')}, ${plural(total, 'hash', 'hashes')} added${range}` +
      (longest ? `, longest policy ${longest.headerPolicy.length} characters (${longest.fileName}).` : '.'),
  ]
  if (scope) lines.push(scopeSummary(scope.decision, pages, scope.hosts, scope.headers))
  for (const file of hostFiles) lines.push(`[cspkit] ${file.fileName} (${hostTitle(file.host)}): ${headroom(file)}${file.changed ? ', written' : ', unchanged'}.`)
  return lines
}

/** Rules and longest line or value in the whole file (the user's rules count against the limits too). */
export function headroom(file: HostFile): string {
  const platform = platformHeadroom(file)
  if (platform !== undefined) return platform
  if (file.host === 'vercel') {
    const config = JSON.parse(file.text) as { headers?: { headers?: { value?: unknown }[] }[] }
    const rules = config.headers ?? []
    const longest = Math.max(0, ...rules.flatMap((r) => (r.headers ?? []).map((h) => String(h.value ?? '').length)))
    return `${rules.length} of ${VERCEL_MAX_RULES.toLocaleString('en')} rules, longest value ${longest.toLocaleString('en')} of ${VERCEL_MAX_VALUE.toLocaleString('en')} characters`
  }
  if (file.host === 'netlify-toml') return plural((file.text.match(/^\s*\[\[headers\]\]/gm) ?? []).length, 'rule')
  // nginx, Caddy, Apache: no rule-count or length limit for headers of files they serve themselves.
  if (file.host === 'nginx' || file.host === 'caddy' || file.host === 'apache') {
    const longest = Math.max(0, ...file.rules.flatMap((r) => r.headers.map(([, v]) => v.length)))
    return `${plural(file.rules.filter((r) => r.scope === 'page').length, 'page rule')}, longest value ${longest.toLocaleString('en')} characters`
  }
  const lines = file.text.split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#'))
  const rules = lines.filter((l) => l.startsWith('/') || /^https?:\/\//.test(l)).length
  if (file.host === 'netlify') return plural(rules, 'rule')
  const longest = Math.max(0, ...lines.map((l) => l.length))
  return `${rules} of ${CLOUDFLARE_MAX_RULES} rules, longest line ${longest.toLocaleString('en')} of ${CLOUDFLARE_MAX_LINE.toLocaleString('en')} characters`
}

export interface ScopeSummaryInput {
  readonly decision: ScopeDecision
  readonly hosts: readonly HostName[]
  readonly headers: ResolvedHeaderFileOptions
}

/**
 * Which scope the run used and why; for site scope also how large the one policy is, in the meta
 * tag and as a header, against each configured host's limit (a site grows; the limit is best seen early).
 */
export function scopeSummary(
  decision: ScopeDecision,
  pages: readonly Pick<PageResult, 'hashes' | 'headerPolicy' | 'metaPolicy'>[],
  hosts: readonly HostName[],
  headers: ResolvedHeaderFileOptions,
): string {
  const head = `[cspkit] scope: ${decision.scope} (${decision.reason})`
  if (decision.scope === 'page' || pages.length === 0) return `${head}.`
  const most = (f: (p: (typeof pages)[number]) => number) => pages.reduce((n, p) => Math.max(n, f(p)), 0)
  const header = most((p) => p.headerPolicy.length)
  const limits: string[] = []
  if (hosts.includes('cloudflare'))
    limits.push(`cloudflare: line ${n(cspHeaderName(headers).length + 2 + header)} of ${n(CLOUDFLARE_MAX_LINE)}`)
  if (hosts.includes('vercel')) limits.push(`vercel: value ${n(header)} of ${n(VERCEL_MAX_VALUE)}`)
  return (
    `${head}: every page's policy allows the site's ${plural(most((p) => p.hashes.length), 'hash', 'hashes')}, ` +
    `meta ${n(most((p) => p.metaPolicy.length))} characters, header ${n(header)} characters${limits.length ? ` (${limits.join('; ')})` : ''}.`
  )
}

function n(value: number): string {
  return value.toLocaleString('en')
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`
}
