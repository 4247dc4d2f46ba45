import { getDirective, type Policy } from '../policy/model.js'
import { withoutRedundantNone } from '../policy/merge.js'
import type { Violation } from './violation.js'
import { DIRECTIVE_FALLBACKS } from '../policy/fallbacks.js'

/**
 * When only `default-src` governs, the directive to create: the general one for element/attribute
 * checks (`script-src` covers `script-src-elem` and `-attr`), the effective one otherwise.
 */
const DIRECTIVE_TO_CREATE: Readonly<Record<string, string>> = {
  'script-src-elem': 'script-src',
  'script-src-attr': 'script-src',
  'style-src-elem': 'style-src',
  'style-src-attr': 'style-src',
}

/**
 * Which presets allow `url` for `directive` (e.g. `connect-src` to `https://api.gleap.io` → `gleap`).
 * The preset registry plugs in here; without one, advice names sources only.
 */
export type PresetLookup = (url: URL, directive: string) => readonly string[]

export interface Advice {
  /** What was blocked, for people: a URL, `an inline <script> ("…")`, `eval()`. */
  readonly blocked: string
  /** The directive of the configured policy to change. */
  readonly directive: string
  /** The source expression that allows it, when adding one source is the fix. */
  readonly source?: string
  /** Presets whose sources allow it. */
  readonly presets: readonly string[]
  /** How to fix it, in one or two sentences. */
  readonly fix: string
}

/**
 * The fix for one violation against the configured `policy` (the one the user edits, not the dev
 * server's): the source to add to which directive, written so that adding it keeps every source the
 * directive now inherits, and the presets that cover the host.
 */
export function adviseViolation(v: Violation, policy: Policy, lookupPresets: PresetLookup = () => []): Advice {
  const blocked = v.blockedURL
  const sample = v.sample ? ` ("${v.sample.length >= 40 ? `${v.sample}…` : v.sample}")` : ''

  if (blocked === 'inline') return inlineAdvice(v.directive, sample, policy)
  if (blocked === 'eval')
    return keywordAdvice(policy, v.directive, 'eval() or new Function()', "'unsafe-eval'",
      'This weakens the policy: prefer removing eval()/new Function() from the code (webpack: a devtool without "eval", e.g. \'source-map\').')
  if (blocked === 'wasm-eval')
    return keywordAdvice(policy, v.directive, 'WebAssembly compilation', "'wasm-unsafe-eval'", 'It allows WebAssembly only, not eval().')
  if (blocked.startsWith('trusted-types'))
    return {
      blocked: blocked === 'trusted-types-policy' ? `a Trusted Types policy${sample}` : `a string assigned to a DOM sink${sample}`,
      directive: v.directive,
      presets: [],
      fix: `Create the value through a Trusted Types policy and list that policy's name in 'trusted-types', or remove '${v.directive}'.`,
    }

  // A bare scheme (`data`, `blob`) or a URL.
  const url = parseUrl(blocked)
  const source = url ? sourceFor(url, parseUrl(v.documentURL)) : /^[a-z][a-z0-9+.-]*$/i.test(blocked) ? `${blocked.toLowerCase()}:` : undefined
  if (!source)
    return { blocked: blocked || 'a resource', directive: v.directive, presets: [], fix: `Allow it in '${v.directive}'.` }
  const presets = url && source !== "'self'" ? lookupPresets(url, v.directive) : []
  const where = addSource(policy, v.directive, source)
  const presetFix = presets.length > 0 ? `, or add the ${list(presets.map((p) => `'${p}'`))} preset (presets: [${presets.map((p) => `'${p}'`).join(', ')}]), which allows it` : ''
  return {
    blocked: url ? url.href : `a ${source} URL`,
    directive: where.directive,
    source,
    presets,
    fix: `${where.fix}${presetFix}.`,
  }
}

/** The origin, or `'self'` for the page's own origin; bare schemes for data:, blob: and the like. */
function sourceFor(url: URL, page: URL | undefined): string {
  if (!['http:', 'https:', 'ws:', 'wss:'].includes(url.protocol)) return url.protocol
  if (page && url.origin === page.origin) return "'self'"
  return url.origin
}

interface Placement {
  readonly directive: string
  readonly fix: string
}

/** Where `source` goes so that the browser's check for `effective` passes, and how to say it. */
function addSource(policy: Policy, effective: string, source: string): Placement {
  const chain = DIRECTIVE_FALLBACKS[effective] ?? [effective]
  const governing = chain.map((name) => getDirective(policy, name)).find((d) => d !== undefined)
  if (governing && (governing.name !== 'default-src' || effective === 'default-src')) {
    return { directive: governing.name, fix: `Add ${quoteForOption(source)} to '${governing.name}' in the cspkit policy option` }
  }
  const create = DIRECTIVE_TO_CREATE[effective] ?? effective
  // A new directive replaces default-src for its checks, so it must repeat what default-src allows.
  const inherited = governing ? withoutRedundantNone([...governing.values, source]) : [source]
  const values = inherited.map(quoteForOption).join(', ')
  return {
    directive: create,
    fix: governing
      ? `Add '${create}': [${values}] to the cspkit policy option ('${create}' now falls back to 'default-src', so it repeats default-src's sources)`
      : `Add '${create}': [${values}] to the cspkit policy option`,
  }
}

function keywordAdvice(policy: Policy, effective: string, what: string, keyword: string, note: string): Advice {
  const where = addSource(policy, effective === 'script-src-elem' ? 'script-src' : effective, keyword)
  return { blocked: what, directive: where.directive, source: keyword, presets: [], fix: `${where.fix}. ${note}` }
}

function inlineAdvice(effective: string, sample: string, policy: Policy): Advice {
  const base = { directive: effective, presets: [] as readonly string[] }
  switch (effective) {
    case 'script-src-attr':
      return {
        ...base,
        blocked: `an inline event handler${sample}`,
        fix: 'Attach the handler with addEventListener in a script file: cspkit hashes on…="" attributes written in your HTML, not ones set at run time.',
      }
    case 'style-src-attr': {
      const where = addSource(policy, 'style-src-attr', "'unsafe-inline'")
      const attr = where.directive === 'style-src-attr' ? where.fix : `Add 'style-src-attr': ["'unsafe-inline'"] to the cspkit policy option`
      return {
        ...base,
        directive: 'style-src-attr',
        source: "'unsafe-inline'",
        blocked: `a style="" attribute${sample}`,
        fix: `Set styles through element.style (CSSOM), which CSP does not block, or ${lowerFirst(attr)} (attributes only; <style> elements stay strict).`,
      }
    }
    case 'style-src-elem':
    case 'style-src':
      return {
        ...base,
        blocked: `an inline <style>${sample}`,
        fix: 'cspkit hashes the <style> elements in your HTML; this one was added at run time (CSS-in-JS, a widget). Import the CSS from a file, or give the element a nonce.',
      }
    default:
      return {
        ...base,
        blocked: `an inline <script>${sample}`,
        fix: 'cspkit hashes the inline scripts in your HTML; this one was added at run time. Load the code from a script file (allowed by \'self\'), or create the element from a trusted script under \'strict-dynamic\'.',
      }
  }
}

/** How a source is written in the `policy` option: keywords keep their single quotes inside a JS string. */
function quoteForOption(source: string): string {
  return source.startsWith("'") ? `"${source}"` : `'${source}'`
}

function list(items: readonly string[]): string {
  return items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} or ${items.at(-1)}`
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1)
}

function parseUrl(text: string): URL | undefined {
  try {
    return new URL(text)
  } catch {
    return undefined
  }
}
