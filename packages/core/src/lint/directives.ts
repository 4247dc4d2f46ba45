/**
 * The CSP3 directives browsers know, with what their values must look like. One table drives
 * validation (unknown directive, value syntax) and the security rules (which directives run script).
 */

/** What a directive's value must be. */
export type ValueKind =
  /** Source expressions: keywords, hashes, nonces, schemes, hosts. */
  | 'source-list'
  /** No value at all, e.g. `upgrade-insecure-requests`. */
  | 'none'
  /** `allow-*` tokens. */
  | 'sandbox'
  /** URLs to POST reports to. */
  | 'report-uri'
  /** One endpoint name from `Reporting-Endpoints`. */
  | 'report-to'
  /** Policy names, `'none'`, `'allow-duplicates'` or `*`. */
  | 'trusted-types'
  /** `'script'`. */
  | 'require-trusted-types-for'
  /** `'allow'` or `'block'`. */
  | 'webrtc'
  /** Anything; only for deprecated directives, which are reported as such. */
  | 'tokens'

export interface DirectiveInfo {
  readonly name: string
  readonly kind: ValueKind
  /** Browsers no longer (or never widely) apply it; says what to use instead. */
  readonly deprecated?: string
  /** Browsers ignore it in a `<meta>` policy (CSP-RULES d3). */
  readonly metaIgnored?: boolean
}

const TABLE: readonly DirectiveInfo[] = [
  { name: 'default-src', kind: 'source-list' },
  { name: 'script-src', kind: 'source-list' },
  { name: 'script-src-elem', kind: 'source-list' },
  { name: 'script-src-attr', kind: 'source-list' },
  { name: 'style-src', kind: 'source-list' },
  { name: 'style-src-elem', kind: 'source-list' },
  { name: 'style-src-attr', kind: 'source-list' },
  { name: 'img-src', kind: 'source-list' },
  { name: 'font-src', kind: 'source-list' },
  { name: 'connect-src', kind: 'source-list' },
  { name: 'media-src', kind: 'source-list' },
  { name: 'object-src', kind: 'source-list' },
  { name: 'frame-src', kind: 'source-list' },
  { name: 'child-src', kind: 'source-list' },
  { name: 'worker-src', kind: 'source-list' },
  { name: 'manifest-src', kind: 'source-list' },
  { name: 'fenced-frame-src', kind: 'source-list' },
  { name: 'base-uri', kind: 'source-list' },
  { name: 'form-action', kind: 'source-list' },
  { name: 'frame-ancestors', kind: 'source-list', metaIgnored: true },
  { name: 'sandbox', kind: 'sandbox', metaIgnored: true },
  { name: 'report-uri', kind: 'report-uri', metaIgnored: true },
  { name: 'report-to', kind: 'report-to', metaIgnored: true },
  { name: 'upgrade-insecure-requests', kind: 'none' },
  { name: 'trusted-types', kind: 'trusted-types' },
  { name: 'require-trusted-types-for', kind: 'require-trusted-types-for' },
  { name: 'webrtc', kind: 'webrtc' },
  // Deprecated or removed: browsers ignore them (Chromium: "Unrecognized … directive"), so a
  // policy relying on them protects less than its author thinks.
  {
    name: 'block-all-mixed-content',
    kind: 'none',
    deprecated: 'Browsers now upgrade or block mixed content by themselves; use upgrade-insecure-requests if you still serve http: URLs.',
  },
  { name: 'plugin-types', kind: 'tokens', deprecated: "Plugins are gone from browsers; set object-src 'none'." },
  { name: 'prefetch-src', kind: 'source-list', deprecated: 'Prefetches are governed by default-src and the fetch directive of what they load.' },
  { name: 'referrer', kind: 'tokens', deprecated: 'Send a Referrer-Policy header instead.' },
  { name: 'reflected-xss', kind: 'tokens', deprecated: 'Browsers removed their XSS auditors; rely on script-src.' },
  { name: 'disown-opener', kind: 'none', deprecated: 'Send a Cross-Origin-Opener-Policy header instead.' },
  { name: 'require-sri-for', kind: 'tokens', deprecated: 'No browser ships it; add integrity attributes and hash-sources instead.' },
  { name: 'navigate-to', kind: 'source-list', deprecated: 'It was removed from CSP3 and no browser ships it; restrict navigation with form-action and frame-ancestors.' },
]

export const DIRECTIVES: ReadonlyMap<string, DirectiveInfo> = new Map(TABLE.map((d) => [d.name, Object.freeze(d)]))

/** Names a did-you-mean may suggest: current directives only. */
export const CURRENT_DIRECTIVE_NAMES: readonly string[] = Object.freeze(
  TABLE.filter((d) => !d.deprecated).map((d) => d.name),
)

/** Directives that decide which scripts run (CSP3 §6.1.1 fallback lists). */
export const SCRIPT_DIRECTIVES: readonly string[] = Object.freeze(['script-src', 'script-src-elem', 'script-src-attr'])
export const STYLE_DIRECTIVES: readonly string[] = Object.freeze(['style-src', 'style-src-elem', 'style-src-attr'])

/** Sandbox flags browsers accept (HTML "parse a sandboxing directive"). */
export const SANDBOX_TOKENS: readonly string[] = Object.freeze([
  'allow-downloads',
  'allow-forms',
  'allow-modals',
  'allow-orientation-lock',
  'allow-pointer-lock',
  'allow-popups',
  'allow-popups-to-escape-sandbox',
  'allow-presentation',
  'allow-same-origin',
  'allow-scripts',
  'allow-storage-access-by-user-activation',
  'allow-top-navigation',
  'allow-top-navigation-by-user-activation',
  'allow-top-navigation-to-custom-protocols',
])
