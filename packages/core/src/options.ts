import { invalidOption, diagnostic, throwIfErrors, type Diagnostic, type FailOn } from './diagnostics.js'
import { parsePolicy, type PolicyInput } from './policy/parse.js'
import type { Policy } from './policy/model.js'
import { HASH_ALGORITHMS, type HashAlgorithm } from './policy/source.js'
import type { UnsafeInlineMode } from './policy/add-hashes.js'
import { lintPolicy, LINT_LEVELS, type LintLevel } from './lint/lint.js'
import { resolveHostOptions, type HeaderFileOptions, type HostName, type ResolvedHeaderFileOptions } from './headers/host-options.js'
import { resolveDevOptions, type DevOptions, type ResolvedDevOptions } from './dev/options.js'
import { resolvePresets, type PresetInput } from './presets/resolve.js'
import { applyPresets } from './presets/apply.js'
import { PAGE_META_MODES, type PageMetaMode } from './policy/merge.js'
import { headerValueOptionDiagnostics } from './header-value.js'
import { checkPathOptions } from './option-paths.js'
import { SCOPE_OPTIONS, type ScopeOption } from './scope/choose-scope.js'
import type { PresetOrigins, PresetPolicy } from './presets/types.js'
import { resolveStrictOptions, type ResolvedStrictOptions, type StrictOptions } from './strict/options.js'
import { strictBasePolicy } from './strict/policy.js'
import { strictBaseDiagnostics } from './strict/diagnostics.js'
import { integrityPolicyNeedsStrict } from './headers/integrity-policy.js'

/** Which inline content gets hash-sources. */
export interface HashOptions {
  /** Inline `<script>` elements (classic, module, importmap, speculationrules). @default true */
  scripts?: boolean
  /** Inline `<style>` elements. @default true */
  styles?: boolean
  /** `on*=""` event-handler attributes, with `'unsafe-hashes'` (script-src-attr or script-src). @default true */
  eventHandlers?: boolean
  /** `style=""` attributes, with `'unsafe-hashes'` (style-src-attr or style-src). @default true */
  styleAttributes?: boolean
  /** `javascript:` URLs in links, frames and forms, with `'unsafe-hashes'`. @default true */
  javascriptUrls?: boolean
}

