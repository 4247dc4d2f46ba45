import { closeSync, mkdtempSync, openSync, readSync, rmSync, writeSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Diagnostic } from './diagnostics.js'
import { encodeUtf8Shared } from './fs/write-buffer.js'
import type { PreparedWrite } from './fs/atomic-write.js'
import type { Policy } from './policy/model.js'
import type { DirectoryPage, DirectoryTotals } from './directory.js'

/** A chunk's results as directory mode's processChunk returns them (what RecordWriter and RunRecords take). */
export interface ChunkOfRecords {
  readonly pages: readonly DirectoryPage[]
  readonly diagnostics: readonly Diagnostic[]
  readonly prepared: readonly PreparedWrite[]
  readonly failures: readonly Diagnostic[]
  readonly skipped: number
  /** Set when a worker's RecordWriter wrote the chunk's pages and prepared writes to its files (then `pages` is empty and `prepared` holds only in-place writes). */
  readonly written?: ChunkRecords
}

/** Where a chunk's records went: the writer's files and how much of each is whole after the chunk, and the chunk's counts. */
export interface ChunkRecords {
  readonly pagesFile: string
  readonly pagesEnd: number
  readonly preparedFile: string
  readonly preparedEnd: number
  readonly preparedCount: number
  readonly totals: DirectoryTotals
}

const NO_TOTALS: DirectoryTotals = Object.freeze({ pages: 0, changed: 0, hashes: 0, mostHashes: 0, longestHeaderPolicy: 0, longestMetaPolicy: 0 })

function addTotals(a: DirectoryTotals, b: DirectoryTotals): DirectoryTotals {
  return {
    pages: a.pages + b.pages,
    changed: a.changed + b.changed,
    hashes: a.hashes + b.hashes,
    mostHashes: Math.max(a.mostHashes, b.mostHashes),
    longestHeaderPolicy: Math.max(a.longestHeaderPolicy, b.longestHeaderPolicy),
    longestMetaPolicy: Math.max(a.longestMetaPolicy, b.longestMetaPolicy),
  }
}

/**
 * One thread's record files: each chunk's page records and prepared writes appended as JSON lines
 * (a page whose hashes or policy equal the line before's says "same"). A worker writes its own, so
 * the records do not cross to the main thread (a structured clone there, then JSON: garbage on the
 * heap that grows with the run) and only where they are does (ChunkRecords). `add` returns
 * undefined when the files cannot be written (a full disk): the worker then sends the chunk whole.
 */
export class RecordWriter {
  readonly #pages: JsonLines
  readonly #prepared: JsonLines
  #last: { hashes: readonly string[]; policy: Policy; headerPolicy: string; metaPolicy: string } | undefined

  /** `name` is unique among the run's writers; `inMemory`: keep what cannot be written in memory (the main thread). */
  constructor(dir: string | undefined, name: string, inMemory: boolean) {
    this.#pages = new JsonLines(dir && join(dir, `pages-${name}.jsonl`), inMemory)
    this.#prepared = new JsonLines(dir && join(dir, `prepared-${name}.jsonl`), inMemory)
  }

