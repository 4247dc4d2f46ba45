/**
 * Strict mode's page step: `integrity` on every `<script src>`, `<link rel=modulepreload>` and
 * `<link rel=preload as=script>` that loads a file of the build, from that file's final bytes, and
 * the integrity values the page's script-src must hold (CSP3 allows an external script by a
 * hash-source equal to its integrity value). Only those attributes are edited; a second run changes
 * nothing. Pure: page text and digests in, page text and findings out.
 */
import { diagnostic, type Diagnostic } from '../diagnostics.js'
import { HASH_ALGORITHMS, type HashAlgorithm } from '../policy/source.js'
import { normalisePath, type BuildScriptDigests } from './build-scripts.js'
import { findScripts, type ScriptElement } from './find-scripts.js'
import type { ResolvedStrictOptions } from './options.js'
import { moduleLoader, moduleLoaderBody } from './module-loader.js'
import { importMaps, integrityMap, integrityMapJson } from './integrity-map.js'
import type { PageLoad } from '../loads/elements.js'

/** What strict mode found on a page, for PageResult.strict (the Integrity-Policy writer reads it). */
export interface StrictPageScripts {
  /** `module`: a module script, a modulepreload, or cspkit's loader of a module entry (their imports are fetched without integrity). */
  readonly scripts: readonly { readonly src: string; readonly integrity: string | undefined; readonly module: boolean }[]
  /** The page runs module scripts (external, preloaded, or inline): what Integrity-Policy's enforced header must know without the HTML. */
  readonly modules: boolean
}

export interface StrictPage {
  /** The page text with the integrity (and crossorigin) attributes written. */
  readonly html: string
  /** Offset in the input just past its last edit; 0 when nothing changed. */
  readonly editEnd: number
  /** Hash-sources of the page's scripts' integrity values, for its script-src. */
  readonly sources: readonly string[]
  /** The page has a `<base href>` (its base-uri must then allow it). */
  readonly hasBase: boolean
  /** URLs as written of scripts left without integrity (reported here; the load check need not repeat it). */
  readonly unhashed: ReadonlySet<string>
  readonly found: StrictPageScripts
  readonly diagnostics: readonly Diagnostic[]
  /** The edits that made `html`, in document order (offsets in the input): what lets the page's scan follow them (rebase-scan.ts). */
  readonly edits: readonly StrictEdit[]
  /** The scan's loads whose element got an integrity attribute written, with its value. */
  readonly integrityOf: ReadonlyMap<PageLoad, string>
  /** Every element was located from the scan's loads given (not parsed anew): the scan can follow the edits. */
  readonly rebaseable: boolean
}

/** `text` put in place of the input's `[at, end)` (`end === at`: an insertion). */
export interface StrictEdit {
  readonly at: number
  readonly end: number
  readonly text: string
  /** The edit writes an inline script (a module loader, the import map): its type and text, which the policy must hash. */
  readonly script?: { readonly type: 'module' | 'importmap'; readonly body: string }
}

const INTEGRITY_TOKEN = /^(sha256|sha384|sha512)-([A-Za-z0-9+/_-]+={0,2})(?:\?.*)?$/i
const STRENGTH: Readonly<Record<HashAlgorithm, number>> = { sha256: 0, sha384: 1, sha512: 2 }
/** The origin page URLs are resolved under when the site's own is not known (`origin` option). */
const LOCAL_ORIGIN = 'https://cspkit.invalid'

