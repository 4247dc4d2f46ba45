import { invalidOption, diagnostic, type Diagnostic } from '../diagnostics.js'
import { closest } from '../options.js'
import { resolveIntegrityPolicy, type IntegrityPolicyMode, type ResolvedIntegrityPolicy } from './integrity-policy.js'

/**
 * Hosts cspkit writes header files for. `netlify` and `cloudflare` both write `_headers` into the output
 * folder; `apache` writes `.htaccess` there; `nginx` and `caddy` write include files into the project.
 */
export const HOST_NAMES = ['netlify', 'netlify-toml', 'cloudflare', 'vercel', 'nginx', 'caddy', 'apache', 'github-pages', 'firebase', 'azure-swa', 'vercel-output', 'netlify-frameworks', 'amplify'] as const
export type HostName = (typeof HOST_NAMES)[number]

/**
 * Hosts that send no custom response headers (GitHub Pages, github/pages-gem#415): cspkit writes no
 * file for them; the policy travels in each page's meta tag, so `meta: false` is an error there.
 */
export const HEADERLESS_HOSTS: readonly HostName[] = ['github-pages']

/**
 * What to do when per-page rules do not fit a host's limits (Cloudflare: 100 rules, 2,000 characters
 * a line; Vercel: 2,048 rules, 32,768 characters a value): `'error'` fails the build; `'union'` sends one
 * site-wide policy holding every page's hashes; `'meta'` leaves the policy to each page's meta tag and
 * keeps only what a meta cannot carry (`frame-ancestors`, `report-uri`, `report-to`, `sandbox`) in one
 * site-wide header (needs `meta: true`).
 */
export type OverflowStrategy = 'error' | 'union' | 'meta'

export interface SecurityHeadersOptions {
  /** `X-Content-Type-Options: nosniff`. @default true */
  contentTypeOptions?: boolean
  /** `Referrer-Policy` value, or `false` for none. @default 'strict-origin-when-cross-origin' */
  referrerPolicy?: string | false
  /** `Permissions-Policy` value, or `false` for none. @default 'camera=(), microphone=(), geolocation=()' */
  permissionsPolicy?: string | false
  /** `Cross-Origin-Opener-Policy` value, or `false` for none. @default 'same-origin' */
  crossOriginOpenerPolicy?: string | false
  /**
   * `Strict-Transport-Security`. Off unless asked for: browsers then refuse plain HTTP for the whole
   * max-age. `true` sends `max-age=31536000; includeSubDomains`; a string is sent as given.
   * @default false
   */
  strictTransportSecurity?: string | boolean
  /**
   * `X-Frame-Options` for browsers without `frame-ancestors`. `'auto'` derives it from the policy's
   * `frame-ancestors` (`'none'` → `DENY`, `'self'` alone → `SAMEORIGIN`, anything else or absent → not sent).
   * @default 'auto'
   */
  frameOptions?: 'auto' | 'DENY' | 'SAMEORIGIN' | false
}

export interface VercelHostOptions {
  /** `vercel.json` to edit, relative to the project root. @default 'vercel.json' */
  configPath?: string
  /** Vercel's `cleanUrls`, when `vercel.json` does not set it (the file wins). @default false */
  cleanUrls?: boolean
  /** Vercel's `trailingSlash`, when `vercel.json` does not set it (the file wins). @default undefined (both forms served) */
  trailingSlash?: boolean
}

