import { diagnostic, type Diagnostic } from '../diagnostics.js'
import type { PageResult } from '../page.js'
import { mergePolicies } from '../policy/merge.js'
import { META_IGNORED_DIRECTIVES, freezePolicy, getDirective, type Policy } from '../policy/model.js'
import { serializePolicy } from '../policy/serialize.js'
import type { HeaderPair, HostName, ResolvedHeaderFileOptions } from './host-options.js'
import { hostTitle } from './host-title.js'
import { planIntegrityPolicy } from './integrity-policy.js'
import { pageUrls, type VercelRouting } from './routes.js'

/**
 * One header rule, before a writer turns it into its host's syntax. A site rule covers every URL
 * (`/*`, `/(.*)`); a page rule covers the URLs one page is served at.
 */
export interface HeaderRule {
  readonly scope: 'site' | 'page'
  /** The page the rule is for (page rules). */
  readonly fileName?: string
  /** URL paths (page rules): literal paths, not patterns. */
  readonly urls: readonly string[]
  readonly headers: readonly HeaderPair[]
  /**
   * Headers the site rule also sets that this rule replaces. Writers make sure each URL still ends up
   * with one value: Cloudflare detaches them (`! Name`), Vercel relies on later rules overriding.
   */
  readonly replaces: readonly string[]
}

/**
 * `per-page`: each page's own policy; `union`: one site-wide policy allowing every page's hashes;
 * `meta`: only the directives a meta cannot carry, site-wide (the rest stays in each page's meta).
 */
export type RuleStrategy = 'per-page' | 'union' | 'meta'

export interface RulePlan {
  readonly rules: readonly HeaderRule[]
  readonly diagnostics: readonly Diagnostic[]
}

/** Whether a host can give a narrower rule a different value for a header a broader rule sets. */
function canReplace(host: HostName): boolean {
  // Cloudflare: `! Name` detaches; Vercel: later routes override. Netlify has no such thing (HOSTS.md 1.3).
  // nginx (a map's default), Caddy (a `not path` matcher), Apache (`<Else>`): the site value skips page URLs.
  // Firebase and Vercel's Build Output: later rules win; Azure SWA: a route's headers override globalHeaders.
  return host === 'cloudflare' || host === 'vercel' || host === 'nginx' || host === 'caddy' || host === 'apache' || host === 'firebase' || host === 'azure-swa' || host === 'vercel-output'
}

export function cspHeaderName(headers: ResolvedHeaderFileOptions): string {
  return headers.reportOnly ? 'Content-Security-Policy-Report-Only' : 'Content-Security-Policy'
}

/**
 * Header rules for one host such that every page URL gets exactly one CSP, equal to that page's
 * policy (or the strategy's site-wide one), and every other header at most once.
 */
export function planRules(
  pages: readonly PageResult[],
  host: HostName,
  headers: ResolvedHeaderFileOptions,
  strategy: RuleStrategy,
  vercel?: VercelRouting,
): RulePlan {
  const diagnostics: Diagnostic[] = []
  const cspName = cspHeaderName(headers)
  const siteHeaders: HeaderPair[] = [...headers.security]
  const frameOptions = frameOptionsHeader(pages, headers, diagnostics)
  if (frameOptions) siteHeaders.push(['X-Frame-Options', frameOptions])
  if (headers.reportingEndpoints) siteHeaders.push(['Reporting-Endpoints', headers.reportingEndpoints])
  diagnostics.push(...reportToDiagnostics(pages, headers))
  // Integrity-Policy: site-wide when every page's scripts have integrity, else only on the pages that do.
  const integrity = planIntegrityPolicy(pages, headers.integrityPolicy)
  diagnostics.push(...integrity.diagnostics)
  if (integrity.header && integrity.everyPage) siteHeaders.push(integrity.header)

  let siteCsp: string | undefined
  const pageRules: HeaderRule[] = []
  if (pages.length > 0 && strategy === 'union') {
    siteCsp = serializePolicy(mergePolicies(...pages.map((p) => p.policy)))
  } else if (pages.length > 0 && strategy === 'meta') {
    const headerOnly = freezePolicy(
      mergePolicies(...pages.map((p) => p.policy)).directives.filter((d) => META_IGNORED_DIRECTIVES.includes(d.name)),
    )
    if (headerOnly.directives.length > 0) siteCsp = serializePolicy(headerOnly)
  } else if (pages.length > 0) {
    const values = new Set(pages.map((p) => p.headerPolicy))
    if (values.size === 1) siteCsp = pages[0]!.headerPolicy
    else {
      const fallback = fallbackPage(pages, host, headers, diagnostics)
      if (canReplace(host)) siteCsp = fallback?.headerPolicy ?? mostCommon(pages)
      else if (headers.spaFallback)
        diagnostics.push(
          diagnostic({
            code: 'HEADERS_FALLBACK_UNCOVERED',
            option: 'headers.spaFallback',
            message: `Pages have different policies and ${hostTitle(host)} cannot give URLs that match no page ('${headers.spaFallback}' deep links) a policy of their own without sending two policies to the pages, so deep links get no CSP header (their meta tag still applies).`,
            fix: "Give every page the same policy (e.g. headers.overflow: 'union' semantics via a shared policy), keep meta: true, or deploy to a host with rule overrides (Cloudflare, Vercel).",
          }),
        )
      for (const page of pages) {
        if (page.headerPolicy === siteCsp) continue
        pageRules.push({
          scope: 'page',
          fileName: page.fileName,
          urls: pageUrls(page.fileName, host, vercel),
          headers: [[cspName, page.headerPolicy]],
          replaces: siteCsp !== undefined ? [cspName] : [],
        })
      }
    }
  }
  if (siteCsp !== undefined) siteHeaders.push([cspName, siteCsp])
  diagnostics.push(...collisionDiagnostics(pageRules, host))
  if (integrity.header && !integrity.everyPage) addPageHeader(pageRules, pages, integrity.pages, integrity.header, host, vercel)

  const rules: HeaderRule[] = []
  if (siteHeaders.length > 0) rules.push({ scope: 'site', urls: [], headers: siteHeaders, replaces: [] })
  rules.push(...pageRules)
  return { rules, diagnostics }
}