export function strictPage(
  fileName: string,
  html: string,
  digests: BuildScriptDigests | undefined,
  strict: ResolvedStrictOptions,
  origin: string | undefined,
  /** The page scan's loads, when the caller scanned the page already (it is then not scanned again). */
  loads?: readonly PageLoad[],
): StrictPage {
  const { elements, baseHref } = findScripts(html, loads)
  const rebaseable = loads !== undefined && elements.every((el) => el.kind === 'loader' || el.load !== undefined)
  const diagnostics: Diagnostic[] = []
  const sources: string[] = []
  const unhashed = new Set<string>()
  const scripts: { src: string; integrity: string | undefined; module: boolean }[] = []
  const inserts: { at: number; text: string; end?: number; script?: StrictEdit['script'] }[] = []
  const integrityOf = new Map<PageLoad, string>()
  const loaderEdit = (el: ScriptElement, value: string) => ({ at: el.start, text: moduleLoader(el.url, value, el.crossoriginValue), end: el.end, script: { type: 'module' as const, body: moduleLoaderBody(el.url, value, el.crossoriginValue) } })
  const page = new URL(`/${fileName.split('/').map(encodeURIComponent).join('/')}`, origin ?? LOCAL_ORIGIN)
  let base: URL = page
  if (baseHref !== undefined) base = parseUrl(baseHref, page) ?? page

  // Module files of the build the page loads, with the integrity they end up with: the page's import map.
  const moduleIntegrity = new Map<string, string>()
  let firstModuleAt: number | undefined
  for (const el of elements) {
    if (isModule(el)) firstModuleAt ??= el.start
    const where = `${fileName}:${el.line}:${el.column}`
    const url = parseUrl(el.url, base)
    const own = url !== undefined && url.origin === page.origin
    const file = own ? buildFile(url, digests) : undefined
    const written = el.integrity ? integrityTokens(el.integrity.value) : []

    if (file && digests && el.kind === 'loader') {
      // cspkit's loader from an earlier run: rewritten only if the file changed since.
      const fileDigests = digests.get(file)!
      const current = written.length === 1 && standardBase64(written[0]!.digest) === fileDigests[written[0]!.algorithm]
      const value = current ? el.integrity!.value : `${strict.sriAlgorithm}-${fileDigests[strict.sriAlgorithm]}`
      // Also rewritten when an older cspkit wrote it in another form.
      const edit = loaderEdit(el, value)
      if (html.slice(el.start, el.end) !== edit.text) inserts.push(edit)
      scripts.push({ src: el.url, integrity: value, module: isModule(el) })
      if (isModule(el)) moduleIntegrity.set(el.url, value)
      continue
    }
    if (el.kind === 'loader') {
      scripts.push({ src: el.url, integrity: el.integrity?.value, module: isModule(el) })
      continue
    }

    if (file && digests) {
      const fileDigests = digests.get(file)!
      const entry = strict.moduleLoader && el.kind === 'script' && el.module
      if (el.integrity === undefined || written.length === 0) {
        const value = `${strict.sriAlgorithm}-${fileDigests[strict.sriAlgorithm]}`
        // A module entry is loaded by script, so Chromium and Firefox trust its import()s too (module-loader.ts).
        if (entry) inserts.push(loaderEdit(el, value))
        // Base64 needs no escaping in a double-quoted attribute.
        else if (el.integrity === undefined) inserts.push({ at: el.insertAt, text: ` integrity="${value}"` })
        else inserts.push({ at: el.integrity.start, text: `integrity="${value}"`, end: el.integrity.end })
        if (!entry && el.load) integrityOf.set(el.load, value)
        // The loader's script is trusted by 'strict-dynamic'; an element in the HTML by this hash.
        if (!entry) sources.push(`'${value}'`)
        scripts.push({ src: el.url, integrity: value, module: isModule(el) })
        if (isModule(el)) moduleIntegrity.set(el.url, value)
        continue
      }
      // SRI checks only the strongest algorithm the attribute names; one of its values must match.
      const strongest = Math.max(...written.map((t) => STRENGTH[t.algorithm]))
      const matches = written.some((t) => STRENGTH[t.algorithm] === strongest && standardBase64(t.digest) === fileDigests[t.algorithm])
      if (matches && entry) {
        inserts.push(loaderEdit(el, el.integrity.value))
        scripts.push({ src: el.url, integrity: el.integrity.value, module: isModule(el) })
        if (isModule(el)) moduleIntegrity.set(el.url, el.integrity.value)
      } else if (matches) {
        sources.push(...written.map((t) => `'${t.algorithm}-${t.digest}'`))
        scripts.push({ src: el.url, integrity: el.integrity.value, module: isModule(el) })
        if (isModule(el)) moduleIntegrity.set(el.url, el.integrity.value)
      } else {
        const algorithm = HASH_ALGORITHMS.find((a) => STRENGTH[a] === strongest)!
        diagnostics.push(
          diagnostic({
            code: 'STRICT_INTEGRITY_MISMATCH',
            file: where,
            message: `The ${label(el)} for ${el.url} has integrity="${el.integrity.value}", which does not match ${file} as built (its ${algorithm} is ${algorithm}-${fileDigests[algorithm]}), so browsers refuse to run it.`,
            fix: `Remove the integrity attribute so cspkit writes the right one from the final file, or fix what wrote it (a plugin that hashed ${file} before minification or renaming).`,
          }),
        )
        scripts.push({ src: el.url, integrity: undefined, module: isModule(el) })
      }
      continue
    }

    if (written.length > 0) {
      // Pinned by the author (a CDN script with its published hash), or a file cspkit was not given.
      sources.push(...written.map((t) => `'${t.algorithm}-${t.digest}'`))
      scripts.push({ src: el.url, integrity: el.integrity!.value, module: isModule(el) })
      if (!own && !el.crossorigin && !el.module) {
        // Cross-origin SRI needs a CORS response: without crossorigin the browser gets an opaque one and refuses the script.
        inserts.push({ at: el.insertAt, text: ' crossorigin="anonymous"' })
        diagnostics.push(
          diagnostic({
            code: 'STRICT_CROSSORIGIN_ADDED',
            file: where,
            message: `cspkit added crossorigin="anonymous" to the ${label(el)} for ${el.url}: integrity on a script from another origin is only checked on a CORS response.`,
            fix: `Nothing to do if the host sends Access-Control-Allow-Origin (CDNs that publish integrity hashes do); write crossorigin yourself to choose credentials.`,
          }),
        )
      }
      continue
    }

    unhashed.add(el.url)
    scripts.push({ src: el.url, integrity: undefined, module: isModule(el) })
    diagnostics.push(
      own
        ? diagnostic({
            code: 'STRICT_SCRIPT_UNHASHED',
            file: where,
            message: `The ${label(el)} for ${el.url} points at ${url!.pathname}, which is not a script file of the build, so cspkit cannot compute its integrity, and under strict mode browsers block it.`,
            fix: `Check the path (and the bundler's base), add integrity="…" with the file's hash yourself, or set strict: false.`,
          })
        : diagnostic({
            code: 'STRICT_SCRIPT_UNHASHED',
            file: where,
            message: `The ${label(el)} for ${el.url} loads a script from another origin without integrity, so cspkit cannot hash it, and under strict mode ('strict-dynamic' with hashes) browsers block it.`,
            fix: `Either load it from a script of your site (a script that cspkit hashes may insert it: 'strict-dynamic' trusts scripts inserted by trusted ones), or pin it with its published hash: integrity="sha384-…" crossorigin="anonymous", or set strict: false.`,
          }),
    )
  }

  // Modules the page loads are fetched again by the module loader without integrity: the import map gives it to them (integrity-map.ts).
  const maps = moduleIntegrity.size > 0 || html.includes('data-cspkit-integrity-map') ? importMaps(html) : undefined
  if (maps && !maps.other) {
    const map = moduleIntegrity.size > 0 ? integrityMap(moduleIntegrity) : ''
    const script = map ? { type: 'importmap' as const, body: integrityMapJson(moduleIntegrity) } : undefined
    if (maps.own) {
      if (html.slice(maps.own.start, maps.own.end) !== map) inserts.push({ at: maps.own.start, text: map, end: maps.own.end, ...(script ? { script } : {}) })
    } else if (script && firstModuleAt !== undefined) inserts.push({ at: firstModuleAt, text: map, script })
  } else if (maps?.other && moduleIntegrity.size > 0) {
    const [url, value] = [...moduleIntegrity][0]!
    diagnostics.push(
      diagnostic({
        code: 'STRICT_IMPORT_MAP_KEPT',
        file: fileName,
        option: 'strict',
        message: `The page has an import map of its own, so cspkit wrote no integrity import map: the modules its scripts import (${url}${moduleIntegrity.size > 1 ? ` and ${moduleIntegrity.size - 1} more` : ''}) are fetched without integrity, and Chromium and WebKit would run a changed one.`,
        fix: `Add an "integrity" object to the page's import map with each module's integrity, e.g. "integrity": { "${url}": "${value}" } (cspkit then hashes the map as it is).`,
      }),
    )
  }

  if (inserts.length === 0)
    return Object.freeze({ html, editEnd: 0, sources, hasBase: baseHref !== undefined, unhashed, found: { scripts, modules: scripts.some((x) => x.module) }, diagnostics, edits: [], integrityOf, rebaseable })
  // Edits in document order; a replacement (`end`) swaps an empty integrity attribute for the right one.
  // At one offset an insertion (the import map) goes before the replacement of the element there.
  inserts.sort((a, b) => a.at - b.at || (a.end === undefined ? 0 : 1) - (b.end === undefined ? 0 : 1))
  let out = ''
  let from = 0
  for (const edit of inserts) {
    out += html.slice(from, edit.at) + edit.text
    from = edit.end ?? edit.at
  }
  out += html.slice(from)
  const edits = inserts.map((e) => ({ at: e.at, end: e.end ?? e.at, text: e.text, ...(e.script ? { script: e.script } : {}) }))
  return Object.freeze({ html: out, editEnd: from, sources, hasBase: baseHref !== undefined, unhashed, found: { scripts, modules: scripts.some((x) => x.module) }, diagnostics, edits, integrityOf, rebaseable })
}

