import { randomBytes } from 'node:crypto'
import { closeSync, fchmodSync, fstatSync, ftruncateSync, openSync, readFileSync, renameSync, unlinkSync, writevSync } from 'node:fs'
import { readdir, stat } from 'node:fs/promises'
import { availableParallelism } from 'node:os'
import { basename, dirname, join, relative, resolve, sep } from 'node:path'
import { fileURLToPath } from 'node:url'
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads'
import { CspkitError, dedupeDiagnostics, diagnostic, type Diagnostic } from './diagnostics.js'
import { planHostFiles, type HostFile } from './headers/plan.js'
import { projectPath, writeProjectFiles } from './headers/door.js'
import { readIfExists } from './headers/write.js'
import type { InlineContent } from './html/scan.js'
import type { PageResult } from './page.js'
import type { Policy } from './policy/model.js'
import { resolveOptions, type Options, type ResolvedOptions } from './options.js'
import { processSite } from './site.js'
import { checkScripts, type ScriptInput } from './loads/check-scripts.js'

/**
 * Directory mode: the same pipeline as the bundler plugins (processSite), over a folder some other
 * tool already wrote (VitePress, Astro, Hugo, Eleventy, …). Pages are read, processed and written
 * back in chunks, so memory stays flat in the number of pages; large sites spread the chunks over
 * worker threads.
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
  /** Write changed pages back (in place; a write that fails part-way puts the page's original bytes back). `false` is a dry run. @default true */
  write?: boolean
  /** Where project-level host files (`vercel.json`, `netlify.toml`) live. @default process.cwd() */
  projectRoot?: string
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
  /** Inline content the page's policy still blocks: where it is, without its text. */
  readonly blocked: readonly Omit<InlineContent, 'text'>[]
}

export interface DirectoryResult {
  /** The absolute directory that was processed. */
  readonly dir: string
  /** Every page, sorted by file name. */
  readonly pages: readonly DirectoryPage[]
  /** Every diagnostic of the run, the same problem on many pages folded into one. */
  readonly diagnostics: readonly Diagnostic[]
  /** Pages written back. */
  readonly written: number
  /** Worker threads used (0: this thread). */
  readonly workers: number
  /** Host header files (the `hosts` option), merged with the user's and written unless a dry run. */
  readonly hostFiles: readonly HostFile[]
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
  await assertDirectory(root)
  const listed = await listFiles(root)
  const files = listed.filter((f) => resolved.include(f))
  const total = files.length
  const write = run.write ?? true
  const chunks: string[][] = []
  for (let i = 0; i < files.length; i += CHUNK_SIZE) chunks.push(files.slice(i, i + CHUNK_SIZE))

  const workerOptions = cloneableOptions(options)
  const workers = workerOptions === undefined ? 0 : workerCount(run.workers ?? 'auto', total, chunks.length)
  const results: ChunkResult[] = []
  let done = 0
  const collect = (chunk: ChunkResult) => {
    results.push(chunk)
    done += chunk.pages.length + chunk.skipped
    run.onProgress?.({ done, total })
  }

  if (workers === 0) {
    for (const chunk of chunks) collect(processChunk(root, chunk, resolved, write))
  } else {
    await runInWorkers(workers, chunks, { root, options: workerOptions!, write }, collect)
  }
  if (total === 0) run.onProgress?.({ done: 0, total: 0 })

  const pages = results.flatMap((r) => r.pages).sort((a, b) => compare(a.fileName, b.fileName))
  const hosts = hostFiles(root, pages, resolved, run.projectRoot ?? process.cwd(), write)
  // The folder's scripts, one file in memory at a time, against the configured policy (as processSite does).
  const scripts = checkScripts(readScripts(root, listed), resolved.basePolicy)
  return Object.freeze({
    dir: root,
    pages,
    diagnostics: dedupeDiagnostics([...resolved.diagnostics, ...results.flatMap((r) => r.diagnostics), ...hosts.diagnostics, ...scripts]),
    written: results.reduce((n, r) => n + r.written, 0),
    workers,
    hostFiles: hosts.files,
  })
}

interface ChunkResult {
  readonly pages: DirectoryPage[]
  readonly diagnostics: Diagnostic[]
  readonly written: number
  /** Pages that could not be read (each has a diagnostic). */
  readonly skipped: number
}

/**
 * One chunk through processSite: the same code in this thread and in a worker. File I/O is
 * synchronous: a worker has nothing else to do meanwhile, and it saves a thread-pool round trip per
 * call (pages are small, and usually in the page cache right after the site was built).
 */