export interface Options {
  /**
   * The policy every page starts from: an object of directive → sources (kebab-case or camelCase
   * keys; `true` for valueless directives such as `upgrade-insecure-requests`) or a policy string.
   * Keywords need their single quotes: `"'self'"`. Hashes of each page's inline content are added to
   * it, and a CSP meta already in a page is merged into it, as far as `pageMeta` lets it.
   * @default defaultPolicy: `default-src 'self'; img-src 'self' data:; font-src 'self' data:; object-src 'none'; base-uri 'self'; form-action 'self'`
   */
  policy?: PolicyInput
  /** Hash algorithm for inline content. @default 'sha256' */
  algorithm?: HashAlgorithm
  /** Which inline content to hash. @default all true */
  hash?: HashOptions
  /** Write the policy into each page as `<meta http-equiv="Content-Security-Policy">`. @default true */
  meta?: boolean
  /**
   * When a directive would receive hashes but allows inline content with `'unsafe-inline'` alone:
   * `'respect'` leaves it without hashes (a hash makes browsers ignore `'unsafe-inline'`, which
   * blocks content inserted at run time) and warns; `'override'` adds the hashes, making it strict.
   * @default 'respect'
   */
  unsafeInline?: UnsafeInlineMode
  /**
   * Which emitted files are pages, by output-relative path.
   * @default (fileName) => /\.html?$/i.test(fileName)
   */
  include?: RegExp | ((fileName: string) => boolean)
  /** Which diagnostics fail the build: `'error'`, `'warning'` (errors and warnings) or `'never'`. @default 'error' */
  failOn?: FailOn
  /**
   * Security advice on the configured policy: `'recommended'` reports real weaknesses
   * (`'unsafe-inline'`, `'unsafe-eval'`, wildcards and `https:` in script-src, hosts serving JSONP or
   * AngularJS, missing `object-src`, static nonces), `'strict'` also host allowlists, `'self'` and
   * Trusted Types, `'off'` none. Mistakes browsers would ignore (unknown directives, malformed
   * hashes, unquoted keywords) are errors at every level. Warnings fail the build only with
   * `failOn: 'warning'`.
   * @default 'recommended'
   */
  lint?: LintLevel
  /**
   * Hosts to write header files for, so each page's policy also arrives as an HTTP header (the only
   * way `frame-ancestors`, `report-uri`/`report-to`, `sandbox` and report-only work): `'netlify'` and
   * `'cloudflare'` write `_headers` into the output folder, `'netlify-toml'` edits `netlify.toml` and
   * `'vercel'` edits `vercel.json` in the project root. Use `meta: false` for header-only delivery.
   * `'nginx'` writes two include files (`map`s for `http {}`, `add_header` lines for `server {}`),
   * `'caddy'` a Caddyfile snippet to `import`, `'apache'` an `.htaccess` in the output folder;
   * `'github-pages'` writes nothing (it sends no headers: the meta tag is the policy).
   * Platforms: `'firebase'` edits `firebase.json`, `'azure-swa'` writes `staticwebapp.config.json` into the
   * output folder, `'vercel-output'` edits `.vercel/output/config.json` (for `vercel deploy --prebuilt`),
   * `'netlify-frameworks'` edits `.netlify/v1/config.json` and `'amplify'` edits `customHttp.yml`.
   * @default []
   */
  hosts?: readonly HostName[]
  /** Settings for the header files: SPA fallback, limits strategy, report-only, reporting, security headers, file paths. @default {} */
  headers?: HeaderFileOptions
  /**
   * The policy during `vite dev`, `vite preview` and webpack-dev-server (with the helper from
   * `@cspkit/webpack`): sent as a header, enforced or report-only, with violations printed in the
   * terminal with their fix. @default { mode: 'enforce' }
   */
  dev?: DevOptions
  /**
   * Third-party services the site uses, each adding exactly the sources it needs: names
   * (`['gleap']`), typed calls (`gleap({ variant: 'explicit-hosts', pusherCluster: 'eu' })`), `[name, options]`
   * pairs, or your own preset objects (`definePreset({ … })`). A directive your policy lacks is first
   * copied from the one that governs it (e.g. `default-src`), so nothing you allowed is lost.
   * @default []
   */
  presets?: readonly PresetInput[]
  /**
   * Whose inline content each page's policy allows. `'page'`: its own. `'site'`: every page's (the
   * union of all pages' hashes, per directive), for sites with a client-side router, which keeps the
   * first page's policy while it renders later pages from JavaScript. `'auto'`: `'site'` when the
   * pages show a known router (VitePress, Docusaurus, Nuxt, Next.js, Gatsby, Astro view transitions,
   * SvelteKit, Material for MkDocs with navigation.instant), else `'page'`; the build summary says which and why.
   * @default 'auto'
   */
  scope?: 'page' | 'site' | 'auto'
  /**
   * The site's public origin, e.g. `'https://example.com'`: the build's checks of what pages load
   * count absolute URLs to it as the page's own (`'self'`), as the browser will. Without it only
   * relative URLs are (generators with an absolute base URL, such as Hugo's, then need it).
   * @default undefined
   */
  origin?: string
  /**
   * What a page's own CSP meta may do to the policy cspkit writes into it. Its sources are merged
   * in, except those that would allow more scripts (elements, handlers, eval, workers), plugins,
   * `<base>` URLs or `default-src` than the configured policy (presets included) does:
   * `'narrow-only'` leaves those out with a PAGE_META_WIDENS warning (a page cannot weaken what you
   * configured, and the page's loads they would have allowed are then reported as blocked),
   * `'error'` leaves them out and fails the build, `'merge'` merges them with a warning. Other
   * directives (an image or frame host one page needs) always merge.
   * @default 'narrow-only'
   */
  pageMeta?: PageMetaMode
  /**
   * Strict CSP (a hash-based policy with `'strict-dynamic'`): each page's `script-src` is
   * `'strict-dynamic'`, the hashes of its inline scripts and the integrity hashes of its scripts;
   * `object-src 'none'`; `base-uri 'none'` (`'self'` on pages with `<base>`). cspkit writes
   * `integrity` on every `<script src>`, `<link rel=modulepreload>` and `<link rel=preload as=script>`
   * that loads a file of the build, from that file's final bytes. Hosts and `'self'` leave
   * script-src (browsers ignore them beside `'strict-dynamic'`); each module entry is loaded by a
   * hashed inline module (`moduleLoader`). `true` for the defaults, or
   * `{ fallbacks, sriAlgorithm, moduleLoader }`. Dev servers keep the non-strict policy.
   * @default false
   */
  strict?: boolean | StrictOptions
}

