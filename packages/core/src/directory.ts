import { closeSync, openSync, readFileSync, statSync } from 'node:fs'
import { stat } from 'node:fs/promises'
import { availableParallelism } from 'node:os'
import { basename, dirname, join, relative, resolve, sep } from 'node:path'
import { fileURLToPath } from 'node:url'
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads'
import { CspkitError, dedupeDiagnostics, diagnostic, type Diagnostic } from './diagnostics.js'
import { planHostFiles, type HostFile } from './headers/plan.js'
import { projectPath, projectWrites } from './headers/door.js'
import { readIfExists } from './headers/write.js'
import { prepareWrite, type PreparedWrite } from './fs/atomic-write.js'
import { fsErrorDiagnostic } from './fs/fs-error.js'
import { readFileShared, readIntoShared } from './fs/read-buffer.js'
import { isTempName, removeOwnTempsOf, removeStaleTemps } from './fs/temp-files.js'
import { decodePage, NotUtf8Error, type PageEncoding } from './fs/read-text.js'
import { encodeUtf8Shared, encodeWindows1252Shared } from './fs/write-buffer.js'
import { abortAll, commitAll, prepareAll, UNTOUCHED } from './fs/write-set.js'
import { RecordWriter, RunRecords, type ChunkOfRecords } from './directory-records.js'
import type { InlineContent } from './html/scan.js'
import type { PageResult } from './page.js'
import type { Policy } from './policy/model.js'
import { resolveOptions, type Options, type ResolvedOptions } from './options.js'
import { processPages } from './site.js'
import { analysePage, analyseStrictPage, type PageAnalysis } from './page.js'
import type { HashGroup } from './policy/add-hashes.js'
import { chooseScope, type ScopeDecision } from './scope/choose-scope.js'
import { NO_EVIDENCE, mergeEvidence, pageEvidence, routerRegionEnd, type ScopeEvidence } from './scope/detect-router.js'
import { HashUnion } from './scope/hash-union.js'
import { KEPT_PAGES_BUDGET, KEPT_PAGES_BUDGET_ON_WORKERS, KeptPages, keptPageSize } from './scope/kept-pages.js'
import { checkScripts, type ScriptInput } from './loads/check-scripts.js'
import { folderLinkDiagnostic, listFolderPaths } from './folder-files.js'
import type { DirectoryPaths } from './directory-paths.js'
import { folderScriptDigests } from './strict/folder-digests.js'
import type { BuildScriptDigests } from './strict/build-scripts.js'

/**
 * Directory mode: the same pipeline as the bundler plugins (processSite), over a folder some other
 * tool already wrote (VitePress, Astro, Hugo, Eleventy, …). Pages are read, processed and written
 * back in chunks; large sites spread the chunks over worker threads.
 *
 * What bounds memory: in flight, one page per thread (its bytes in the thread's one read buffer, its
 * text, its scan, its edited start encoded into the thread's one write buffer), each page let go
 * before the next is read; worker threads run under V8 heap limits
 * (WORKER_RESOURCE_LIMITS), and a page too large for them is processed in the main thread. What is
 * kept of each page until the end (its record: file name, hashes, policy; its prepared write) is
 * appended by the thread that processed it to its own temporary files and read back when needed
 * (directory-records.ts); in memory stay the totals and the diagnostics, folded as they come (a
 * count and the first pages each). The listing is its paths' bytes in blocks and offsets (directory-paths.ts), the
 * survey's marks one byte a page. So memory does not grow with the page count, except where the
 * host files need every page's policy (they hold one rule a page).
 * Nothing kept may be a slice of a page's text (V8 keeps a slice's whole parent): results are cloned
 * (as a worker's are) and caches keep copies.
 * With site scope, this thread also keeps the pages it analysed in the first pass (their text and
 * analysis) for the pass that writes, up to a fixed budget (scope/kept-pages.ts; workers keep none
 * by default), let go as taken.
 */

export interface DirectoryProgress {
  /** Pages processed so far. */
  readonly done: number
  /** Pages found. */
  readonly total: number
}

export interface DirectoryRunOptions {
  /** Called after every chunk of pages, and once with `done === total` at the end. */
  onProgress?: (progress: DirectoryProgress) => void
  /**
   * Worker threads. `0` processes in this thread. `'auto'` uses one per core for sites of
   * {@link AUTO_WORKERS_MIN_PAGES} pages or more, none below (starting a worker costs more than
   * processing a small site).
   * @default 'auto'
   */
  workers?: number | 'auto'
  /** Write changed pages and host files back: all prepared first, then swapped in (each file old or new, never partial; on an error nothing changes). `false` is a dry run. @default true */
  write?: boolean
  /** Where project-level host files (`vercel.json`, `netlify.toml`) live. @default process.cwd() */
  projectRoot?: string
  /**
   * A folder without pages is fine. `false` makes it an error (BUILD_NO_PAGES) before anything is
   * written: a build step pointed at the wrong folder should not pass (`cspkit build` does this
   * unless given `--allow-empty`).
   * @default true
   */
  allowEmpty?: boolean
}