export interface HeaderFileOptions {
  /**
   * The page served for URLs that match no file (an SPA's deep links, behind a `/*` rewrite), e.g.
   * `'index.html'`. Those URLs get this page's policy. Without it, cspkit follows each host: Cloudflare
   * serves `404.html`, else `index.html`; Netlify and Vercel serve `404.html`.
   * @default undefined
   */
  spaFallback?: string
  /** What to do when the rules do not fit a host's limits. @default 'error' */
  overflow?: OverflowStrategy
  /** Send the policy as `Content-Security-Policy-Report-Only` (reports, blocks nothing; needs `meta: false`). @default false */
  reportOnly?: boolean
  /**
   * `Reporting-Endpoints` groups for the policy's `report-to`, e.g. `{ csp: 'https://example.com/csp' }`.
   * @default {}
   */
  reportingEndpoints?: Record<string, string>
  /** Other security headers, opt-in: `true` for the defaults, or per-header settings. @default false */
  security?: boolean | SecurityHeadersOptions
  /**
   * `Integrity-Policy: blocked-destinations=(script)` for the pages (needs `strict`): browsers that
   * enforce it (Chromium 138+, Firefox 153 ESR, WebKitGTK 2.50) run no script without an `integrity`
   * attribute, also none a script inserts, so a script swapped or injected past the CSP is still
   * refused. `'report-only'` sends `Integrity-Policy-Report-Only` (reports, blocks nothing). Pages
   * with a script left without integrity, or (enforced) with module scripts, whose imports have none,
   * get no header; a warning names each (`HEADERS_INTEGRITY_POLICY_WITHHELD`).
   * @default false
   */
  integrityPolicy?: IntegrityPolicyMode
  /** Settings for `hosts: ['vercel']`. @default {} */
  vercel?: VercelHostOptions
  /** Settings for `hosts: ['netlify-toml']`. @default {} */
  netlifyToml?: {
    /** `netlify.toml` to edit, relative to the project root. @default 'netlify.toml' */
    configPath?: string
  }
  /** Settings for `hosts: ['nginx']`. @default {} */
  nginx?: NginxHostOptions
  /** Settings for `hosts: ['caddy']`. @default {} */
  caddy?: {
    /** The Caddyfile snippet to `import` in the site block, relative to the project root. @default 'cspkit.caddy' */
    configPath?: string
  }
  /** Settings for `hosts: ['firebase']`. @default {} */
  firebase?: FirebaseHostOptions
  /** Settings for `hosts: ['azure-swa']` (the file is written into the output folder, merged with the public folder's copy). @default {} */
  azureSwa?: {
    /** `staticwebapp.config.json`'s path inside the output folder. @default 'staticwebapp.config.json' */
    configPath?: string
  }
  /** Settings for `hosts: ['vercel-output']` (Build Output API, for `vercel deploy --prebuilt`). @default {} */
  vercelOutput?: VercelOutputHostOptions
  /** Settings for `hosts: ['netlify-frameworks']` (Netlify's Frameworks API). @default {} */
  netlifyFrameworks?: {
    /** The Frameworks API config to edit, relative to the project root. @default '.netlify/v1/config.json' */
    configPath?: string
  }
  /** Settings for `hosts: ['amplify']`. @default {} */
  amplify?: {
    /** `customHttp.yml` to edit, relative to the project root. @default 'customHttp.yml' */
    configPath?: string
  }
}

export interface NginxHostOptions {
  /** The `map` file to `include` in nginx's `http {}` block, relative to the project root. @default 'nginx/cspkit-maps.conf' */
  mapsPath?: string
  /**
   * The `add_header` file to `include` in the `server {}` block (and in every `location` with an
   * `add_header` of its own), relative to the project root.
   * @default 'nginx/cspkit-headers.conf'
   */
  headersPath?: string
}

export interface FirebaseHostOptions {
  /** `firebase.json` to edit, relative to the project root. @default 'firebase.json' */
  configPath?: string
  /** Which `hosting` entry to edit when `hosting` is an array: its `target` or `site`. @default undefined (the only entry) */
  target?: string
  /** Firebase's `cleanUrls`, when `firebase.json` does not set it (the file wins). @default false */
  cleanUrls?: boolean
  /** Firebase's `trailingSlash`, when `firebase.json` does not set it (the file wins). @default undefined */
  trailingSlash?: boolean
}

export interface VercelOutputHostOptions {
  /** The Build Output API `config.json` to edit, relative to the project root. @default '.vercel/output/config.json' */
  configPath?: string
  /** Whether pages are served without `.html`. @default undefined (read from the config's `overrides`, which `cleanUrls` leaves in a build) */
  cleanUrls?: boolean
  /** Vercel's `trailingSlash` for the built routes. @default undefined (both forms served) */
  trailingSlash?: boolean
}

export type FrameOptionsMode = 'auto' | 'DENY' | 'SAMEORIGIN' | false
export type HeaderPair = readonly [name: string, value: string]