export interface ResolvedOptions {
  readonly policy: Policy
  readonly algorithm: HashAlgorithm
  readonly hash: Readonly<Required<HashOptions>>
  readonly meta: boolean
  readonly unsafeInline: UnsafeInlineMode
  readonly include: (fileName: string) => boolean
  readonly failOn: FailOn
  readonly lint: LintLevel
  readonly hosts: readonly HostName[]
  readonly headers: ResolvedHeaderFileOptions
  readonly dev: ResolvedDevOptions
  readonly scope: ScopeOption
  /** The site's origin (`origin` option), or undefined. */
  readonly origin: string | undefined
  /** What a page's own CSP meta may widen (`pageMeta` option). */
  readonly pageMeta: PageMetaMode
  /** The presets in use (each with its variant and options applied) and which preset added each source: directive → source → name. */
  readonly presets: { readonly list: readonly PresetPolicy[]; readonly policy: Policy; readonly origins: PresetOrigins }
  /** `policy` with the presets applied (presets/apply.ts), made strict with `strict`: what every page starts from. */
  readonly basePolicy: Policy
  /** Strict mode's settings (`strict` option), or undefined when it is off. */
  readonly strict: ResolvedStrictOptions | undefined
  /** With `strict`: the same options without it (the dev server's, whose modules are not the build's); else undefined. */
  readonly nonStrict?: ResolvedOptions
  /** Warnings found while resolving (errors throw instead), reported with the build's own. */
  readonly diagnostics: readonly Diagnostic[]
}

/** A strict starting point that a typical Vite or webpack build satisfies (CSP-RULES g). */
export const defaultPolicy = Object.freeze({
  'default-src': Object.freeze(["'self'"]),
  'img-src': Object.freeze(["'self'", 'data:']),
  'font-src': Object.freeze(["'self'", 'data:']),
  'object-src': Object.freeze(["'none'"]),
  'base-uri': Object.freeze(["'self'"]),
  'form-action': Object.freeze(["'self'"]),
}) satisfies PolicyInput

const HTML_FILE = /\.html?$/i

const OPTION_NAMES = ['policy', 'algorithm', 'hash', 'meta', 'unsafeInline', 'include', 'failOn', 'lint', 'hosts', 'headers', 'dev', 'presets', 'scope', 'origin', 'pageMeta', 'strict'] as const
const HASH_OPTION_NAMES = ['scripts', 'styles', 'eventHandlers', 'styleAttributes', 'javascriptUrls'] as const

/**
 * Validates user options and returns them frozen, with defaults filled in. Throws a CspkitError
 * listing every problem (not only the first), each naming the option and what it expects.
 */