/** What the run did to one page; the page's text is not kept (memory flat in the number of pages). */
export interface DirectoryPage {
  /** Path relative to the directory, with `/` separators. */
  readonly fileName: string
  readonly changed: boolean
  /** Hash-sources added for this page's inline content. */
  readonly hashes: readonly string[]
  /** The page's full policy (for host header files). */
  readonly policy: Policy
  /** The page's policy serialised for a `Content-Security-Policy` header. */
  readonly headerPolicy: string
  /** The page's policy as its meta tag holds it (without directives browsers ignore there). */
  readonly metaPolicy: string
  /** Inline content the page's policy still blocks: where it is, without its text. */
  readonly blocked: readonly Omit<InlineContent, 'text'>[]
  /** Strict mode: the page's scripts and their integrity (PageResult.strict). */
  readonly strict?: PageResult['strict']
}

export interface DirectoryResult {
  /** The absolute directory that was processed. */
  readonly dir: string
  /**
   * Every page, sorted by file name. Read back from the run's temporary record files when first
   * asked for (a getter; then kept): a run does not hold every page's record in memory, and a caller
   * that needs only counts should read {@link DirectoryResult.totals}, which costs nothing. Pages of
   * one policy share one policy object, and equal hash lists one array.
   */
  readonly pages: readonly DirectoryPage[]
  /** Counts over every page, kept as the run goes (what a summary needs without reading `pages`). */
  readonly totals: DirectoryTotals
  /** Every diagnostic of the run, the same problem on many pages folded into one. */
  readonly diagnostics: readonly Diagnostic[]
  /** Pages written back. */
  readonly written: number
  /** Worker threads used (0: this thread). */
  readonly workers: number
  /** Host header files (the `hosts` option), merged with the user's and written unless a dry run. */
  readonly hostFiles: readonly HostFile[]
  /** The scope the run used (the `scope` option, or what `'auto'` found over every page) and why. */
  readonly scope: ScopeDecision
}

/** Counts over a run's pages (DirectoryResult.totals). */
export interface DirectoryTotals {
  /** Pages processed (the length of `pages`). */
  readonly pages: number
  /** Pages whose bytes changed. */
  readonly changed: number
  /** Hash-sources over every page (their `hashes`, summed). */
  readonly hashes: number
  /** The most hash-sources one page has. */
  readonly mostHashes: number
  /** The longest page policy, as a header (`headerPolicy.length`). */
  readonly longestHeaderPolicy: number
  /** The longest page policy, as its meta holds it (`metaPolicy.length`). */
  readonly longestMetaPolicy: number
}

/** Below this many pages, `workers: 'auto'` stays in this thread. */
export const AUTO_WORKERS_MIN_PAGES = 200
/** Pages per unit of work: small enough to keep memory flat, large enough to amortise messaging. */
const CHUNK_SIZE = 16

/**
 * Runs the cspkit pipeline over every page below `dir` (pages chosen by `options.include`) and
 * writes changed pages back. Returns a report; it does not print or fail by itself: pass
 * `result.diagnostics` to `reportDiagnostics` (the CLI does) to apply `failOn`.
 *
 * Options must be plain data (functions cannot cross to worker threads) except `include`, which is
 * applied in this thread; when they hold other functions the run stays in this thread.
 */
