import { createVitePlugin, createWebpackPlugin, type UnpluginFactory, type UnpluginOptions } from 'unplugin'
import { resolveOptions, type Options, type ResolvedOptions } from './options.js'
import { processSite, type SiteResult } from './site.js'
import type { PageInput, PageResult } from './page.js'
import type { ScriptInput } from './loads/check-scripts.js'
import { buildSummary } from './summary.js'
import { bundledRouter, bundledRouterDiagnostic } from './scope/bundled-router.js'
import type { ScopeDecision } from './scope/choose-scope.js'
import { reportDiagnostics, type DiagnosticSink } from './report.js'
import { viteDevPlugin } from './dev/vite.js'
import { CspkitError, failsBuild, formatDiagnostic, type Diagnostic } from './diagnostics.js'
import { planBundleHostFiles, prepareProjectFiles, type BundleHostContext, type ProjectWrite } from './headers/door.js'
import type { PreparedWrite } from './fs/atomic-write.js'
import { decodeUtf8 } from './fs/read-text.js'
import { abortAll, commitAll } from './fs/write-set.js'
import { writesProjectFiles, type HostFile } from './headers/plan.js'

export const PLUGIN_NAME = 'cspkit'

/** What a plugin instance exposes to integrators and tests, like @vitejs/plugin-legacy's computed hashes. */
export interface CspkitApi {
  readonly options: ResolvedOptions
  /** Every page of the last build, with its policy and hashes, sorted by file name. */
  readonly pages: readonly PageResult[]
  /** The last build's result for one page (output-relative file name), if it was processed. */
  page(fileName: string): PageResult | undefined
  /** The host header files of the last build (`hosts` option), with their rules. */
  readonly hostFiles: readonly HostFile[]
  /** The scope the last build used and why (undefined before a build). */
  readonly scope: ScopeDecision | undefined
  /** Every diagnostic of the last build (pages, scripts, host files), folded across pages, as reported. */
  readonly diagnostics: readonly Diagnostic[]
}

interface BuildState {
  readonly options: ResolvedOptions
  last: SiteResult | undefined
  hostFiles: readonly HostFile[]
  diagnostics: readonly Diagnostic[]
  readonly api: CspkitApi
}

function createState(input: Options | undefined): BuildState {
  const state: BuildState = {
    options: resolveOptions(input),
    last: undefined,
    hostFiles: [],
    diagnostics: [],
    api: {
      get diagnostics() {
        return state.diagnostics
      },
      get hostFiles() {
        return state.hostFiles
      },
      get scope() {
        return state.last?.scope
      },
      get options() {
        return state.options
      },
      get pages() {
        return state.last?.pages ?? []
      },
      page: (fileName) => state.last?.pages.find((p) => p.fileName === fileName),
    },
  }
  return state
}

interface HtmlAsset {
  type: 'asset' | 'chunk'
  fileName: string
  source?: string | Uint8Array
  /** A chunk's final code. */
  code?: string
}

/** The bundle's JavaScript: chunks' code, and `.js`/`.mjs` assets (read only when reached). */
function* bundleScripts(bundle: Record<string, HtmlAsset>): Generator<ScriptInput> {
  for (const o of Object.values(bundle)) {
    if (o.type === 'chunk' && typeof o.code === 'string') yield { fileName: o.fileName, code: o.code }
    else if (o.type === 'asset' && o.source !== undefined && /\.m?js$/i.test(o.fileName)) yield { fileName: o.fileName, code: assetText(o.source) }
  }
}

interface RollupLikeContext {
  warn(message: string): void
  error(message: string): never
  emitFile(file: { type: 'asset'; fileName: string; source: string }): string
}

/**
 * The hooks for every bundler. Each one hands the bundler's final HTML (after its own HTML work,
 * minifiers and hash rewriting) to processSite and writes back only pages that changed.
 */