export interface ResolvedHeaderFileOptions {
  readonly spaFallback: string | undefined
  readonly overflow: OverflowStrategy
  readonly reportOnly: boolean
  /** `Reporting-Endpoints`' value, or undefined when there are no endpoints. */
  readonly reportingEndpoints: string | undefined
  readonly reportingGroups: readonly string[]
  /** Site-wide security headers with fixed values, in output order. */
  readonly security: readonly HeaderPair[]
  readonly frameOptions: FrameOptionsMode
  /** `headers.integrityPolicy`: off, or which header to send (only for pages whose every script has integrity). */
  readonly integrityPolicy: ResolvedIntegrityPolicy
  readonly vercel: Readonly<{ configPath: string; cleanUrls: boolean | undefined; trailingSlash: boolean | undefined }>
  readonly netlifyToml: Readonly<{ configPath: string }>
  readonly nginx: Readonly<{ mapsPath: string; headersPath: string }>
  readonly caddy: Readonly<{ configPath: string }>
  readonly firebase: Readonly<{ configPath: string; target: string | undefined; cleanUrls: boolean | undefined; trailingSlash: boolean | undefined }>
  readonly azureSwa: Readonly<{ configPath: string }>
  readonly vercelOutput: Readonly<{ configPath: string; cleanUrls: boolean | undefined; trailingSlash: boolean | undefined }>
  readonly netlifyFrameworks: Readonly<{ configPath: string }>
  readonly amplify: Readonly<{ configPath: string }>
}

const HEADER_OPTION_NAMES = ['spaFallback', 'overflow', 'reportOnly', 'reportingEndpoints', 'security', 'vercel', 'netlifyToml', 'nginx', 'caddy', 'firebase', 'azureSwa', 'vercelOutput', 'netlifyFrameworks', 'amplify', 'integrityPolicy']
const SECURITY_OPTION_NAMES = [
  'contentTypeOptions',
  'referrerPolicy',
  'permissionsPolicy',
  'crossOriginOpenerPolicy',
  'strictTransportSecurity',
  'frameOptions',
]

type UnknownKeys = (object: object, known: readonly string[], prefix: string, diagnostics: Diagnostic[]) => void

/**
 * Validates `hosts` and `headers`. Problems are pushed as OPTION_INVALID / OPTION_UNKNOWN diagnostics
 * (options.ts throws them all together).
 */