  add(chunk: Pick<ChunkOfRecords, 'pages' | 'prepared'>): ChunkRecords | undefined {
    const lines: unknown[] = []
    const t = { ...NO_TOTALS }
    let last = this.#last
    for (const page of chunk.pages) {
      t.pages++
      if (page.changed) t.changed++
      t.hashes += page.hashes.length
      t.mostHashes = Math.max(t.mostHashes, page.hashes.length)
      t.longestHeaderPolicy = Math.max(t.longestHeaderPolicy, page.headerPolicy.length)
      t.longestMetaPolicy = Math.max(t.longestMetaPolicy, page.metaPolicy.length)
      const samePolicy = last !== undefined && last.headerPolicy === page.headerPolicy && last.metaPolicy === page.metaPolicy
      const sameHashes = last !== undefined && equalLists(last.hashes, page.hashes)
      const { hashes, policy, headerPolicy, metaPolicy, ...rest } = page
      lines.push({ ...rest, ...(sameHashes ? { sameHashes: 1 } : { hashes }), ...(samePolicy ? { samePolicy: 1 } : { policy, headerPolicy, metaPolicy }) })
      if (!samePolicy || !sameHashes) last = { hashes, policy, headerPolicy, metaPolicy }
    }
    const spilled = chunk.prepared.filter((p) => p.inPlace === undefined)
    if (!this.#pages.append(lines)) return undefined
    if (!this.#prepared.append(spilled.length > 0 ? [spilled] : [])) return undefined
    this.#last = last
    return { pagesFile: this.#pages.path ?? '', pagesEnd: this.#pages.size, preparedFile: this.#prepared.path ?? '', preparedEnd: this.#prepared.size, preparedCount: spilled.length, totals: t }
  }

  /** This writer's page lines, in order, then its prepared writes' (for RunRecords). */
  pages(): Generator<unknown> {
    return this.#pages.read()
  }
  prepared(): Generator<unknown> {
    return this.#prepared.read()
  }
  close(): void {
    this.#pages.close()
    this.#prepared.close()
  }
}

/**
 * What directory mode keeps of every page until the end of the run (the report, the host files, the
 * write phase), kept out of memory: each chunk's page records and prepared writes are appended to
 * temporary files as JSON lines (RecordWriter: a worker's own files, or this thread's), and read
 * back, one line at a time, when they are needed. In memory stay only the run's totals, its
 * diagnostics folded as they come (one per problem, with a count and the first pages it is on),
 * where each worker's files end, and the rare in-place writes (whose bytes JSON cannot carry).
 * So what a run keeps in memory does not grow with the page count (the temporary files do, on disk:
 * a few KB a page, removed when the pages are read, the result is collected, or the process exits).
 */
export class RunRecords {
  /** The folder the run's record files go in (workers write theirs there too); undefined when none could be made. */
  readonly dir: string | undefined
  readonly #own: RecordWriter
  /** Workers' files: path → how much of it is whole (the end its latest chunk reported). */
  readonly #pageFiles = new Map<string, number>()
  readonly #preparedFiles = new Map<string, number>()
  readonly #inPlace: PreparedWrite[] = []
  readonly #folded = new DiagnosticFold()
  readonly #failures: Diagnostic[] = []
  #preparedCount = 0
  #skipped = 0
  #totals: DirectoryTotals = NO_TOTALS

  constructor() {
    // No writable temporary folder (a TMPDIR of another user, a full disk): the records stay in memory.
    try {
      this.dir = mkdtempSync(join(tmpdir(), 'cspkit-run-'))
      LIVE.add(this.dir)
    } catch {
      this.dir = undefined
    }
    this.#own = new RecordWriter(this.dir, 'main', true)
  }

  /** One chunk's results: records to the file (unless a worker wrote them), totals and diagnostics folded in. */
  add(chunk: ChunkOfRecords): void {
    const written = chunk.written ?? this.#own.add(chunk)!
    if (chunk.written) {
      this.#pageFiles.set(written.pagesFile, Math.max(this.#pageFiles.get(written.pagesFile) ?? 0, written.pagesEnd))
      this.#preparedFiles.set(written.preparedFile, Math.max(this.#preparedFiles.get(written.preparedFile) ?? 0, written.preparedEnd))
    }
    this.#totals = addTotals(this.#totals, written.totals)
    for (const p of chunk.prepared) if (p.inPlace !== undefined) this.#inPlace.push(p)
    this.#preparedCount += written.preparedCount + this.#inPlaceOf(chunk)
    this.#folded.addChunk(chunk.diagnostics)
    for (const f of chunk.failures) this.#failures.push(f)
    this.#skipped += chunk.skipped
  }

  #inPlaceOf(chunk: ChunkOfRecords): number {
    let n = 0
    for (const p of chunk.prepared) if (p.inPlace !== undefined) n++
    return n
  }

  get totals(): DirectoryTotals {
    return Object.freeze({ ...this.#totals })
  }
  get failures(): readonly Diagnostic[] {
    return this.#failures
  }
  get preparedCount(): number {
    return this.#preparedCount
  }
  /** Every chunk's diagnostics, as dedupeDiagnostics folds them (the same problem on many pages: one, naming the first). */
  diagnostics(): Diagnostic[] {
    return this.#folded.list()
  }

  /** Each writer's lines in its order (a line's "same" refers to the line before it in its file). */
  *#streams(kind: 'pages' | 'prepared'): Generator<Generator<unknown>> {
    yield kind === 'pages' ? this.#own.pages() : this.#own.prepared()
    for (const [path, end] of kind === 'pages' ? this.#pageFiles : this.#preparedFiles) yield readLines(path, end)
  }

  /** The prepared writes, a chunk at a time. */
  *prepared(): Generator<readonly PreparedWrite[]> {
    for (const stream of this.#streams('prepared'))
      for (const line of stream) yield (line as PreparedWrite[]).map((p) => ({ ...p, inPlace: undefined }))
    if (this.#inPlace.length > 0) yield this.#inPlace
  }

  /**
   * Every page's record, sorted by file name. Pages of one policy share one policy object and one
   * string for each of its sources, and equal hash lists are one array (site scope: every page's).
   */
  pages(): DirectoryPage[] {
    const strings = new Map<string, string>()
    const intern = (v: string) => {
      let s = strings.get(v)
      if (s === undefined) strings.set(v, (s = v))
      return s
    }
    // Equal hash lists are one array, also across the threads' files (each file's first line spells its list out).
    const lists = new Map<string, readonly string[]>()
    const internList = (hashes: readonly string[]) => {
      const key = hashes.join(' ')
      let list = lists.get(key)
      if (list === undefined) lists.set(key, (list = hashes.map(intern)))
      return list
    }
    const policies = new Map<string, Policy>()
    const pages: DirectoryPage[] = []
    for (const stream of this.#streams('pages')) {
      let last: Pick<DirectoryPage, 'hashes' | 'policy' | 'headerPolicy' | 'metaPolicy'> | undefined
      for (const line of stream) {
        const { sameHashes, samePolicy, hashes, policy, headerPolicy, metaPolicy, ...rest } = line as DirectoryPage & { sameHashes?: 1; samePolicy?: 1 }
        const own = sameHashes ? last!.hashes : internList(hashes)
        let kept: Pick<DirectoryPage, 'policy' | 'headerPolicy' | 'metaPolicy'>
        if (samePolicy) kept = last!
        else {
          const header = intern(headerPolicy)
          let shared = policies.get(header)
          if (!shared) {
            shared = Object.freeze({ directives: policy.directives.map((d) => Object.freeze({ name: intern(d.name), values: Object.freeze(d.values.map(intern)) })) }) as Policy
            policies.set(header, shared)
          }
          kept = { policy: shared, headerPolicy: header, metaPolicy: intern(metaPolicy) }
        }
        last = { hashes: own, ...kept }
        pages.push({ ...rest, hashes: own, ...kept } as DirectoryPage)
      }
    }
    return pages.sort((a, b) => (a.fileName < b.fileName ? -1 : a.fileName > b.fileName ? 1 : 0))
  }

  /** Removes the temporary files (the records cannot be read after). */
  dispose(): void {
    this.#own.close()
    if (this.dir === undefined) return
    rmSync(this.dir, { recursive: true, force: true })
    LIVE.delete(this.dir)
  }
}

/** Record folders of runs whose pages were not read yet: removed when the process exits. */
const LIVE = new Set<string>()
process.once('exit', () => {
  for (const dir of LIVE) rmSync(dir, { recursive: true, force: true })
})

function byCodePoint(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}

function equalLists(a: readonly string[], b: readonly string[]): boolean {
  if (a === b) return true
  if (a.length !== b.length) return false
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false
  return true
}

/** Pages a folded diagnostic names (dedupeDiagnostics shows the first 3 and "and N more"): the rest are counted. */
export const FOLD_FILES_KEPT = 3

/**
 * dedupeDiagnostics as the diagnostics come: one diagnostic kept for each problem, with how many
 * pages it is on and the first FOLD_FILES_KEPT of them in the folder's order (all the message
 * names), so the same problem on 100,000 pages keeps one message and three names, not 100,000.
 * A page's diagnostics all come in its chunk (a page is processed once), so a page is counted once
 * per problem by looking only within the chunk.
 */
class DiagnosticFold {
  readonly #groups = new Map<string, { first: Diagnostic; count: number; files: string[] }>()
  /** One chunk's diagnostics. */
  addChunk(list: readonly Diagnostic[]): void {
    const seen = new Set<string>()
    for (const d of list) {
      const key = `${d.code}\u0000${d.message}\u0000${d.option ?? ''}\u0000${d.preset ?? ''}`
      let group = this.#groups.get(key)
      if (!group) this.#groups.set(key, (group = { first: d, count: 0, files: [] }))
      if (!d.file) continue
      const pageKey = `${key}\u0000${d.file}`
      if (seen.has(pageKey)) continue
      seen.add(pageKey)
      group.count++
      keepFirst(group.files, d.file)
    }
  }
  /**
   * What dedupeDiagnostics of every diagnostic added would return, in the folder's order: chunks
   * arrive in whatever order the workers finish them, so each problem keeps its first files by
   * code point, and the problems are sorted by their first file, for the same report in every run.
   */
  list(): Diagnostic[] {
    const groups = [...this.#groups.values()].sort((a, b) => byCodePoint(a.files[0] ?? '', b.files[0] ?? ''))
    return groups.map(({ first, count, files }) => {
      if (count === 0) return first
      if (count === 1) return { ...first, file: files[0]! }
      const more = count > FOLD_FILES_KEPT ? ` and ${count - FOLD_FILES_KEPT} more` : ''
      return Object.freeze({ ...first, file: `${count} pages: ${files.join(', ')}${more}` })
    })
  }
}

/** Puts `file` into `files` (sorted by code point, at most FOLD_FILES_KEPT) if it is among the first. */
function keepFirst(files: string[], file: string): void {
  let at = files.length
  while (at > 0 && byCodePoint(file, files[at - 1]!) < 0) at--
  if (at >= FOLD_FILES_KEPT) return
  files.splice(at, 0, file)
  if (files.length > FOLD_FILES_KEPT) files.pop()
}

/**
 * JSON lines appended to a file, read back in order a line at a time. The file is opened for each
 * append (a worker's would stay open when it is terminated). Without a file (none could be made) or
 * once writing to it fails (a full disk), `append` says so, or with `inMemory` keeps the lines in
 * memory instead, after the file's.
 */
class JsonLines {
  #size = 0
  #failed: boolean
  readonly #kept: string[] = []
  constructor(readonly path: string | undefined, readonly inMemory: boolean) {
    this.#failed = path === undefined
    if (path === undefined) return
    try {
      closeSync(openSync(path, 'wx', 0o600))
    } catch {
      this.#failed = true
    }
  }
  /** How many bytes of the file are whole lines. */
  get size(): number {
    return this.#size
  }
  /** Whether the lines were kept (in the file, or in memory with `inMemory`). */
  append(items: readonly unknown[]): boolean {
    if (items.length === 0) return true
    let text = ''
    for (const item of items) text += `${JSON.stringify(item)}\n`
    if (!this.#failed) {
      // The thread's write buffer (fs/write-buffer.ts): written before this returns.
      const bytes = encodeUtf8Shared(text)
      try {
        const fd = openSync(this.path!, 'a')
        try {
          writeAll(fd, bytes)
        } finally {
          closeSync(fd)
        }
        this.#size += bytes.length
        return true
      } catch {
        // The file's first #size bytes are the lines before this chunk (read stops there); this chunk and the rest stay here.
        this.#failed = true
      }
    }
    if (!this.inMemory) return false
    this.#kept.push(text)
    return true
  }
  *read(): Generator<unknown> {
    if (this.path !== undefined && this.#size > 0) yield* readLines(this.path, this.#size)
    for (const text of this.#kept) for (const line of text.split('\n')) if (line !== '') yield JSON.parse(line)
  }
  close(): void {}
}

/** A file's first `size` bytes (what was written whole), a JSON line at a time. */
function* readLines(path: string, size: number): Generator<unknown> {
  if (size === 0) return
  const fd = openSync(path, 'r')
  try {
    const block = Buffer.allocUnsafe(1 << 20)
    let carry: Buffer = Buffer.alloc(0)
    for (let position = 0; position < size; ) {
      const n = readSync(fd, block, 0, Math.min(block.length, size - position), position)
      if (n === 0) break
      position += n
      // A newline byte is never inside a UTF-8 character, and JSON escapes it inside strings.
      const data = carry.length > 0 ? Buffer.concat([carry, block.subarray(0, n)]) : block.subarray(0, n)
      let start = 0
      for (let nl = data.indexOf(10, start); nl !== -1; nl = data.indexOf(10, start)) {
        yield JSON.parse(data.toString('utf8', start, nl))
        start = nl + 1
      }
      carry = Buffer.from(data.subarray(start))
    }
  } finally {
    closeSync(fd)
  }
}

/** Writes all of `bytes` at the end of the file (writeSync may write less than asked). */
function writeAll(fd: number, bytes: Buffer): void {
  for (let done = 0; done < bytes.length; ) done += writeSync(fd, bytes, done, bytes.length - done)
}