function hooks(state: BuildState): UnpluginOptions {
  let viteLogger: { info(m: string): void; warn(m: string): void } | undefined
  const { options } = state
  let viteDirs: { root: string; publicDir: string } | undefined
  // Project-root files (vercel.json, netlify.toml) are written once the bundle is, not before.
  // They are prepared (temporary files next to them) before the bundle is written, so a full disk or
  // a permission fails the build with nothing written; renamed in once the bundle is written.
  let pending: PreparedWrite[] = []
  const writeBundle = {
    handler() {
      const failures = commitAll(pending)
      pending = []
      if (failures.length > 0) throw new CspkitError(failures)
    },
  }
  // A build that failed after generateBundle (the bundler could not write) never commits: remove them.
  const closeBundle = {
    handler() {
      abortAll(pending)
      pending = []
    },
  }
  /** Prepares the project files when the build will succeed; a failure is one more diagnostic. */
  const prepareProject = (writes: readonly ProjectWrite[], diagnostics: readonly Diagnostic[]): Diagnostic[] => {
    abortAll(pending)
    pending = []
    if (writes.length === 0 || diagnostics.some((d) => failsBuild(d, options.failOn))) return []
    const { prepared, failure } = prepareProjectFiles(writes)
    pending = prepared
    return failure ? [failure] : []
  }

  // Vite runs its own HTML work (asset URLs, nonces) in generateBundle, so ours must come after it.
  const generateBundle = {
    order: 'post' as const,
    handler(this: RollupLikeContext, _output: unknown, bundle: Record<string, HtmlAsset>) {
      const assets = Object.values(bundle).filter(
        (o): o is HtmlAsset & { source: string | Uint8Array } =>
          o.type === 'asset' && options.include(o.fileName) && o.source !== undefined,
      )
      const { result, hostPlan, diagnostics } = finishBuild(
        state,
        assets.map((a) => ({ fileName: a.fileName, html: assetText(a.source) })),
        bundleScripts(bundle),
        {
          bundleFile: (name) => {
            const asset = bundle[name]
            return asset?.type === 'asset' && asset.source !== undefined ? exactText(asset.source, name) : undefined
          },
          publicDir: viteDirs?.publicDir,
          projectRoot: viteDirs?.root ?? process.cwd(),
        },
        () => chunkModuleIds(bundle),
      )
      for (const page of result.pages) {
        // Rollup and Rolldown allow changing an asset's source in generateBundle; the object stays the bundler's.
        if (page.changed) bundle[page.fileName]!.source = page.html
      }
      for (const file of hostPlan.output) {
        for (const { fileName, text } of [file, ...(file.companion ? [file.companion] : [])]) {
          if (bundle[fileName]) bundle[fileName]!.source = text
          else this.emitFile({ type: 'asset', fileName, source: text })
        }
      }
      const prepareFailures = prepareProject(hostPlan.project, diagnostics)
      state.diagnostics = [...diagnostics, ...prepareFailures]
      const ctx = this
      reportDiagnostics(state.diagnostics, options.failOn, {
        info: (m) => viteLogger?.info(m),
        warn: (m) => (viteLogger ? viteLogger.warn(m) : ctx.warn(m)),
        fail: (messages) => ctx.error(messages.join('\n')),
      })
      for (const line of buildSummary(result.pages, hostPlan.files, summaryScope(result, options))) viteLogger?.info(line)
    },
  }

  // Rolldown gives each writeBundle hook its own copy of the whole bundle (~8 ms for 500 pages in a
  // Vite 8 build), so the hook is there only when there are project files to write.
  const afterWrite = writesProjectFiles(options) ? { writeBundle, closeBundle } : {}
  return {
    name: PLUGIN_NAME,
    enforce: 'post',
    vite: {
      apply: 'build',
      configResolved(config) {
        viteLogger = config.logger
        viteDirs = { root: config.root, publicDir: config.publicDir }
      },
      generateBundle,
      ...afterWrite,
      api: state.api,
    },
    rollup: { generateBundle, ...afterWrite },
    rolldown: { generateBundle, ...afterWrite },
    webpack(compiler) {
      const { Compilation, sources, WebpackError } = compiler.webpack
      compiler.hooks.afterEmit.tap(PLUGIN_NAME, (compilation) => {
        if (compilation.errors.length > 0) return closeBundle.handler()
        for (const failure of commitAll(pending)) compilation.errors.push(plainError(new WebpackError(formatDiagnostic(failure))))
        pending = []
      })
      // Not emitted (errors with emitOnErrors off) or failed: the prepared files are removed.
      compiler.hooks.done.tap(PLUGIN_NAME, () => closeBundle.handler())
      compiler.hooks.failed.tap(PLUGIN_NAME, () => closeBundle.handler())
      compiler.hooks.thisCompilation.tap(PLUGIN_NAME, (compilation) => {
        compilation.hooks.processAssets.tap(
          // After RealContentHashPlugin rewrote [contenthash] names, before compression plugins copy the assets.
          { name: PLUGIN_NAME, stage: Compilation.PROCESS_ASSETS_STAGE_OPTIMIZE_TRANSFER - 1 },
          () => {
            const pages = compilation
              .getAssets()
              .filter((a) => options.include(a.name))
              .map((a) => ({ fileName: a.name, html: a.source.source().toString() }))
            const scripts = (function* (): Generator<ScriptInput> {
              for (const a of compilation.getAssets())
                if (/\.m?js$/i.test(a.name)) yield { fileName: a.name, code: a.source.source().toString() }
            })()
            const { result, hostPlan, diagnostics } = finishBuild(state, pages, scripts, {
              bundleFile: (name) => {
                const source = compilation.getAsset(name)?.source.source()
                return source === undefined ? undefined : exactText(source, name)
              },
              projectRoot: compiler.context,
            }, () => webpackModulePaths(compilation.modules))
            for (const page of result.pages) {
              if (page.changed) compilation.updateAsset(page.fileName, new sources.RawSource(page.html))
            }
            for (const file of hostPlan.output) {
              for (const { fileName, text } of [file, ...(file.companion ? [file.companion] : [])]) {
                const source = new sources.RawSource(text)
                if (compilation.getAsset(fileName)) compilation.updateAsset(fileName, source)
                else compilation.emitAsset(fileName, source)
              }
            }
            const prepareFailures = prepareProject(hostPlan.project, diagnostics)
            state.diagnostics = [...diagnostics, ...prepareFailures]
            const logger = compilation.getLogger(PLUGIN_NAME)
            const sink: DiagnosticSink = {
              info: (m) => logger.info(m),
              warn: (m) => compilation.warnings.push(plainError(new WebpackError(m))),
              fail: (messages) => compilation.errors.push(plainError(new WebpackError(messages.join('\n')))),
            }
            reportDiagnostics(state.diagnostics, options.failOn, sink)
            for (const line of buildSummary(result.pages, hostPlan.files, summaryScope(result, options))) logger.info(line)
          },
        )
      })
    },
  }
}