/**
 * Gives `header` to the pages in `only`: on their CSP rule when they have one, else on a rule of
 * their own (the site rule does not set it, so no host sees it twice for one URL).
 */
function addPageHeader(
  pageRules: HeaderRule[],
  pages: readonly PageResult[],
  only: ReadonlySet<string>,
  header: HeaderPair,
  host: HostName,
  vercel: VercelRouting | undefined,
): void {
  for (const page of pages) {
    if (!only.has(page.fileName)) continue
    const i = pageRules.findIndex((r) => r.fileName === page.fileName)
    if (i >= 0) pageRules[i] = { ...pageRules[i]!, headers: [...pageRules[i]!.headers, header] }
    else pageRules.push({ scope: 'page', fileName: page.fileName, urls: pageUrls(page.fileName, host, vercel), headers: [header], replaces: [] })
  }
}

/** The page unknown URLs are served with: the configured SPA entry, or what the host does by itself. */
function fallbackPage(
  pages: readonly PageResult[],
  host: HostName,
  headers: ResolvedHeaderFileOptions,
  diagnostics: Diagnostic[],
): PageResult | undefined {
  const find = (name: string) => pages.find((p) => p.fileName === name)
  if (headers.spaFallback) {
    const page = find(headers.spaFallback)
    if (!page)
      diagnostics.push(
        diagnostic({
          code: 'HEADERS_FALLBACK_UNCOVERED',
          option: 'headers.spaFallback',
          message: `'${headers.spaFallback}' is not a page of this build, so deep links get the most common policy.`,
          fix: `Set headers.spaFallback to one of: ${pages.slice(0, 5).map((p) => p.fileName).join(', ')}.`,
        }),
      )
    return page
  }
  // Cloudflare serves 404.html for unknown URLs, or index.html when there is none (SPA mode, HOSTS.md 2.3).
  return host === 'cloudflare' ? (find('404.html') ?? find('index.html')) : find('404.html')
}

function mostCommon(pages: readonly PageResult[]): string {
  const counts = new Map<string, number>()
  for (const p of pages) counts.set(p.headerPolicy, (counts.get(p.headerPolicy) ?? 0) + 1)
  let best = pages[0]!.headerPolicy
  for (const [value, n] of counts) if (n > counts.get(best)!) best = value
  return best
}