export function resolveOptions(options: Options = {}): ResolvedOptions {
  const diagnostics: Diagnostic[] = []
  if (options === null || typeof options !== 'object' || Array.isArray(options)) {
    throwIfErrors([
      invalidOption('(options)', 'an object', options, 'Call the plugin as csp({ policy: { … } }) or csp().'),
    ])
  }
  unknownKeys(options as object, OPTION_NAMES, '', diagnostics)

  const policyResult = parsePolicy(options.policy ?? defaultPolicy, { option: 'policy' })
  diagnostics.push(...policyResult.diagnostics)
  const lint = options.lint ?? 'recommended'
  if (!LINT_LEVELS.includes(lint)) diagnostics.push(invalidOption('lint', `'off', 'recommended' or 'strict'`, lint))
  // Every problem of the configured policy at once: its errors throw below, its warnings are reported with the build's.
  const presets = resolvePresets(options.presets)
  diagnostics.push(...presets.diagnostics)
  const withPresets = applyPresets(policyResult.policy, presets.list, options.unsafeInline === 'override' ? 'override' : 'respect')
  const strict = resolveStrictOptions(options.strict, diagnostics, unknownKeys)
  const strictBase = strict ? strictBasePolicy(withPresets.policy, strict) : undefined
  if (strictBase) diagnostics.push(...strictBaseDiagnostics(strictBase, withPresets.origins, presets.list))
  // Linted with the presets' sources, each finding about one of them naming its preset (strict: the policy strict mode made).
  diagnostics.push(...lintPolicy(strictBase?.policy ?? withPresets.policy, { option: 'policy', level: LINT_LEVELS.includes(lint) ? lint : 'recommended', origin: (d, s) => withPresets.origins[d]?.[s], ...(strict ? { strict: true } : {}) }))

  const algorithm = options.algorithm ?? 'sha256'
  if (!HASH_ALGORITHMS.includes(algorithm))
    diagnostics.push(invalidOption('algorithm', `one of ${HASH_ALGORITHMS.map((a) => `'${a}'`).join(', ')}`, algorithm))

  const hashInput = options.hash ?? {}
  if (typeof hashInput !== 'object' || hashInput === null || Array.isArray(hashInput))
    diagnostics.push(invalidOption('hash', 'an object such as { scripts: true, styles: true }', hashInput))
  else unknownKeys(hashInput, HASH_OPTION_NAMES, 'hash.', diagnostics)
  const hash = Object.fromEntries(
    HASH_OPTION_NAMES.map((name) => [name, booleanOption(`hash.${name}`, (hashInput as HashOptions)[name], true, diagnostics)]),
  ) as Required<HashOptions>

  // The module loader is an inline script: without its hash the browser would refuse it and run no entry.
  if (strict?.moduleLoader && !hash.scripts)
    diagnostics.push(invalidOption('strict.moduleLoader', 'false when hash.scripts is false', true, "Strict mode loads module entries by an inline script that needs its hash: set hash.scripts: true, or strict: { moduleLoader: false }."))
  const meta = booleanOption('meta', options.meta, true, diagnostics)
  const hostOptions = resolveHostOptions(options.hosts, options.headers, meta, diagnostics, unknownKeys)
  diagnostics.push(...integrityPolicyNeedsStrict(hostOptions.headers.integrityPolicy, strict !== undefined))
  // What becomes a header value or a path cspkit writes to: each by its grammar (header-value.ts, option-paths.ts).
  diagnostics.push(...headerValueOptionDiagnostics(options.headers, diagnostics))
  checkPathOptions(options.headers, hostOptions.hosts, diagnostics)
  const dev = resolveDevOptions(options.dev, diagnostics, unknownKeys)

  const unsafeInline = options.unsafeInline ?? 'respect'
  if (unsafeInline !== 'respect' && unsafeInline !== 'override')
    diagnostics.push(invalidOption('unsafeInline', `'respect' or 'override'`, unsafeInline))

  const failOn = options.failOn ?? 'error'
  if (!['error', 'warning', 'never'].includes(failOn))
    diagnostics.push(invalidOption('failOn', `'error', 'warning' or 'never'`, failOn))

  const scope = options.scope ?? 'auto'
  if (!SCOPE_OPTIONS.includes(scope)) {
    const near = typeof scope === 'string' ? closest(scope, SCOPE_OPTIONS) : undefined
    diagnostics.push(
      invalidOption('scope', `'page', 'site' or 'auto'`, scope, near ? `Did you mean '${near}'?` : undefined),
    )
  }

  const origin = siteOrigin(options.origin, diagnostics)

  const pageMeta = options.pageMeta ?? 'narrow-only'
  if (!PAGE_META_MODES.includes(pageMeta)) {
    const near = typeof pageMeta === 'string' ? closest(pageMeta, PAGE_META_MODES) : undefined
    diagnostics.push(invalidOption('pageMeta', `'narrow-only', 'error' or 'merge'`, pageMeta, near ? `Did you mean '${near}'?` : undefined))
  }

  const includeOption = options.include
  let include: (fileName: string) => boolean = (fileName) => HTML_FILE.test(fileName)
  if (includeOption instanceof RegExp) include = (fileName) => { includeOption.lastIndex = 0; return includeOption.test(fileName) }
  else if (typeof includeOption === 'function') include = includeOption
  else if (includeOption !== undefined)
    diagnostics.push(invalidOption('include', 'a RegExp or a function (fileName) => boolean', includeOption))

  throwIfErrors(diagnostics)
  const resolved: ResolvedOptions = Object.freeze({
    [RESOLVED]: true,
    policy: policyResult.policy,
    algorithm,
    hash: Object.freeze(hash),
    meta,
    unsafeInline,
    include,
    failOn,
    lint,
    hosts: hostOptions.hosts,
    headers: hostOptions.headers,
    dev,
    scope,
    origin,
    pageMeta,
    presets: Object.freeze({ list: Object.freeze(presets.list), policy: presets.policy, origins: withPresets.origins }),
    basePolicy: strictBase?.policy ?? withPresets.policy,
    strict,
    diagnostics: Object.freeze(diagnostics),
  })
  if (!strict) return resolved
  // The dev server's options: the configured policy as it is (its modules are not the build's files).
  const nonStrict: ResolvedOptions = Object.freeze({ ...resolved, basePolicy: withPresets.policy, strict: undefined })
  // Not enumerable: derived from the options, not one of them (the resolved keys are the options' names).
  return Object.freeze(Object.defineProperty({ ...resolved }, 'nonStrict', { value: nonStrict, enumerable: false }))
}