export async function processDirectory(
  dir: string,
  options: Options = {},
  run: DirectoryRunOptions = {},
): Promise<DirectoryResult> {
  const root = resolve(dir)
  const resolved = resolveOptions(options)
  const write = run.write ?? true
  await assertDirectory(root)
  let all: DirectoryPaths
  let listing: Diagnostic[]
  try {
    ;({ files: all, diagnostics: listing } = await listFiles(root, resolved.include))
  } catch (error) {
    throw new CspkitError([fsErrorDiagnostic(error, (error as NodeJS.ErrnoException).path ?? root, 'list', UNTOUCHED)])
  }
  // Temporary files of a run that was killed are removed (a live run's are left alone), and are never pages.
  const isTemp = (f: string) => isTempName(basename(f))
  if (write) removeStaleTemps([...all.filter(isTemp)].map((f) => join(root, f)))
  const listed = all.filter((f) => !isTemp(f))
  const files = listed.filter((f) => resolved.include(f))
  // The scripts: few, kept as strings.
  const scriptFiles = [...listed.filter(isScriptName)]
  // Strict mode: the scripts' digests from their bytes, once, before any page (every worker gets them).
  const scriptDigests = resolved.strict ? folderScriptDigests(root, scriptFiles) : undefined
  const total = files.length
  if (total === 0 && run.allowEmpty === false) throw new CspkitError([noPages(root, listed.length)])
  // Chunks of the listing, each made into strings when it is handed out.
  const chunks: Units = { length: Math.ceil(total / CHUNK_SIZE), get: (i) => files.slice(i * CHUNK_SIZE, (i + 1) * CHUNK_SIZE) }

  const workerOptions = cloneableOptions(options)
  const workers = workerOptions === undefined ? 0 : workerCount(run.workers ?? 'auto', total, chunks.length)
  // What is kept of each page goes to temporary files as it comes (directory-records.ts): memory flat in pages.
  const records = new RunRecords()
  let done = 0
  const collect = (chunk: ChunkResult) => {
    records.add(chunk)
    done += chunk.pages.length + chunk.skipped
    run.onProgress?.({ done, total })
  }

  // This thread's pages kept between passes (site scope), as each worker keeps its own.
  const kept: KeptPages<KeptPage> = new KeptPages(KEPT_PAGES_BUDGET)
  const poolNotes: Diagnostic[] = []
  const runHere = (task: ToWorker) => structuredClone(runTask(root, task, resolved, write, scriptDigests, kept))
  const pool = workers === 0 ? undefined : openPool(workers, { root, options: workerOptions!, write, ...(scriptDigests ? { scripts: scriptDigests } : {}), ...(records.dir ? { records: records.dir } : {}) }, runHere, poolNotes)
  let scope: ScopeDecision
  // The folder's scripts are checked against the configured policy (as processSite does), one file a unit of work.
  const scriptFindings: Diagnostic[][] = []
  try {
    // The same tasks in this thread or on the workers, unit by unit; `prefer[i]` is the worker that
    // holds what unit i needs (its pages' kept analyses), which then gets it when it can.
    const pass = async (task: Omit<ToWorker, 'files'>, units: Units, onResult: (result: TaskResult, unit: number, worker: number) => void, prefer?: readonly number[]) => {
      if (pool) await pool.run(task, units, onResult, prefer)
      // In this thread a chunk's results are copied as a worker's are (structured clone): what they
      // hold from a page (a URL in a diagnostic) would otherwise be a slice keeping the whole page.
      else for (let i = 0; i < units.length; i++) onResult(structuredClone(runTask(root, { ...task, files: units.get(i) }, resolved, write, scriptDigests, kept)), i, 0)
    }
    // Site scope needs every page's hashes before any page is written. One pass reads each page's
    // head for a router (scope 'auto') and analyses the pages that show one (all of them with scope
    // 'site'): once a page shows a router, the site has site scope and needs every page's hashes.
    // It keeps the union, and each page's text and analysis within a budget (scope/kept-pages.ts),
    // so the pass that writes does not decode and scan those pages again. Pages without a marker on a site that
    // has a router (seldom: a framework marks every page) are analysed by a second pass.
    let site: HashGroup[] | undefined
    const keptBy: number[] = []
    if (resolved.scope === 'page') scope = chooseScope('page', NO_EVIDENCE)
    else {
      let evidence = NO_EVIDENCE
      const union = new HashUnion()
      // One byte a page, 1 where the survey did not analyse it: not the pages' names (100,000 strings).
      const notAnalysed = new Uint8Array(total)
      await pass({ kind: 'survey', ...(resolved.scope === 'site' ? { all: true } : {}) }, chunks, (r, unit, worker) => {
        const survey = r as SurveyResult
        evidence = mergeEvidence(evidence, survey.evidence)
        union.add(survey.groups)
        for (let i = 0; i < survey.notAnalysed.length; i++) notAnalysed[unit * CHUNK_SIZE + survey.notAnalysed[i]!] = 1
        keptBy[unit] = worker
      })
      scope = chooseScope(resolved.scope, evidence)
      if (scope.scope === 'site') {
        const rest: number[] = []
        for (let i = 0; i < total; i++) if (notAnalysed[i] === 1) rest.push(i)
        const restChunks: Units = { length: Math.ceil(rest.length / CHUNK_SIZE), get: (u) => rest.slice(u * CHUNK_SIZE, (u + 1) * CHUNK_SIZE).map((i) => files.at(i)) }
        await pass({ kind: 'analyse' }, restChunks, (r) => void union.add((r as AnalyseResult).groups))
        site = union.groups()
      }
    }
    // Chunks arrive in whatever order the workers finish them: the records put their diagnostics in the folder's order.
    await pass({ kind: 'process', ...(site ? { site } : {}) }, chunks, (r) => collect(r as ChunkResult), site ? keptBy : undefined)
    kept.clear()
    // On workers, larger scripts first (the last unit to finish bounds the pass); findings in the folder's order.
    const order = scriptFiles.map((_, i) => i)
    if (pool) {
      const sizes = scriptFiles.map((f) => fileSize(join(root, f)))
      order.sort((a, b) => sizes[b]! - sizes[a]!)
    }
    const scriptUnits = order.map((i) => [scriptFiles[i]!])
    await pass({ kind: 'scripts' }, { length: scriptUnits.length, get: (i) => scriptUnits[i]! }, (r, unit) => void (scriptFindings[order[unit]!] = (r as ScriptsResult).diagnostics))
  } catch (error) {
    for (const prepared of records.prepared()) abortAll(prepared) // a failed run leaves no temporary files behind
    records.dispose()
    throw error
  } finally {
    await pool?.close()
  }
  if (total === 0) run.onProgress?.({ done: 0, total: 0 })

  let hosts: ReturnType<typeof hostFiles>
  let written: { pages: number; diagnostics: Diagnostic[] }
  try {
    hosts = hostFiles(root, () => records.pages(), resolved, run.projectRoot ?? process.cwd(), scope)
    written = write ? commitSite(records, hosts, root) : { pages: 0, diagnostics: [] }
  } catch (error) {
    records.dispose()
    throw error
  }
  const scripts = scriptFindings.flat()
  const diagnostics = dedupeDiagnostics([...resolved.diagnostics, ...listing, ...scope.diagnostics, ...records.diagnostics(), ...poolNotes, ...hosts.diagnostics, ...written.diagnostics, ...scripts])
  const totals = records.totals
  // The pages are read back from the records when first asked for (the CLI's summary needs only the totals).
  let pages: readonly DirectoryPage[] | undefined
  const result: DirectoryResult = Object.freeze({
    dir: root,
    get pages() {
      if (pages === undefined) {
        pages = Object.freeze(records.pages())
        records.dispose()
        RECORDS.unregister(result)
      }
      return pages
    },
    totals,
    diagnostics,
    written: written.pages,
    workers,
    hostFiles: hosts.files,
    scope,
  })
  RECORDS.register(result, records, result)
  return result
}

