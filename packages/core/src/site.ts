import { dedupeDiagnostics, type Diagnostic } from './diagnostics.js'
import { isResolvedOptions, resolveOptions, type Options, type ResolvedOptions } from './options.js'
import { analysePage, analyseStrictPage, composePage, processPage, type PageAnalysis, type PageContext, type PageInput, type PageResult } from './page.js'
import { isScriptFile, normalisePath, scriptDigests, type BuildScriptDigests, type ScriptDigests } from './strict/build-scripts.js'
import { chooseScope, type ScopeDecision } from './scope/choose-scope.js'
import { NO_EVIDENCE, mergeEvidence, pageEvidence, type ScopeEvidence } from './scope/detect-router.js'
import { unionGroups } from './scope/hash-union.js'
import type { HashGroup } from './policy/add-hashes.js'
import { checkScripts, type ScriptInput } from './loads/check-scripts.js'

/** What else of a build processSite looks at besides its pages. */
export interface SiteExtras {
  /**
   * The build's emitted scripts (JS chunks and assets), checked for what their code does against the
   * configured policy: eval, WebAssembly, requests to literal URLs. Read one at a time. With
   * `strict`, also hashed: pages' `integrity` attributes are computed from them.
   */
  readonly scripts?: Iterable<ScriptInput>
  /** With `strict`: the build scripts' digests already computed (directory mode reads the files' bytes). */
  readonly scriptDigests?: BuildScriptDigests
}

export interface SiteResult {
  readonly pages: readonly PageResult[]
  /** Every diagnostic of the run, the same problem on many pages folded into one. */
  readonly diagnostics: readonly Diagnostic[]
  /** The scope the run used (the `scope` option, or what `'auto'` found) and why. */
  readonly scope: ScopeDecision
}

/**
 * Pages in code-unit order of their names: the same on every machine (a collator's order depends on
 * the locale and ICU data), and no ICU start-up (several ms) in every build.
 */
function byName(a: PageResult, b: PageResult): number {
  return a.fileName < b.fileName ? -1 : a.fileName > b.fileName ? 1 : 0
}

/**
 * The whole pipeline over a set of built pages. Every door (Vite, webpack, the CLI, frameworks that
 * render HTML after the bundler) calls this. Pure: pages in, edited pages and a report out; writing
 * files is the caller's job.
 */
export function processSite(pages: Iterable<PageInput>, options: Options | ResolvedOptions = {}, extras: SiteExtras = {}): SiteResult {
  const resolved = isResolvedOptions(options) ? options : resolveOptions(options)
  // Strict mode needs the scripts' digests before any page: they are hashed as the script check reads them.
  let scriptDiagnostics: readonly Diagnostic[] = []
  let digests = extras.scriptDigests
  if (resolved.strict && extras.scripts) {
    const collected = new Map<string, ScriptDigests>(digests ?? [])
    scriptDiagnostics = checkScripts(hashing(extras.scripts, collected), resolved.basePolicy, resolved.origin)
    digests = collected
  }
  // Presets were applied once, in resolveOptions (presets/apply.ts): not again for every call.
  const ctx: PageContext = { options: resolved, basePolicy: resolved.basePolicy, origins: resolved.presets.origins, ...(digests ? { scripts: digests } : {}) }
  const included: PageInput[] = []
  for (const page of pages) if (resolved.include(page.fileName)) included.push(page)

  let results: PageResult[]
  let scope: ScopeDecision
  if (resolved.scope === 'page') {
    // The fast path: nothing more per page than before site scope existed.
    scope = chooseScope('page', NO_EVIDENCE)
    results = included.map((page) => processPage(page, ctx))
  } else {
    let evidence: ScopeEvidence = NO_EVIDENCE
    if (resolved.scope === 'auto') for (const page of included) evidence = mergeEvidence(evidence, pageEvidence(page.fileName, page.html))
    scope = chooseScope(resolved.scope, evidence)
    // Strict mode writes integrity, loaders and the import map first: the analysis is of the pages as written (each scanned once).
    const prepared = resolved.strict ? included.map((page) => analyseStrictPage(page, ctx)) : undefined
    const strict = prepared?.map((p) => p.strict)
    const inputs = prepared ? prepared.map((p) => p.input) : included
    const analyses = prepared ? prepared.map((p) => p.analysis) : inputs.map((page) => analysePage(page, resolved))
    const siteCtx = scope.scope === 'site' ? { ...ctx, site: unionGroups(analyses.map((a) => a.groups)) } : ctx
    results = inputs.map((page, i) => composePage(page, analyses[i]!, siteCtx, strict?.[i]))
  }
  results.sort(byName)
  // Hashes change nothing about eval or requests: the configured policy (presets included) decides.
  if (!resolved.strict && extras.scripts) scriptDiagnostics = checkScripts(extras.scripts, resolved.basePolicy, resolved.origin)
  return {
    pages: results,
    diagnostics: dedupeDiagnostics([...resolved.diagnostics, ...scope.diagnostics, ...results.flatMap((p) => p.diagnostics), ...scriptDiagnostics]),
    scope,
  }
}

/**
 * Pages through the pipeline with the scope already chosen (directory mode chooses it over the whole
 * folder, then sends chunks here): `site` is the union of every page's hash groups, or undefined
 * for per-page policies; `analysed`, pages' analyses (analysePage) of exactly these texts, kept
 * from the pass that collected the union. Sorted by name; diagnostics stay on each page.
 */
export function processPages(
  pages: readonly PageInput[],
  options: ResolvedOptions,
  site: readonly HashGroup[] | undefined,
  scripts?: BuildScriptDigests,
  analysed?: ReadonlyMap<string, PageAnalysis>,
): PageResult[] {
  const ctx: PageContext = { options, basePolicy: options.basePolicy, origins: options.presets.origins, ...(site ? { site } : {}), ...(scripts ? { scripts } : {}) }
  const results: PageResult[] = []
  for (const page of pages) {
    if (!options.include(page.fileName)) continue
    // A page analysed by an earlier pass (directory mode's site scope; never with strict, whose pages change first) is not scanned again.
    const analysis = options.strict ? undefined : analysed?.get(page.fileName)
    results.push(analysis ? composePage(page, analysis, ctx) : processPage(page, ctx))
  }
  return results.sort(byName)
}

/** The scripts as given, each one's digests recorded on the way (strict mode). */
function* hashing(scripts: Iterable<ScriptInput>, into: Map<string, ScriptDigests>): Generator<ScriptInput> {
  for (const script of scripts) {
    if (isScriptFile(script.fileName)) into.set(normalisePath(script.fileName), scriptDigests(script.code))
    yield script
  }
}