function processChunk(root: string, files: readonly string[], options: ResolvedOptions, write: boolean): ChunkResult {
  const diagnostics: Diagnostic[] = []
  const read = new Map<string, SourceFile>()
  for (const fileName of files) {
    const source = readPage(root, fileName, diagnostics)
    if (source) read.set(fileName, source)
  }
  const site = processSite(
    [...read].map(([fileName, source]) => ({ fileName, html: source.html })),
    options,
  )
  // Per-page diagnostics, not site.diagnostics: those are already folded per chunk, and folding
  // happens once over the whole run (options' own diagnostics are added there once too).
  diagnostics.push(...site.pages.flatMap((p) => p.diagnostics))
  let written = 0
  if (write) {
    for (const p of site.pages) {
      if (!p.changed) continue
      rewritePage(join(root, p.fileName), p, read.get(p.fileName)!)
      written++
    }
  }
  const pages = site.pages.map((p) => ({
    fileName: p.fileName,
    changed: p.changed,
    hashes: p.hashes,
    policy: p.policy,
    headerPolicy: p.headerPolicy,
    blocked: p.blocked.map(({ text: _text, ...where }) => where),
  }))
  return { pages, diagnostics, written, skipped: files.length - read.size }
}

/** The `.js` and `.mjs` files among `files`, each read when reached; unreadable ones are skipped (they are no page). */
function* readScripts(root: string, files: readonly string[]): Generator<ScriptInput> {
  for (const fileName of files) {
    if (!/\.m?js$/i.test(fileName)) continue
    let code: string
    try {
      code = readFileSync(join(root, fileName), 'utf8')
    } catch {
      continue
    }
    yield { fileName, code }
  }
}

/** Host files once every page is done: they need all pages' policies (one rule per URL). */
function hostFiles(root: string, pages: readonly DirectoryPage[], options: ResolvedOptions, projectRoot: string, write: boolean) {
  if (options.hosts.length === 0) return { files: [], diagnostics: [] }
  // planHostFiles reads a page's fileName, policy and headerPolicy, which a DirectoryPage keeps (not its html).
  const plan = planHostFiles(pages as unknown as readonly PageResult[], options, (location, fileName) =>
    readIfExists(location === 'output' ? join(root, fileName) : projectPath(projectRoot, fileName)),
  )
  const writes = plan.files
    .filter((f) => f.changed)
    .map((f) => ({ path: f.location === 'output' ? join(root, f.fileName) : projectPath(projectRoot, f.fileName), text: f.text }))
  return { files: plan.files, diagnostics: [...plan.diagnostics, ...(write ? writeProjectFiles(writes) : [])] }
}

const UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true })

/** A page as read: its text, its bytes (the unchanged end is written back from them) and its file. */
interface SourceFile {
  readonly html: string
  readonly bytes: Buffer
  readonly mode: number
  /** The file has other hard links (e.g. a build cache): rewriting it in place would change them too. */
  readonly linked: boolean
}

function readPage(root: string, fileName: string, diagnostics: Diagnostic[]): SourceFile | undefined {
  try {
    const fd = openSync(join(root, fileName), 'r')
    try {
      const { mode, nlink } = fstatSync(fd)
      const bytes = readFileSync(fd)
      // fatal: a page that is not UTF-8 would be corrupted by writing it back, so it is reported and left alone.
      return { html: UTF8.decode(bytes), bytes, mode: mode & 0o7777, linked: nlink > 1 }
    } finally {
      closeSync(fd)
    }
  } catch (error) {
    diagnostics.push(
      diagnostic({
        code: 'HTML_UNREADABLE',
        file: fileName,
        message:
          error instanceof TypeError
            ? 'The page is not valid UTF-8, so cspkit left it untouched (rewriting it would change its bytes).'
            : `The page could not be read (${(error as Error).message}).`,
        fix: 'Save the page as UTF-8, or leave it out with the `include` option.',
      }),
    )
    return undefined
  }
}

/**
 * Rewrites the page in place: the same file, so its mode and owner stay. (A temporary file renamed
 * over each page costs a new inode per page: on ext4 that took longer than reading, processing and
 * writing the page together.) Only the edited start of the page is encoded; its unchanged end is the
 * bytes that were read. If writing fails part-way (a full disk), the original bytes, which fit in
 * the space the page already had, are put back: a failed run never leaves a half-written page.
 */
function rewritePage(path: string, page: Pick<PageResult, 'html' | 'unchangedTail'>, source: SourceFile): void {
  const editedChars = source.html.length - page.unchangedTail
  const tail = source.bytes.subarray(Buffer.byteLength(source.html.slice(0, editedChars), 'utf8'))
  const head = Buffer.from(page.html.slice(0, page.html.length - page.unchangedTail), 'utf8')
  if (source.linked) return replacePage(path, [head, tail], source.mode)
  let fd: number
  try {
    fd = openSync(path, 'r+')
  } catch (error) {
    // A read-only page in a writable folder (e.g. copied from a read-only build store) can still be replaced.
    const code = (error as NodeJS.ErrnoException).code
    if (code === 'EACCES' || code === 'EPERM') return replacePage(path, [head, tail], source.mode)
    throw error
  }
  try {
    try {
      writeAll(fd, [head, tail])
      ftruncateSync(fd, head.length + tail.length)
    } catch (error) {
      writeAll(fd, [source.bytes])
      ftruncateSync(fd, source.bytes.length)
      throw error
    }
  } finally {
    closeSync(fd)
  }
}