/** A result whose pages were never read: its records are removed when it is collected (or when the process exits). */
const RECORDS = new FinalizationRegistry<RunRecords>((records) => records.dispose())

/**
 * The write phase, once every page is prepared (its new bytes in a temporary file next to it) and the
 * host files are planned: if anything failed (a page that could not be prepared, a host file cspkit
 * must leave alone), every temporary file is removed and nothing is changed; otherwise the host files
 * are prepared too and everything is renamed into place. A run killed part-way leaves each file old
 * or new, and a rerun finishes the rest (pages already done come out unchanged).
 */
function commitSite(records: RunRecords, hosts: { writes: { path: string; text: string }[]; diagnostics: readonly Diagnostic[] }, root: string) {
  const failures = records.failures
  const shown = (p: PreparedWrite) => relative(root, p.path).split(sep).join('/')
  const abort = (diagnostics: Diagnostic[]) => {
    for (const prepared of records.prepared()) abortAll(prepared)
    return { pages: 0, diagnostics }
  }
  if (failures.length > 0) {
    const [first, ...rest] = failures
    return abort([rest.length > 0 ? { ...first!, message: `${first!.message} (${rest.length} more page${rest.length === 1 ? '' : 's'} failed the same way.)` } : first!])
  }
  const hostErrors = hosts.diagnostics.filter((d) => d.severity === 'error')
  if (hostErrors.length > 0)
    return abort(records.preparedCount === 0 && hosts.writes.length === 0 ? [] : [
      diagnostic({
        code: 'SITE_NOT_WRITTEN',
        file: hostErrors[0]!.file ?? root,
        message: `No page or header file was written: cspkit could not update ${[...new Set(hostErrors.map((d) => d.file?.replace(/:\d+(:\d+)?$/, '') ?? 'a header file'))].join(', ')} (see the error above), and pages whose policies the header files do not carry would be a half-updated site.`,
        fix: 'Fix the header file as its message says, then run the build again; it writes the pages and the header files together.',
      }),
    ])
  const host = prepareAll(hosts.writes.map((w) => ({ path: w.path, data: w.text })), { durable: true })
  if (host.failure) return abort([host.failure])
  const pageFailures: Diagnostic[] = []
  for (const prepared of records.prepared()) pageFailures.push(...commitAll(prepared, shown))
  return { pages: records.preparedCount - pageFailures.length, diagnostics: [...pageFailures, ...commitAll(host.prepared)] }
}

interface ChunkResult extends ChunkOfRecords {
  readonly pages: DirectoryPage[]
  readonly diagnostics: Diagnostic[]
  /** Changed pages, their new bytes waiting in temporary files (commitSite swaps them in). */
  readonly prepared: PreparedWrite[]
  /** Pages whose new bytes could not be prepared (a full disk, a permission): nothing is written then. */
  readonly failures: Diagnostic[]
  /** Pages that could not be read (each has a diagnostic). */
  readonly skipped: number
}

/** The units of a pass, each made when handed out (the listing is not kept as one array a chunk). */
interface Units {
  readonly length: number
  get(i: number): readonly string[]
}

/** One unit of work: a chunk of files and what to do with them. */
interface ToWorker {
  /**
   * `survey`: look for a router in each page's head and analyse the pages that show one (every page
   * with `all`), keeping their analyses; `analyse`: collect the pages' hashes; `process`: compose and
   * write; `scripts`: check scripts' code against the configured policy.
   */
  readonly kind: 'survey' | 'analyse' | 'process' | 'scripts'
  readonly files: readonly string[]
  /** Site scope (process): every page's hash groups. Sent to each worker once; it keeps them. */
  readonly site?: readonly HashGroup[]
  /** survey: analyse every page (scope 'site'), not only those with a router marker. */
  readonly all?: boolean
}

interface SurveyResult {
  readonly evidence: ScopeEvidence
  /** The union of the hash groups of the chunk's pages that were analysed. */
  readonly groups: readonly HashGroup[]
  /** Readable pages not analysed (no router marker), as their places in the chunk: site scope needs them analysed too. */
  readonly notAnalysed: readonly number[]
}
interface AnalyseResult {
  /** The union of the chunk's pages' hash groups. */
  readonly groups: readonly HashGroup[]
}
interface ScriptsResult {
  readonly diagnostics: Diagnostic[]
}
type TaskResult = SurveyResult | AnalyseResult | ChunkResult | ScriptsResult

/** A page kept between passes: its text as decoded and its analysis (scope/kept-pages.ts). */
interface KeptPage {
  readonly html: string
  readonly encoding: PageEncoding
  readonly analysis: PageAnalysis
}