// A registry symbol, not a module-local WeakSet: two copies of @cspkit/core (a bundled config and
// the test runner, or duplicated installs) must still recognise each other's resolved options.
const RESOLVED = Symbol.for('cspkit.resolvedOptions')

/** True for the frozen object resolveOptions returned, so doors never resolve twice. */
export function isResolvedOptions(options: unknown): options is ResolvedOptions {
  return typeof options === 'object' && options !== null && RESOLVED in options
}

/** `origin`: an http(s) origin and nothing more (a path or query would not say which origin is 'self'). */
function siteOrigin(value: unknown, diagnostics: Diagnostic[]): string | undefined {
  if (value === undefined) return undefined
  let url: URL | undefined
  try {
    url = typeof value === 'string' ? new URL(value) : undefined
  } catch {
    url = undefined
  }
  if (!url || !/^https?:$/.test(url.protocol) || url.username || url.password || `${url.origin}/` !== url.href.replace(/\/?$/, '/')) {
    diagnostics.push(invalidOption('origin', "the site's origin, scheme and host only, e.g. 'https://example.com'", value))
    return undefined
  }
  return url.origin
}

function booleanOption(name: string, value: unknown, fallback: boolean, diagnostics: Diagnostic[]): boolean {
  if (value === undefined) return fallback
  if (typeof value === 'boolean') return value
  diagnostics.push(invalidOption(name, 'true or false', value))
  return fallback
}

function unknownKeys(object: object, known: readonly string[], prefix: string, diagnostics: Diagnostic[]): void {
  for (const key of Object.keys(object)) {
    if (known.includes(key)) continue
    const suggestion = closest(key, known)
    diagnostics.push(
      diagnostic({
        code: 'OPTION_UNKNOWN',
        option: `${prefix}${key}`,
        message: `'${prefix}${key}' is not a cspkit option.`,
        fix: suggestion
          ? `Did you mean '${prefix}${suggestion}'?`
          : `Use one of: ${known.map((k) => `${prefix}${k}`).join(', ')}.`,
      }),
    )
  }
}


/** The closest name within a small edit distance, for did-you-mean hints. */
export function closest(input: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined
  let bestDistance = Math.max(2, Math.floor(input.length / 3)) + 1
  for (const candidate of candidates) {
    const d = editDistance(input.toLowerCase(), candidate.toLowerCase())
    if (d < bestDistance) {
      best = candidate
      bestDistance = d
    }
  }
  return best
}

/** Damerau–Levenshtein (optimal string alignment): a swapped pair counts as one typo. */
export function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)])
  for (let j = 1; j <= b.length; j++) d[0]![j] = j
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1
      let v = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost)
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, d[i - 2]![j - 2]! + 1)
      d[i]![j] = v
    }
  }
  return d[a.length]![b.length]!
}
