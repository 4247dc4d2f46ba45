/**
 * A preset is data: the sources one third-party service needs, per directive, with where that list
 * comes from. Built-in presets and users' own presets have the same shape.
 */

/** Directive → sources, as in the `policy` option. A source may hold `{option}` placeholders (e.g. `wss://ws-{pusherCluster}.pusher.com`). */
export type PresetDirectives = { readonly [directive: string]: readonly string[] }

/** A value the user picks when using the preset (a region, a cluster), filled into `{name}` placeholders. */
export interface PresetOption {
  /** What the value means, for the README table and diagnostics. */
  readonly description: string
  /**
   * The allowed values; any other value is an error that lists them. Without `values` the option is
   * free text restricted to a host name or label (letters, digits, '-', '.'), so that no value can
   * add a source or widen one (no '*', spaces, quotes, scheme, port or path).
   */
  readonly values?: readonly string[]
  /**
   * The grammar of a free-text value (one without `values`): `'dns-label'` for a subdomain
   * (`https://{site}.vendor.com`), `'domain'` for a whole host (`https://{domain}`), `'google-tld'`,
   * or `'host-name'`. Any other value is OPTION_INVALID naming the expected form.
   * @default 'host-name'
   */
  readonly form?: import('./option-forms.js').OptionForm
  /** Used when the user gives no value. Without one, the option is required as soon as a placeholder uses it. */
  readonly default?: string
}

export interface Preset {
  /** Registry key, what users type: `presets: ['gleap']`. Lower-case, digits and `-`. */
  readonly name: string
  /** The service's name as its vendor writes it. */
  readonly title: string
  /** The vendor's own CSP documentation this list comes from. */
  readonly docs: string
  /** When `docs` was last checked against this file (YYYY-MM-DD). */
  readonly checked: string
  /** What the service needs, in the default variant. */
  readonly directives: PresetDirectives
  /** Name of the default variant (`directives`) for `variant:` and the README, e.g. `'wildcard'`. */
  readonly defaultVariant?: string
  /** Alternative source lists, selected with `{ variant }`, e.g. explicit hosts instead of wildcards. */
  readonly variants?: { readonly [variant: string]: PresetDirectives }
  /**
   * Old variant names that still work, each mapped to the variant it was renamed to; using one
   * reports PRESET_VARIANT_RENAMED (info) naming the new name.
   */
  readonly renamedVariants?: { readonly [oldName: string]: string }
  /** Values filled into `{name}` placeholders of the directives. */
  readonly options?: { readonly [option: string]: PresetOption }
  /** Where the list differs from the vendor's, and why. */
  readonly notes?: string
  /** The npm package of the browser SDK this preset was proven against in a real browser, if any. */
  readonly sdk?: string
  /**
   * Vendor-hosted code the real-SDK test could not fetch offline and served a stand-in for (the npm
   * package is a loader for it). The proof then covers the loader and the hosts, not that code.
   */
  readonly sdkStandIn?: string
  /** How the service fares under `strict` (`'strict-dynamic'`); see {@link PresetStrictDynamic}. Undefined: not yet assessed. */
  readonly strictDynamic?: PresetStrictDynamic
}

/** A preset with chosen variant and option values, as `gleap({ variant: 'explicit-hosts', pusherCluster: 'eu' })` returns it. */
export interface PresetCall {
  readonly preset: Preset | string
  readonly variant?: string
  readonly options?: { readonly [option: string]: string }
}

/** The options a typed call of preset `P` accepts: `variant` plus one key per declared option. */
export type PresetCallOptions<P extends Preset> = {
  readonly variant?: VariantName<P>
} & {
  readonly [K in keyof NonNullable<P['options']>]?: OptionValue<NonNullable<P['options']>[K]>
}

type VariantName<P extends Preset> =
  | (P['defaultVariant'] extends string ? P['defaultVariant'] : never)
  | (P['variants'] extends object ? Extract<keyof P['variants'], string> : never)
  | (P['renamedVariants'] extends object ? Extract<keyof P['renamedVariants'], string> : never)

type OptionValue<O> = O extends { readonly values: readonly (infer V extends string)[] } ? V : string

/** A preset after resolving: its name and its policy with placeholders filled in. */
export interface PresetPolicy {
  readonly name: string
  readonly policy: import('../policy/model.js').Policy
  /** The preset's `strictDynamic`, when it has one. */
  readonly strictDynamic?: PresetStrictDynamic
}

/**
 * Whether a service works under strict mode (`'strict-dynamic'` with hashes): `'works'` when its
 * loader is an inline snippet (hashed by cspkit) or a script of the site, and it inserts the rest by
 * script; otherwise why not and what to do (e.g. a `<script src>` from the vendor's CDN, which needs
 * its published `integrity`, or a loader that needs `'unsafe-inline'`).
 */
export type PresetStrictDynamic = 'works' | { readonly why: string; readonly fix: string }

/** Which preset added each source: directive → source → preset name. Sources the configured policy already had are not listed. */
export type PresetOrigins = { readonly [directive: string]: { readonly [source: string]: string } }