/** The same code in this thread and in a worker; `kept`, the thread's pages kept between passes. */
function runTask(root: string, task: ToWorker, options: ResolvedOptions, write: boolean, scripts: BuildScriptDigests | undefined, kept: KeptPages<KeptPage>): TaskResult {
  if (task.kind === 'process') return processChunk(root, task.files, options, write, task.site, scripts, kept)
  if (task.kind === 'scripts') return { diagnostics: checkScripts(readScripts(root, task.files), options.basePolicy, options.origin) }
  // Unreadable pages are left to the process pass, which reports them once.
  const ignored: Diagnostic[] = []
  const union = new HashUnion()
  const analyse = (fileName: string, html: string) => {
    // Strict mode: the page as it will be written (its module loaders are inline scripts the union must hold).
    const analysis = options.strict ? analyseStrictPage({ fileName, html }, { options, scripts }).analysis : analysePage({ fileName, html }, options)
    union.add(analysis.groups)
    return analysis
  }
  if (task.kind === 'analyse') {
    for (const fileName of task.files) {
      const source = readPage(root, fileName, ignored)
      if (source) analyse(fileName, source.html)
    }
    return { groups: union.groups() }
  }
  let evidence = NO_EVIDENCE
  const notAnalysed: number[] = []
  for (let place = 0; place < task.files.length; place++) {
    const fileName = task.files[place]!
    let bytes: Buffer
    try {
      bytes = readFileShared(join(root, fileName)) // the thread's read buffer (fs/read-buffer.ts)
    } catch {
      continue
    }
    // The router markers are looked for in the head as Latin-1 (markers are ASCII, which UTF-8 never
    // uses inside another character): a page without one is not decoded in a pass that writes nothing.
    const end = routerRegionEnd((search, from) => bytes.indexOf(search, from, 'latin1'), bytes.length)
    const own = pageEvidence(fileName, bytes.toString('latin1', 0, end))
    evidence = mergeEvidence(evidence, own)
    if (!task.all && !own.router) {
      notAnalysed.push(place)
      continue
    }
    let decoded: ReturnType<typeof decodePage>
    try {
      decoded = decodePage(bytes, fileName)
    } catch {
      continue // not UTF-8 nor windows-1252: the process pass reports it and leaves it alone
    }
    const analysis = analyse(fileName, decoded.html)
    // Strict mode changes the page before its analysis: the process pass does both again.
    if (!options.strict)
      kept.keep(fileName, bytes, { html: decoded.html, encoding: decoded.encoding, analysis }, keptPageSize(bytes.length, decoded.html.length, analysis.scan.inline.length + analysis.scan.loads.length))
  }
  return { evidence, groups: union.groups(), notAnalysed }
}

/** The page's kept text and analysis with its bytes read again, or undefined (not kept, changed, unreadable: read it afresh). */
function keptPage(root: string, fileName: string, kept: KeptPages<KeptPage>): { source: SourceFile; analysis: PageAnalysis } | undefined {
  let bytes: Buffer
  try {
    bytes = readFileShared(join(root, fileName))
  } catch {
    return undefined // readPage reports it
  }
  const page = kept.take(fileName, bytes)
  return page && { source: { html: page.html, bytes, encoding: page.encoding }, analysis: page.analysis }
}

function isScriptName(fileName: string): boolean {
  return /\.m?js$/i.test(fileName)
}

function fileSize(path: string): number {
  try {
    return statSync(path).size
  } catch {
    return 0
  }
}

/**
 * One chunk through the pipeline (processPages, as processSite does it), one page at a time: a page
 * is read, processed, prepared for writing and let go before the next is read, so its bytes and
 * text die young (a scavenge frees them; read as a whole chunk they outlived two scavenges and were
 * promoted to the old generation, which grew by a chunk's pages each time until a full collection).
 * File I/O is synchronous: a worker has nothing else to do meanwhile, and it saves a thread-pool
 * round trip per call (pages are small, and usually in the page cache right after the site was built).
 */
function processChunk(
  root: string,
  files: readonly string[],
  options: ResolvedOptions,
  write: boolean,
  site: readonly HashGroup[] | undefined,
  scripts: BuildScriptDigests | undefined,
  kept: KeptPages<KeptPage>,
): ChunkResult {
  const diagnostics: Diagnostic[] = []
  const prepared: PreparedWrite[] = []
  const failures: Diagnostic[] = []
  const pages: DirectoryPage[] = []
  let skipped = 0
  for (const fileName of files) {
    // Site scope: the page the first pass kept, when its bytes are still the ones it analysed.
    const keptOne = site && kept.has(fileName) ? keptPage(root, fileName, kept) : undefined
    const source = keptOne?.source ?? readPage(root, fileName, diagnostics)
    if (!source) {
      skipped++
      continue
    }
    const [p] = processPages([{ fileName, html: source.html }], options, site, scripts, keptOne && new Map([[fileName, keptOne.analysis]]))
    if (!p) continue
    // Per-page diagnostics: folding happens once over the whole run (options' own diagnostics are added there once too).
    for (const d of p.diagnostics) diagnostics.push(d)
    // After a failed write the rest of the chunk would fail the same way, and nothing is written anyway.
    if (write && p.changed && failures.length === 0) {
      try {
        prepared.push(preparePage(join(root, p.fileName), p, source))
      } catch (error) {
        failures.push(fsErrorDiagnostic(error, p.fileName, 'write', UNTOUCHED))
      }
    }
    pages.push(pageRecord(p))
  }
  return { pages, diagnostics, prepared, failures, skipped }
}

/** What the run keeps of a page: no text of it. */
function pageRecord(p: PageResult): DirectoryPage {
  return {
    fileName: p.fileName,
    changed: p.changed,
    hashes: p.hashes,
    policy: p.policy,
    headerPolicy: p.headerPolicy,
    metaPolicy: p.metaPolicy,
    blocked: p.blocked.map(({ text: _text, ...where }) => where),
    ...(p.strict ? { strict: p.strict } : {}),
  }
}