/** `X-Frame-Options` matching `frame-ancestors`, sent site-wide only when every page agrees. */
function frameOptionsHeader(
  pages: readonly PageResult[],
  headers: ResolvedHeaderFileOptions,
  diagnostics: Diagnostic[],
): string | undefined {
  const mode = headers.frameOptions
  if (mode === false || pages.length === 0) return undefined
  const derived = pages.map((p) => derivedFrameOptions(p.policy))
  if (mode === 'auto') {
    const first = derived[0]
    if (derived.every((d) => d === first)) return first
    diagnostics.push(
      diagnostic({
        code: 'HEADERS_FRAME_OPTIONS_CONFLICT',
        option: 'headers.security.frameOptions',
        directive: 'frame-ancestors',
        message: "Pages have different 'frame-ancestors', so no site-wide X-Frame-Options is sent.",
        fix: "Give every page the same 'frame-ancestors', or set headers.security.frameOptions to 'DENY', 'SAMEORIGIN' or false.",
      }),
    )
    return undefined
  }
  const conflicting = pages.filter((p, i) => getDirective(p.policy, 'frame-ancestors') && derived[i] !== mode)
  if (conflicting.length > 0)
    diagnostics.push(
      diagnostic({
        code: 'HEADERS_FRAME_OPTIONS_CONFLICT',
        option: 'headers.security.frameOptions',
        directive: 'frame-ancestors',
        file: conflicting[0]!.fileName,
        message: `X-Frame-Options: ${mode} disagrees with the policy's 'frame-ancestors' (${getDirective(conflicting[0]!.policy, 'frame-ancestors')!.values.join(' ')}); browsers that know frame-ancestors ignore X-Frame-Options, older ones apply it.`,
        fix: `Set headers.security.frameOptions: 'auto' to derive it from 'frame-ancestors', or make 'frame-ancestors' ${mode === 'DENY' ? "'none'" : "'self'"}.`,
      }),
    )
  return mode
}

function derivedFrameOptions(policy: Policy): string | undefined {
  const values = getDirective(policy, 'frame-ancestors')?.values
  if (values?.length === 1 && values[0] === "'none'") return 'DENY'
  if (values?.length === 1 && values[0] === "'self'") return 'SAMEORIGIN'
  return undefined
}

function reportToDiagnostics(pages: readonly PageResult[], headers: ResolvedHeaderFileOptions): Diagnostic[] {
  const groups = new Set(pages.flatMap((p) => getDirective(p.policy, 'report-to')?.values ?? []))
  const missing = [...groups].filter((g) => !headers.reportingGroups.includes(g))
  if (missing.length === 0) return []
  return [
    diagnostic({
      code: 'HEADERS_REPORT_TO_UNDEFINED',
      directive: 'report-to',
      option: 'headers.reportingEndpoints',
      message: `'report-to ${missing.join(' ')}' names ${missing.length === 1 ? 'a group' : 'groups'} without a Reporting-Endpoints entry, so browsers send no reports there.`,
      fix: `Add ${missing.map((g) => `${g}: 'https://…'`).join(', ')} to headers.reportingEndpoints.`,
    }),
  ]
}

/**
 * Two pages at one URL with different policies would both match: Netlify ignores case and a trailing
 * slash; every host treats `*` and `:name` in a path as patterns.
 */
function collisionDiagnostics(rules: readonly HeaderRule[], host: HostName): Diagnostic[] {
  const out: Diagnostic[] = []
  const seen = new Map<string, HeaderRule>()
  const netlify = host === 'netlify' || host === 'netlify-toml' || host === 'netlify-frameworks'
  // These write page rules as escaped regular expressions or exact routes, so a page URL is never a pattern.
  const literal = host === 'vercel' || host === 'vercel-output' || host === 'firebase'
  for (const rule of rules) {
    for (const url of rule.urls) {
      if (!literal && (url.includes('*') || /\/:[A-Za-z]/.test(url) || /\s/.test(url))) {
        out.push(
          diagnostic({
            code: 'HEADERS_URL_UNSUPPORTED',
            file: rule.fileName,
            message: `The page's URL '${url}' contains '*' or ':name', which ${hostTitle(host)} reads as a pattern, so its header rule would match other URLs.`,
            fix: 'Rename the page without * or a colon at the start of a path segment.',
          }),
        )
        continue
      }
      // Caddy's path matcher ignores case too.
      const key = netlify ? url.toLowerCase().replace(/\/+$/, '') : host === 'caddy' ? url.toLowerCase() : url
      const other = seen.get(key)
      if (other && other.fileName !== rule.fileName && other.headers[0]?.[1] !== rule.headers[0]?.[1])
        out.push(
          diagnostic({
            code: 'HEADERS_URL_COLLISION',
            file: rule.fileName,
            message: `'${rule.fileName}' and '${other.fileName}' are both served at '${url}' on ${hostTitle(host)}${netlify ? ' (its rules ignore case and a trailing slash)' : ''} with different policies, so that URL would get two.`,
            fix: 'Rename one of the pages, or give both the same policy.',
          }),
        )
      else seen.set(key, rule)
    }
  }
  return out
}