/** A module script, a modulepreload, or cspkit's loader (which inserts a module entry). */
function isModule(el: ScriptElement): boolean {
  return el.module || el.kind === 'loader'
}

function label(el: ScriptElement): string {
  return el.kind === 'script' || el.kind === 'loader' ? '<script src>' : el.kind === 'modulepreload' ? '<link rel=modulepreload>' : '<link rel=preload as=script>'
}

/** The file of the build the URL names: its path, or (under a base path such as `/app/`) the longest tail of it that is one. */
function buildFile(url: URL, digests: BuildScriptDigests | undefined): string | undefined {
  if (!digests) return undefined
  let path: string
  try {
    path = normalisePath(decodeURIComponent(url.pathname))
  } catch {
    return undefined
  }
  for (;;) {
    if (digests.has(path)) return path
    const slash = path.indexOf('/')
    if (slash === -1) return undefined
    path = path.slice(slash + 1)
  }
}

function integrityTokens(value: string): { algorithm: HashAlgorithm; digest: string }[] {
  const out: { algorithm: HashAlgorithm; digest: string }[] = []
  for (const token of value.split(/[\t\n\f\r ]+/)) {
    const m = INTEGRITY_TOKEN.exec(token)
    if (m) out.push({ algorithm: m[1]!.toLowerCase() as HashAlgorithm, digest: m[2]! })
  }
  return out
}

/** base64url digits read as base64 (SRI and CSP accept both spellings). */
function standardBase64(digest: string): string {
  let out = digest.replace(/-/g, '+').replace(/_/g, '/').replace(/=+$/, '')
  while (out.length % 4 !== 0) out += '='
  return out
}

function parseUrl(url: string, base: URL): URL | undefined {
  try {
    return new URL(url, base)
  } catch {
    return undefined
  }
}