/** The `.js` and `.mjs` files among `files`, each read when reached; unreadable ones are skipped (they are no page). */
export function* readScripts(root: string, files: readonly string[]): Generator<ScriptInput> {
  for (const fileName of files) {
    if (!isScriptName(fileName)) continue
    let code: string
    try {
      code = readFileSync(join(root, fileName), 'utf8')
    } catch {
      continue
    }
    yield { fileName, code }
  }
}

/** Host files once every page is done: they need all pages' policies (one rule per URL). Planned here, written by commitSite. */
function hostFiles(root: string, records: () => readonly DirectoryPage[], options: ResolvedOptions, projectRoot: string, scope: ScopeDecision) {
  if (options.hosts.length === 0) return { files: [], diagnostics: [], writes: [] }
  // One rule per URL: the host files need every page's policy, so here the records are read back whole.
  const pages = records()
  // planHostFiles reads a page's fileName, policy and headerPolicy, which a DirectoryPage keeps (not its html).
  const plan = planHostFiles(pages as unknown as readonly PageResult[], options, (location, fileName) =>
    readIfExists(location === 'output' ? join(root, fileName) : projectPath(projectRoot, fileName)),
    scope,
  )
  const writes = [
    ...projectWrites(plan.files.filter((f) => f.location === 'output'), (name) => join(root, name)),
    ...projectWrites(plan.files.filter((f) => f.location === 'project'), (name) => projectPath(projectRoot, name)),
  ]
  return { files: plan.files, diagnostics: plan.diagnostics, writes }
}

/**
 * A page as read: its text, its bytes (the unchanged end is written back from them) and how they
 * were decoded. The bytes are the thread's shared read buffer: valid until the next page is read.
 */
interface SourceFile {
  readonly html: string
  readonly bytes: Buffer
  readonly encoding: PageEncoding
}

function readPage(root: string, fileName: string, diagnostics: Diagnostic[]): SourceFile | undefined {
  try {
    const fd = openSync(join(root, fileName), 'r')
    try {
      // The shared read buffer: the page is processed and written before the next is read (processChunk).
      const bytes = readIntoShared(fd)
      // A page that is neither UTF-8 nor declares windows-1252 would be corrupted by writing it back, so it is reported and left alone.
      return { ...decodePage(bytes, fileName), bytes }
    } finally {
      closeSync(fd)
    }
  } catch (error) {
    diagnostics.push(
      diagnostic({
        code: 'HTML_UNREADABLE',
        file: fileName,
        message:
          error instanceof NotUtf8Error
            ? `The page is not valid UTF-8 (line ${error.line}) and declares no windows-1252 charset, so cspkit left it untouched (rewriting it would change its bytes).`
            : `The page could not be read (${(error as Error).message}).`,
        fix: 'Save the page as UTF-8 (or, if it is windows-1252, say so with <meta charset="windows-1252"> in its first 1024 bytes), or leave it out with the `include` option.',
      }),
    )
    return undefined
  }
}

/**
 * The page's new bytes in a temporary file next to it (fs/atomic-write.ts), with its mode and owner;
 * commitSite renames it over the page. A hard-linked page's other links keep their old content, as
 * a renamed-in file does. Only the edited start of the page is encoded; its unchanged end is the
 * bytes that were read.
 */
function preparePage(path: string, page: Pick<PageResult, 'html' | 'unchangedTail'>, source: SourceFile): PreparedWrite {
  const editedChars = source.html.length - page.unchangedTail
  const edited = page.html.slice(0, page.html.length - page.unchangedTail)
  // windows-1252: one byte a character, so the tail starts at the same offset in the bytes.
  const single = source.encoding === 'windows-1252'
  const tail = source.bytes.subarray(single ? editedChars : Buffer.byteLength(source.html.slice(0, editedChars), 'utf8'))
  // The head in the thread's write buffer (fs/write-buffer.ts), the tail in its read buffer: both written before the next page.
  const head = single ? encodeWindows1252Shared(edited) : encodeUtf8Shared(edited)
  return prepareWrite(path, [head, tail], { cleanStale: false }) // processDirectory cleaned the folder already
}

function outOfMemoryNote(files: readonly string[]): Diagnostic {
  return diagnostic({
    code: 'DIRECTORY_WORKER_OUT_OF_MEMORY',
    file: files.length === 1 ? files[0]! : `${files[0]} and ${files.length - 1} more page${files.length === 2 ? '' : 's'} of its chunk`,
    message: `A worker thread reached its heap limit (${WORKER_RESOURCE_LIMITS.maxOldGenerationSizeMb} MB) on these pages, so the main thread processed them instead; they were processed as every other page, with more memory.`,
    fix: 'Nothing to do. A page this large makes the build use more memory; splitting it into smaller pages would avoid that.',
  })
}

function noPages(root: string, files: number): Diagnostic {
  return diagnostic({
    code: 'BUILD_NO_PAGES',
    file: root,
    message: `No pages here (${files === 0 ? 'the folder is empty' : `${files} file${files === 1 ? '' : 's'}, none of them a page the include option takes`}), so nothing was processed; a build step pointed at the wrong folder would pass without a policy.`,
    fix: 'Pass the folder your site generator wrote (e.g. dist, build, _site), after building it, or widen include; if the site really has no pages, pass --allow-empty (allowEmpty: true).',
  })
}