export function resolveHostOptions(
  hostsInput: unknown,
  headersInput: unknown,
  meta: boolean,
  diagnostics: Diagnostic[],
  unknownKeys: UnknownKeys,
): { hosts: readonly HostName[]; headers: ResolvedHeaderFileOptions } {
  const hosts: HostName[] = []
  if (hostsInput !== undefined) {
    if (!Array.isArray(hostsInput)) diagnostics.push(invalidOption('hosts', `an array of ${HOST_NAMES.map((h) => `'${h}'`).join(', ')}`, hostsInput))
    else
      for (const [i, h] of hostsInput.entries()) {
        if (!HOST_NAMES.includes(h)) {
          const near = typeof h === 'string' ? closest(h, HOST_NAMES) : undefined
          diagnostics.push(invalidOption(`hosts[${i}]`, `one of ${HOST_NAMES.map((n) => `'${n}'`).join(', ')}`, h, near ? `Did you mean '${near}'?` : undefined))
        }
        else if (!hosts.includes(h)) hosts.push(h)
      }
  }
  // Both read `_headers` from the output folder but parse it differently (detach lines, matching): one per build.
  // netlify-frameworks: Netlify reads .netlify/v1/config.json together with _headers and netlify.toml.
  const headersFileHosts = hosts.filter((h) => h === 'netlify' || h === 'netlify-toml' || h === 'cloudflare' || h === 'netlify-frameworks')
  if (headersFileHosts.length > 1)
    diagnostics.push(
      diagnostic({
        code: 'OPTION_INVALID',
        option: 'hosts',
        message: `'hosts' lists ${headersFileHosts.map((h) => `'${h}'`).join(' and ')}: each host would also read the other's rules (Netlify reads _headers, netlify.toml and .netlify/v1/config.json together; Cloudflare's _headers uses detach lines Netlify ignores), so some URLs would get two policies.`,
        fix: `Keep one of ${headersFileHosts.map((h) => `'${h}'`).join(', ')} per build (add 'vercel' freely).`,
      }),
    )

  for (const host of hosts.filter((h) => HEADERLESS_HOSTS.includes(h))) {
    if (!meta)
      diagnostics.push(
        invalidOption('meta', `true with hosts: ['${host}']`, meta, `GitHub Pages sends no custom headers, so with meta: false no page would get a policy: set meta: true (frame-ancestors, report-uri/report-to and sandbox have no effect in a meta tag there).`),
      )
  }

  const input = (headersInput ?? {}) as HeaderFileOptions
  if (typeof input !== 'object' || input === null || Array.isArray(input))
    diagnostics.push(invalidOption('headers', 'an object such as { security: true }', headersInput))
  else unknownKeys(input, HEADER_OPTION_NAMES, 'headers.', diagnostics)
  const h = typeof input === 'object' && input !== null ? input : {}

  const spaFallback = h.spaFallback
  if (spaFallback !== undefined && (typeof spaFallback !== 'string' || spaFallback === ''))
    diagnostics.push(invalidOption('headers.spaFallback', "an output-relative page such as 'index.html'", spaFallback))

  const overflow = h.overflow ?? 'error'
  if (!['error', 'union', 'meta'].includes(overflow))
    diagnostics.push(invalidOption('headers.overflow', "'error', 'union' or 'meta'", overflow))
  else if (overflow === 'meta' && !meta)
    diagnostics.push(
      invalidOption('headers.overflow', "'error' or 'union' while meta is false", overflow, "With overflow: 'meta' the policy travels in each page's meta tag: set meta: true, or choose overflow: 'union'."),
    )

  const reportOnly = h.reportOnly ?? false
  if (typeof reportOnly !== 'boolean') diagnostics.push(invalidOption('headers.reportOnly', 'true or false', reportOnly))
  else if (reportOnly && meta)
    diagnostics.push(
      invalidOption('headers.reportOnly', 'false while meta is true', reportOnly, 'A meta policy is always enforced (browsers ignore report-only metas): set meta: false to only report.'),
    )

  let reportingEndpoints: string | undefined
  const reportingGroups: string[] = []
  const endpoints = h.reportingEndpoints ?? {}
  if (typeof endpoints !== 'object' || endpoints === null || Array.isArray(endpoints))
    diagnostics.push(invalidOption('headers.reportingEndpoints', "an object of group name → URL, e.g. { csp: 'https://example.com/csp' }", endpoints))
  else {
    const parts: string[] = []
    for (const [name, url] of Object.entries(endpoints)) {
      if (!/^[a-z*][a-z0-9_\-.*]*$/.test(name))
        diagnostics.push(invalidOption(`headers.reportingEndpoints.${name}`, 'a lower-case name (a-z, 0-9, _ - . *) starting with a letter', name))
      else if (typeof url !== 'string' || url === '' || /["\\\u0000-\u001f\u007f]/.test(url))
        diagnostics.push(invalidOption(`headers.reportingEndpoints.${name}`, 'a URL without quotes, backslashes or control characters', url))
      else {
        parts.push(`${name}="${url}"`)
        reportingGroups.push(name)
      }
    }
    if (parts.length > 0) reportingEndpoints = parts.join(', ')
  }

  const { security, frameOptions } = resolveSecurity(h.security, diagnostics, unknownKeys)
  const integrityPolicy = resolveIntegrityPolicy(h.integrityPolicy, diagnostics)

  const vercelInput = h.vercel ?? {}
  if (typeof vercelInput !== 'object' || vercelInput === null) diagnostics.push(invalidOption('headers.vercel', 'an object', vercelInput))
  else unknownKeys(vercelInput, ['configPath', 'cleanUrls', 'trailingSlash'], 'headers.vercel.', diagnostics)
  const vercel = {
    configPath: pathOption('headers.vercel.configPath', vercelInput.configPath, 'vercel.json', diagnostics),
    cleanUrls: optionalBoolean('headers.vercel.cleanUrls', vercelInput.cleanUrls, diagnostics),
    trailingSlash: optionalBoolean('headers.vercel.trailingSlash', vercelInput.trailingSlash, diagnostics),
  }
  const tomlInput = h.netlifyToml ?? {}
  if (typeof tomlInput !== 'object' || tomlInput === null) diagnostics.push(invalidOption('headers.netlifyToml', 'an object', tomlInput))
  else unknownKeys(tomlInput, ['configPath'], 'headers.netlifyToml.', diagnostics)
  const netlifyToml = { configPath: pathOption('headers.netlifyToml.configPath', tomlInput.configPath, 'netlify.toml', diagnostics) }
  const nginxInput = h.nginx ?? {}
  if (typeof nginxInput !== 'object' || nginxInput === null) diagnostics.push(invalidOption('headers.nginx', 'an object', nginxInput))
  else unknownKeys(nginxInput, ['mapsPath', 'headersPath'], 'headers.nginx.', diagnostics)
  const nginx = {
    mapsPath: pathOption('headers.nginx.mapsPath', nginxInput.mapsPath, 'nginx/cspkit-maps.conf', diagnostics),
    headersPath: pathOption('headers.nginx.headersPath', nginxInput.headersPath, 'nginx/cspkit-headers.conf', diagnostics),
  }
  if (nginx.mapsPath === nginx.headersPath)
    diagnostics.push(invalidOption('headers.nginx.headersPath', 'a different file than headers.nginx.mapsPath (one goes in http {}, the other in server {})', nginx.headersPath))
  const caddyInput = h.caddy ?? {}
  if (typeof caddyInput !== 'object' || caddyInput === null) diagnostics.push(invalidOption('headers.caddy', 'an object', caddyInput))
  else unknownKeys(caddyInput, ['configPath'], 'headers.caddy.', diagnostics)
  const caddy = { configPath: pathOption('headers.caddy.configPath', caddyInput.configPath, 'cspkit.caddy', diagnostics) }
  const firebaseInput = hostObject('firebase', h.firebase, ['configPath', 'target', 'cleanUrls', 'trailingSlash'], diagnostics, unknownKeys)
  const firebase = {
    configPath: pathOption('headers.firebase.configPath', firebaseInput.configPath, 'firebase.json', diagnostics),
    target: optionalString('headers.firebase.target', firebaseInput.target, diagnostics),
    cleanUrls: optionalBoolean('headers.firebase.cleanUrls', firebaseInput.cleanUrls, diagnostics),
    trailingSlash: optionalBoolean('headers.firebase.trailingSlash', firebaseInput.trailingSlash, diagnostics),
  }
  const azureInput = hostObject('azureSwa', h.azureSwa, ['configPath'], diagnostics, unknownKeys)
  const azureSwa = { configPath: pathOption('headers.azureSwa.configPath', azureInput.configPath, 'staticwebapp.config.json', diagnostics) }
  const outputInput = hostObject('vercelOutput', h.vercelOutput, ['configPath', 'cleanUrls', 'trailingSlash'], diagnostics, unknownKeys)
  const vercelOutput = {
    configPath: pathOption('headers.vercelOutput.configPath', outputInput.configPath, '.vercel/output/config.json', diagnostics),
    cleanUrls: optionalBoolean('headers.vercelOutput.cleanUrls', outputInput.cleanUrls, diagnostics),
    trailingSlash: optionalBoolean('headers.vercelOutput.trailingSlash', outputInput.trailingSlash, diagnostics),
  }
  const frameworksInput = hostObject('netlifyFrameworks', h.netlifyFrameworks, ['configPath'], diagnostics, unknownKeys)
  const netlifyFrameworks = { configPath: pathOption('headers.netlifyFrameworks.configPath', frameworksInput.configPath, '.netlify/v1/config.json', diagnostics) }
  const amplifyInput = hostObject('amplify', h.amplify, ['configPath'], diagnostics, unknownKeys)
  const amplify = { configPath: pathOption('headers.amplify.configPath', amplifyInput.configPath, 'customHttp.yml', diagnostics) }

  return {
    hosts: Object.freeze(hosts),
    headers: Object.freeze({
      spaFallback: typeof spaFallback === 'string' ? spaFallback.replace(/^\/+/, '') : undefined,
      overflow,
      reportOnly: reportOnly === true,
      reportingEndpoints,
      reportingGroups: Object.freeze(reportingGroups),
      security: Object.freeze(security),
      frameOptions,
      integrityPolicy,
      vercel: Object.freeze(vercel),
      netlifyToml: Object.freeze(netlifyToml),
      nginx: Object.freeze(nginx),
      caddy: Object.freeze(caddy),
      firebase: Object.freeze(firebase),
      azureSwa: Object.freeze(azureSwa),
      vercelOutput: Object.freeze(vercelOutput),
      netlifyFrameworks: Object.freeze(netlifyFrameworks),
      amplify: Object.freeze(amplify),
    }),
  }
}

const SECURITY_DEFAULTS = {
  referrerPolicy: 'strict-origin-when-cross-origin',
  permissionsPolicy: 'camera=(), microphone=(), geolocation=()',
  crossOriginOpenerPolicy: 'same-origin',
  strictTransportSecurity: 'max-age=31536000; includeSubDomains',
}

function resolveSecurity(
  input: unknown,
  diagnostics: Diagnostic[],
  unknownKeys: UnknownKeys,
): { security: HeaderPair[]; frameOptions: FrameOptionsMode } {
  if (input === undefined || input === false) return { security: [], frameOptions: false }
  const s: SecurityHeadersOptions = input === true ? {} : (input as SecurityHeadersOptions)
  if (typeof s !== 'object' || s === null || Array.isArray(s)) {
    diagnostics.push(invalidOption('headers.security', 'true, false or an object such as { referrerPolicy: "no-referrer" }', input))
    return { security: [], frameOptions: false }
  }
  unknownKeys(s, SECURITY_OPTION_NAMES, 'headers.security.', diagnostics)
  const out: HeaderPair[] = []
  const contentTypeOptions = s.contentTypeOptions ?? true
  if (typeof contentTypeOptions !== 'boolean') diagnostics.push(invalidOption('headers.security.contentTypeOptions', 'true or false', contentTypeOptions))
  else if (contentTypeOptions) out.push(['X-Content-Type-Options', 'nosniff'])
  const valued = (option: keyof typeof SECURITY_DEFAULTS, header: string, value: unknown, onByDefault: boolean) => {
    const v = value === undefined ? (onByDefault ? SECURITY_DEFAULTS[option] : false) : value === true ? SECURITY_DEFAULTS[option] : value
    if (v === false) return
    if (typeof v !== 'string' || v.trim() === '' || /[\u0000-\u001f\u007f]/.test(v))
      diagnostics.push(invalidOption(`headers.security.${option}`, 'a one-line header value, or false', value))
    else out.push([header, v.trim()])
  }
  valued('referrerPolicy', 'Referrer-Policy', s.referrerPolicy, true)
  valued('permissionsPolicy', 'Permissions-Policy', s.permissionsPolicy, true)
  valued('crossOriginOpenerPolicy', 'Cross-Origin-Opener-Policy', s.crossOriginOpenerPolicy, true)
  valued('strictTransportSecurity', 'Strict-Transport-Security', s.strictTransportSecurity, false)
  const frameOptions = s.frameOptions ?? 'auto'
  if (!['auto', 'DENY', 'SAMEORIGIN', false].includes(frameOptions)) {
    diagnostics.push(invalidOption('headers.security.frameOptions', "'auto', 'DENY', 'SAMEORIGIN' or false", frameOptions))
    return { security: out, frameOptions: false }
  }
  return { security: out, frameOptions }
}

function pathOption(option: string, value: unknown, fallback: string, diagnostics: Diagnostic[]): string {
  if (value === undefined) return fallback
  if (typeof value === 'string' && value.trim() !== '') return value
  diagnostics.push(invalidOption(option, 'a file path relative to the project root', value))
  return fallback
}

function optionalBoolean(option: string, value: unknown, diagnostics: Diagnostic[]): boolean | undefined {
  if (value === undefined || typeof value === 'boolean') return value
  diagnostics.push(invalidOption(option, 'true or false', value))
  return undefined
}


/** A per-host settings object (`headers.firebase` …): checked for unknown keys; `{}` when absent or not an object. */
function hostObject(name: string, value: unknown, known: readonly string[], diagnostics: Diagnostic[], unknownKeys: UnknownKeys): Record<string, unknown> {
  if (value === undefined) return {}
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    diagnostics.push(invalidOption(`headers.${name}`, 'an object', value))
    return {}
  }
  unknownKeys(value, known, `headers.${name}.`, diagnostics)
  return value as Record<string, unknown>
}

function optionalString(option: string, value: unknown, diagnostics: Diagnostic[]): string | undefined {
  if (value === undefined || (typeof value === 'string' && value.trim() !== '')) return value as string | undefined
  diagnostics.push(invalidOption(option, 'a non-empty string', value))
  return undefined
}