/** Every module id of the bundle's chunks (Rollup, Rolldown and Vite list them on each chunk). */
function* chunkModuleIds(bundle: Record<string, HtmlAsset>): Iterable<string> {
  for (const output of Object.values(bundle)) {
    const ids = (output as { moduleIds?: readonly string[] }).moduleIds
    if (output.type === 'chunk' && ids) yield* ids
  }
}

/** The file each webpack module was made from. */
function* webpackModulePaths(modules: Iterable<{ nameForCondition(): string | null }>): Iterable<string> {
  for (const m of modules) {
    const path = m.nameForCondition()
    if (path) yield path
  }
}

function summaryScope(result: SiteResult, options: ResolvedOptions) {
  return { decision: result.scope, hosts: options.hosts, headers: options.headers }
}

function assetText(source: string | Uint8Array): string {
  return typeof source === 'string' ? source : new TextDecoder().decode(source)
}

/** A host file from the bundle, exactly: bytes that are not UTF-8 throw (the plan reports it, the file is left alone). */
function exactText(source: string | Uint8Array, fileName: string): string {
  return typeof source === 'string' ? source : decodeUtf8(source, fileName)
}

/** webpack prints `details` and `stack` under a message; ours say everything in the message. */
function plainError<E extends Error>(error: E): E {
  error.stack = ''
  return error
}

/**
 * What every door does with a finished build: the pages through processSite, then the host files
 * from their policies, recorded for the api. Doors only read their bundle and write results back.
 */
function finishBuild(
  state: BuildState,
  pages: readonly PageInput[],
  scripts: Iterable<ScriptInput>,
  hostContext: BundleHostContext,
  moduleIds: () => Iterable<string>,
) {
  const result = processSite(pages, state.options, { scripts })
  const hostPlan = planBundleHostFiles(result.pages, state.options, hostContext, result.scope)
  state.last = result
  state.hostFiles = hostPlan.files
  const router = bundleRouter(result, state.options, moduleIds)
  // The bundle's own evidence says more than the HTML's shared entry: one message, naming the router.
  const diagnostics = router
    ? [...result.diagnostics.filter((d) => d.code !== 'SCOPE_AMBIGUOUS'), bundledRouterDiagnostic(router, result.pages.length)]
    : result.diagnostics
  state.diagnostics = [...diagnostics, ...hostPlan.diagnostics]
  return { result, hostPlan, diagnostics: state.diagnostics }
}

/**
 * What only the bundle shows: a router package in a multi-page build that 'auto' left per page
 * (its module ids are read only then, so other builds pay nothing).
 */
function bundleRouter(result: SiteResult, options: ResolvedOptions, moduleIds: () => Iterable<string>): string | undefined {
  if (options.scope !== 'auto' || result.scope.scope !== 'page' || result.pages.length < 2) return undefined
  return bundledRouter(moduleIds())
}

/**
 * The unplugin factory over one build state, for Rollup and Rolldown (its hooks are Vite's, Rollup's,
 * Rolldown's and webpack's; other bundlers would get a plugin that does nothing):
 * `createRolldownPlugin(createCspkit(options).factory)()`. Every plugin made from it shares the options and api.
 */
export function createCspkit(options?: Options): { api: CspkitApi; factory: UnpluginFactory<undefined> } {
  const state = createState(options)
  return { api: state.api, factory: () => hooks(state) }
}

// The doors use unplugin's per-bundler creators, not createUnplugin: that one reaches every adapter,
// which the core bundle would then carry into every build (see scripts/bundle-core.mjs).
export function vitePlugin(options?: Options) {
  const { api, factory } = createCspkit(options)
  // `vite dev`/`vite preview` get their own plugin (apply: 'serve'); Vite flattens the pair. `api` stays on the build one and the pair.
  return Object.assign([createVitePlugin(factory)(), viteDevPlugin(api.options)], { api })
}

export function webpackPlugin(options?: Options) {
  const { api, factory } = createCspkit(options)
  return Object.assign(createWebpackPlugin(factory)(), { api })
}
