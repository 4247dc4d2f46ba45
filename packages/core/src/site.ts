import { dedupeDiagnostics, type Diagnostic } from './diagnostics.js'
import { isResolvedOptions, resolveOptions, type Options, type ResolvedOptions } from './options.js'
import { processPage, type PageInput, type PageResult } from './page.js'
import { checkScripts, type ScriptInput } from './loads/check-scripts.js'

/** What else of a build processSite looks at besides its pages. */
export interface SiteExtras {
  /**
   * The build's emitted scripts (JS chunks and assets), checked for what their code does against the
   * configured policy: eval, WebAssembly, requests to literal URLs. Read one at a time.
   */
  readonly scripts?: Iterable<ScriptInput>
}

export interface SiteResult {
  readonly pages: readonly PageResult[]
  /** Every diagnostic of the run, the same problem on many pages folded into one. */
  readonly diagnostics: readonly Diagnostic[]
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
  // Presets were applied once, in resolveOptions (presets/apply.ts): not again for every call.
  const ctx = { options: resolved, basePolicy: resolved.basePolicy, origins: resolved.presets.origins }
  const results: PageResult[] = []
  for (const page of pages) {
    if (resolved.include(page.fileName)) results.push(processPage(page, ctx))
  }
  results.sort(byName)
  // Hashes change nothing about eval or requests: the configured policy (presets included) decides.
  const scriptDiagnostics = extras.scripts ? checkScripts(extras.scripts, resolved.basePolicy) : []
  return {
    pages: results,
    diagnostics: dedupeDiagnostics([...resolved.diagnostics, ...results.flatMap((p) => p.diagnostics), ...scriptDiagnostics]),
  }
}