/**
 * A new file (temporary, then renamed over the page) with the page's mode: for a hard-linked page,
 * whose other links keep their content, and for a read-only one.
 */
function replacePage(path: string, buffers: readonly Buffer[], mode: number): void {
  const tmp = join(dirname(path), `.${basename(path)}.cspkit-${randomBytes(6).toString('hex')}.tmp`)
  try {
    const fd = openSync(tmp, 'wx', mode)
    try {
      fchmodSync(fd, mode) // the umask may have cleared bits of the page's mode
      writeAll(fd, buffers)
    } finally {
      closeSync(fd)
    }
    renameSync(tmp, path)
  } catch (error) {
    try {
      unlinkSync(tmp)
    } catch {}
    throw error
  }
}

/** Writes `buffers` from the start of the file; writev may write less than asked. */
function writeAll(fd: number, buffers: readonly Buffer[]): void {
  let position = 0
  for (let pending = remaining(buffers, 0); pending.length > 0; ) {
    const written = writevSync(fd, pending, position)
    position += written
    pending = remaining(pending, written)
  }
}

/** The non-empty rest of `buffers` after their first `written` bytes. */
function remaining(buffers: readonly Buffer[], written: number): Buffer[] {
  const out: Buffer[] = []
  let skip = written
  for (const b of buffers) {
    if (skip < b.length) out.push(b.subarray(skip))
    skip = Math.max(0, skip - b.length)
  }
  return out
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

/** Every file below root, output-relative with `/`, in a stable order. node_modules is skipped. */
async function listFiles(root: string): Promise<string[]> {
  const out: string[] = []
  const walk = async (dir: string): Promise<void> => {
    const entries = await readdir(dir, { withFileTypes: true })
    for (const entry of entries) {
      const path = join(dir, entry.name)
      if (entry.isDirectory()) {
        if (entry.name !== 'node_modules') await walk(path)
      } else if (entry.isFile()) out.push(relative(root, path).split(sep).join('/'))
    }
  }
  await walk(root)
  return out.sort(compare)
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
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
}

type ToWorker = { readonly files: readonly string[] }
type FromWorker = { readonly ok: true; readonly result: ChunkResult } | { readonly ok: false; readonly error: string; readonly diagnostics?: readonly Diagnostic[] }

const WORKER_MARK = 'cspkit:processDirectory'

/** Hands chunks to `count` workers, one chunk each at a time, so no worker holds more than one chunk. */
async function runInWorkers(
  count: number,
  chunks: readonly string[][],
  setup: WorkerSetup,
  collect: (chunk: ChunkResult) => void,
): Promise<void> {
  let next = 0
  const pool = Array.from({ length: count }, () => new Worker(fileURLToPath(import.meta.url), { workerData: { [WORKER_MARK]: setup } }))
  try {
    await Promise.all(
      pool.map(
        (worker) =>
          new Promise<void>((ok, fail) => {
            const feed = () => {
              const files = chunks[next++]
              if (files) worker.postMessage({ files } satisfies ToWorker)
              else ok()
            }
            worker.on('message', (message: FromWorker) => {
              if (!message.ok) {
                fail(message.diagnostics ? new CspkitError(message.diagnostics) : new Error(message.error))
                return
              }
              collect(message.result)
              feed()
            })
            worker.on('error', fail)
            worker.on('exit', (code) => fail(new Error(`cspkit worker stopped with exit code ${code}`)))
            feed()
          }),
      ),
    )
  } finally {
    await Promise.all(pool.map((w) => w.terminate()))
  }
}

/** Worker side: resolve the options once, then process chunks until terminated. */
function serveChunks(setup: WorkerSetup): void {
  const port = parentPort!
  let options: ResolvedOptions
  try {
    // The main thread already chose the pages; every file sent here is one.
    options = resolveOptions({ ...setup.options, include: () => true })
  } catch (error) {
    port.postMessage({ ok: false, error: String(error), diagnostics: (error as CspkitError).diagnostics } satisfies FromWorker)
    return
  }
  port.on('message', (message: ToWorker) => {
    try {
      port.postMessage({ ok: true, result: processChunk(setup.root, message.files, options, setup.write) } satisfies FromWorker)
    } catch (error) {
      port.postMessage({ ok: false, error: (error as Error).message, diagnostics: (error as CspkitError).diagnostics } satisfies FromWorker)
    }
  })
}

if (!isMainThread && (workerData as Record<string, unknown> | null)?.[WORKER_MARK]) {
  serveChunks((workerData as Record<string, WorkerSetup>)[WORKER_MARK]!)
}
