import { invalidOption, type Diagnostic } from '../diagnostics.js'
import { HASH_ALGORITHMS, type HashAlgorithm } from '../policy/source.js'

/** Settings of strict mode (`strict: true` is all defaults). */
export interface StrictOptions {
  /**
   * Add `'unsafe-inline' https:` to `script-src` for browsers without CSP3 (CSP1/CSP2). Browsers
   * with CSP3 ignore both beside `'strict-dynamic'` and hashes, so they loosen nothing there; without
   * them a CSP2 browser runs no external script (it cannot match a hash to a file).
   * @default true
   */
  fallbacks?: boolean
  /**
   * Hash algorithm of the `integrity` attributes cspkit writes on the build's scripts (the same
   * value goes into `script-src`: CSP matches an external script by its integrity value).
   * @default 'sha384'
   */
  sriAlgorithm?: HashAlgorithm
  /**
   * Load each module entry of the build (`<script type="module" src>`) by a small inline module
   * (hashed like any inline script) that inserts it with its integrity. Chromium and Firefox treat
   * everything a parser-inserted entry reaches as parser-inserted, so under `'strict-dynamic'` its
   * `import()` of a chunk nothing preloaded is blocked (Vite's dynamic imports, VitePress's router);
   * an entry inserted by a trusted script is trusted with all it imports. `false` keeps the entry
   * as it is, with an `integrity` attribute (enough for WebKit, and for entries without `import()`).
   * @default true
   */
  moduleLoader?: boolean
}

/** Strict mode, resolved: every field set, frozen. */
export interface ResolvedStrictOptions {
  readonly fallbacks: boolean
  readonly sriAlgorithm: HashAlgorithm
  readonly moduleLoader: boolean
}

const STRICT_OPTION_NAMES = ['fallbacks', 'sriAlgorithm', 'moduleLoader'] as const

/** The CSP1/CSP2 fallback sources strict mode adds to script-src (`fallbacks`). */
export const STRICT_FALLBACK_SOURCES: readonly string[] = Object.freeze(["'unsafe-inline'", 'https:'])

/**
 * `strict` → its resolved settings, or undefined when strict mode is off. Problems are
 * OPTION_INVALID/OPTION_UNKNOWN diagnostics naming `strict.<field>`.
 */
export function resolveStrictOptions(
  value: unknown,
  diagnostics: Diagnostic[],
  unknownKeys: (object: object, known: readonly string[], prefix: string, diagnostics: Diagnostic[]) => void,
): ResolvedStrictOptions | undefined {
  if (value === undefined || value === false) return undefined
  if (value === true) return DEFAULTS
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    diagnostics.push(invalidOption('strict', 'true, false or an object such as { fallbacks: true, sriAlgorithm: \'sha384\' }', value, 'Set strict: true for the defaults.'))
    return undefined
  }
  unknownKeys(value, STRICT_OPTION_NAMES, 'strict.', diagnostics)
  const input = value as StrictOptions
  let fallbacks = DEFAULTS.fallbacks
  if (input.fallbacks !== undefined) {
    if (typeof input.fallbacks === 'boolean') fallbacks = input.fallbacks
    else diagnostics.push(invalidOption('strict.fallbacks', 'true or false', input.fallbacks))
  }
  let sriAlgorithm = DEFAULTS.sriAlgorithm
  if (input.sriAlgorithm !== undefined) {
    if (HASH_ALGORITHMS.includes(input.sriAlgorithm)) sriAlgorithm = input.sriAlgorithm
    else diagnostics.push(invalidOption('strict.sriAlgorithm', `one of ${HASH_ALGORITHMS.map((a) => `'${a}'`).join(', ')}`, input.sriAlgorithm))
  }
  let moduleLoader = DEFAULTS.moduleLoader
  if (input.moduleLoader !== undefined) {
    if (typeof input.moduleLoader === 'boolean') moduleLoader = input.moduleLoader
    else diagnostics.push(invalidOption('strict.moduleLoader', 'true or false', input.moduleLoader))
  }
  return Object.freeze({ fallbacks, sriAlgorithm, moduleLoader })
}

const DEFAULTS: ResolvedStrictOptions = Object.freeze({ fallbacks: true, sriAlgorithm: 'sha384', moduleLoader: true })