async function assertDirectory(root: string): Promise<void> {
  const info = await stat(root).catch(() => undefined)
  if (info?.isDirectory()) return
  throw new CspkitError([
    diagnostic({
      code: 'DIRECTORY_NOT_FOUND',
      file: root,
      message: info ? 'This is a file, not a directory of built pages.' : 'This directory does not exist.',
      fix: 'Pass the folder your site generator wrote (e.g. dist, build, _site or .vitepress/dist), after building the site.',
    }),
  ])
}

/**
 * The folder's files, once per real file (folder-files.ts: symbolic links inside the folder are
 * followed, since a host serves their targets; the page, and the meta in it, is one file however
 * many URLs reach it, so it is rewritten once), and a warning for each link to a page or folder that
 * is not followed (outside the folder, broken, a loop).
 */
async function listFiles(root: string, include: (file: string) => boolean): Promise<{ files: DirectoryPaths; diagnostics: Diagnostic[] }> {
  const { paths, links } = listFolderPaths(root, false)
  const diagnostics = links.filter((l) => include(l.path) || !/\.[a-z0-9]+$/i.test(l.path)).map((l) => folderLinkDiagnostic(l, 'LINK_NOT_FOLLOWED'))
  return { files: paths, diagnostics }
}

/** The user's options without `include` (applied here), or undefined when they cannot be copied to a worker. */
function cloneableOptions(options: Options): Options | undefined {
  const { include: _include, ...rest } = options
  try {
    return structuredClone(rest)
  } catch {
    return undefined
  }
}

function workerCount(requested: number | 'auto', pages: number, chunks: number): number {
  // Workers load this module's compiled JavaScript; run from TypeScript source (tests), stay in this thread.
  if (!import.meta.url.endsWith('.js')) return 0
  if (requested === 'auto') return pages >= AUTO_WORKERS_MIN_PAGES ? Math.min(availableParallelism(), chunks) : 0
  return Math.max(0, Math.min(Math.floor(requested), chunks))
}

interface WorkerSetup {
  readonly root: string
  readonly options: Options
  readonly write: boolean
  /** Strict mode: the folder's script digests, computed once in the main thread. */
  readonly scripts?: BuildScriptDigests
  /** The run's record folder: each worker appends its chunks' records to its own files there (RecordWriter). */
  readonly records?: string
}

type FromWorker = { readonly ok: true; readonly result: TaskResult } | { readonly ok: false; readonly error: string; readonly diagnostics?: readonly Diagnostic[] }

const WORKER_MARK = 'cspkit:processDirectory'
const WORKER_NAME = 'cspkit:processDirectory:name'

interface Pool {
  /**
   * Hands chunks to the workers, one chunk each at a time, so no worker holds more than one chunk;
   * chunk i to worker `prefer[i]` when it is free for it (nextUnit). Results name their chunk and worker.
   */
  run(task: Omit<ToWorker, 'files'>, chunks: Units, onResult: (result: TaskResult, chunk: number, worker: number) => void, prefer?: readonly number[]): Promise<void>
  close(): Promise<void>
}

/**
 * Each worker's V8 heap limits (MB). Without them V8 lets a worker's young generation grow to
 * 2 × 16 MB semi-spaces and its old generation far past what is live before a full collection; a
 * worker holds one page at a time (a few MB live). The young generation's 6 MB is what bounds the
 * two workers' heaps peaking together (100,000 pages: 135 MiB, from 145–151 with 12 MB; as fast at
 * 2,000 pages), while the old generation's cap was not the bound (40 MB peaked as high as 64). A chunk that needs more (a page of tens of MB)
 * makes its worker run out of memory: the chunk is then processed in the main thread, whose heap
 * has no such limit (DIRECTORY_WORKER_OUT_OF_MEMORY says so), and a new worker takes its place.
 */
export const WORKER_RESOURCE_LIMITS = Object.freeze({ maxYoungGenerationSizeMb: 6, maxOldGenerationSizeMb: 64 })

/**
 * `count` workers for the whole run (its passes share them), each resolving the options once.
 * `runHere` runs one task in this thread: for a chunk a worker ran out of memory on (said in `notes`).
 */
function openPool(count: number, setup: WorkerSetup, runHere: (task: ToWorker) => TaskResult, notes: Diagnostic[]): Pool {
  // Each worker its own name for its record files (one that replaces a worker out of memory writes new ones).
  let spawned = 0
  const spawn = () => new Worker(fileURLToPath(import.meta.url), { workerData: { [WORKER_MARK]: setup, [WORKER_NAME]: `w${spawned++}` }, resourceLimits: WORKER_RESOURCE_LIMITS })
  const workers = Array.from({ length: count }, spawn)
  // Listeners stay for the whole run, so a failure between passes (options failing to resolve) is kept for the next.
  const pending = new Map<Worker, { message: (result: TaskResult) => void; fail: (e: Error) => void }>()
  const failed = new Map<Worker, Error>()
  const failWith = (worker: Worker, error: Error) => {
    const p = pending.get(worker)
    if (p) p.fail(error)
    else if (!failed.has(worker)) failed.set(worker, error)
  }
  const listen = (worker: Worker) => {
    worker.on('message', (m: FromWorker) => {
      if (!m.ok) failWith(worker, m.diagnostics ? new CspkitError(m.diagnostics) : new Error(m.error))
      else pending.get(worker)?.message(m.result)
    })
    worker.on('error', (e) => failWith(worker, e))
    worker.on('exit', (code) => failWith(worker, new Error(`cspkit worker stopped with exit code ${code}`)))
  }
  for (const worker of workers) listen(worker)
  const hasSite = new Set<Worker>()
  return {
    async run(task, chunks, onResult, prefer) {
      const next = nextUnit(chunks.length, workers.length, prefer)
      await Promise.all(
        workers.map(
          (first, slot) =>
            new Promise<void>((ok, fail) => {
              let worker = first
              const failure = failed.get(worker)
              if (failure) return fail(failure)
              let chunk = -1
              let files: readonly string[] | undefined
              const feed = () => {
                chunk = next(slot)
                files = chunk >= 0 && chunk < chunks.length ? chunks.get(chunk) : undefined
                if (!files) {
                  pending.delete(worker)
                  return ok()
                }
                const site = task.site && !hasSite.has(worker) ? { site: task.site } : {}
                if (task.site) hasSite.add(worker)
                worker.postMessage({ kind: task.kind, files, ...site } satisfies ToWorker)
              }
              const handlers = {
                message: (result: TaskResult) => {
                  const unit = chunk
                  // The worker gets its next chunk before this one's results are kept (records go to a file).
                  feed()
                  onResult(result, unit, slot)
                },
                fail: (e: Error) => {
                  pending.delete(worker)
                  if ((e as NodeJS.ErrnoException).code !== 'ERR_WORKER_OUT_OF_MEMORY' || !files) return fail(e)
                  // The chunk again, in this thread; what the worker had prepared of it is removed first.
                  try {
                    for (const f of files) removeOwnTempsOf(join(setup.root, f))
                    onResult(runHere({ ...task, files }), chunk, slot)
                    notes.push(outOfMemoryNote(files))
                  } catch (error) {
                    return fail(error as Error)
                  }
                  worker = workers[slot] = spawn()
                  listen(worker)
                  pending.set(worker, handlers)
                  feed()
                },
              }
              pending.set(worker, handlers)
              feed()
            }),
        ),
      )
    },
    async close() {
      // Terminating fires 'exit': with nothing pending it fails nothing.
      pending.clear()
      for (const w of workers) failed.set(w, new Error('cspkit workers closed'))
      await Promise.all(workers.map((w) => w.terminate()))
    },
  }
}

/**
 * Which unit worker `w` takes next (-1: none left), each unit once: first the units `prefer` gives it,
 * in order, then units no worker is preferred for, then other workers' preferred units from the end
 * of their lists (what they would reach last), so no worker idles while units are left.
 */
export function nextUnit(units: number, workers: number, prefer?: readonly number[]): (w: number) => number {
  const own: number[][] = Array.from({ length: workers }, () => [])
  const free: number[] = []
  for (let i = 0; i < units; i++) {
    const p = prefer?.[i]
    if (p !== undefined && p >= 0 && p < workers) own[p]!.push(i)
    else free.push(i)
  }
  const front = new Array<number>(workers).fill(0)
  let freeAt = 0
  return (w) => {
    const mine = own[w]!
    if (front[w]! < mine.length) return mine[front[w]!++]!
    if (freeAt < free.length) return free[freeAt++]!
    // Steal from the worker with the most units left.
    let from = -1
    for (let k = 0; k < workers; k++) if (own[k]!.length - front[k]! > (from < 0 ? 0 : own[from]!.length - front[from]!)) from = k
    return from < 0 ? -1 : own[from]!.pop()!
  }
}

/** Worker side: resolve the options once, then run tasks until terminated. */
function serveChunks(setup: WorkerSetup, name: string): void {
  const port = parentPort!
  let options: ResolvedOptions
  try {
    // The main thread already chose the pages; every file sent here is one.
    options = resolveOptions({ ...setup.options, include: () => true })
  } catch (error) {
    port.postMessage({ ok: false, error: String(error), diagnostics: (error as CspkitError).diagnostics } satisfies FromWorker)
    return
  }
  // One array for the whole run: composePage composes the shared site policy once per array.
  let site: readonly HashGroup[] | undefined
  const kept: KeptPages<KeptPage> = new KeptPages(KEPT_PAGES_BUDGET_ON_WORKERS)
  // This worker's record files; once they cannot be written, chunks go to the main thread whole.
  let writer = setup.records === undefined ? undefined : new RecordWriter(setup.records, name, false)
  port.on('message', (message: ToWorker) => {
    try {
      if (message.site) site = message.site
      const task = message.kind === 'process' && site ? { ...message, site } : message
      let result = runTask(setup.root, task, options, setup.write, setup.scripts, kept)
      if (task.kind === 'process' && writer) {
        const chunk = result as ChunkResult
        const written = writer.add(chunk)
        if (written) result = { ...chunk, pages: [], prepared: chunk.prepared.filter((p) => p.inPlace !== undefined), written }
        else writer = undefined
      }
      port.postMessage({ ok: true, result } satisfies FromWorker)
    } catch (error) {
      port.postMessage({ ok: false, error: (error as Error).message, diagnostics: (error as CspkitError).diagnostics } satisfies FromWorker)
    }
  })
}

if (!isMainThread && (workerData as Record<string, unknown> | null)?.[WORKER_MARK]) {
  // After this module has been evaluated: resolving the options may load a lazy part of the core
  // (strict mode, host files), which imports this module, and require() refuses a module still
  // being evaluated (ERR_REQUIRE_CYCLE_MODULE).
  setImmediate(() => serveChunks((workerData as Record<string, WorkerSetup>)[WORKER_MARK]!, (workerData as Record<string, string>)[WORKER_NAME]!))
}
