import { closeSync, mkdtempSync, openSync, readSync, rmSync, writeSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { dedupeDiagnostics, type Diagnostic } from './diagnostics.js'
import type { PreparedWrite } from './fs/atomic-write.js'
import type { Policy } from './policy/model.js'
import type { DirectoryPage, DirectoryTotals } from './directory.js'

/**
 * What directory mode keeps of every page until the end of the run (the report, the host files, the
 * write phase), kept out of memory: each chunk's page records and prepared writes are appended to
 * temporary files as JSON lines when the chunk arrives, and read back, one line at a time, when they
 * are needed. In memory stay only the run's totals, its diagnostics folded as they come (one per
 * problem, with the pages it is on), and the rare in-place writes (whose bytes JSON cannot carry).
 * So what a run keeps in memory does not grow with the page count (the temporary files do, on disk:
 * a few KB a page, removed when the pages are read, the result is collected, or the process exits).
 */
export class RunRecords {
  readonly #dir: string | undefined
  readonly #pages: JsonLines
  readonly #prepared: JsonLines
  readonly #inPlace: PreparedWrite[] = []
  readonly #folded = new DiagnosticFold()
  readonly #failures: Diagnostic[] = []
  #preparedCount = 0
  #skipped = 0
  // The last page's values, written as "same" when the next page's are equal (site scope: every page's).
  #last: { hashes: readonly string[]; policy: Policy; headerPolicy: string; metaPolicy: string } | undefined
  #totals = { pages: 0, changed: 0, hashes: 0, mostHashes: 0, longestHeaderPolicy: 0, longestMetaPolicy: 0 }

  constructor() {
    // No writable temporary folder (a TMPDIR of another user, a full disk): the records stay in memory.
    try {
      this.#dir = mkdtempSync(join(tmpdir(), 'cspkit-run-'))
      LIVE.add(this.#dir)
    } catch {
      this.#dir = undefined
    }
    this.#pages = new JsonLines(this.#dir && join(this.#dir, 'pages.jsonl'))
    this.#prepared = new JsonLines(this.#dir && join(this.#dir, 'prepared.jsonl'))
  }

  /** One chunk's results: records to the file, totals and diagnostics folded in. */
  add(chunk: { readonly pages: readonly DirectoryPage[]; readonly diagnostics: readonly Diagnostic[]; readonly prepared: readonly PreparedWrite[]; readonly failures: readonly Diagnostic[]; readonly skipped: number }): void {
    const lines: unknown[] = []
    const t = this.#totals
    for (const page of chunk.pages) {
      t.pages++
      if (page.changed) t.changed++
      t.hashes += page.hashes.length
      t.mostHashes = Math.max(t.mostHashes, page.hashes.length)
      t.longestHeaderPolicy = Math.max(t.longestHeaderPolicy, page.headerPolicy.length)
      t.longestMetaPolicy = Math.max(t.longestMetaPolicy, page.metaPolicy.length)
      const last = this.#last
      const samePolicy = last !== undefined && last.headerPolicy === page.headerPolicy && last.metaPolicy === page.metaPolicy
      const sameHashes = last !== undefined && equalLists(last.hashes, page.hashes)
      const { hashes, policy, headerPolicy, metaPolicy, ...rest } = page
      lines.push({ ...rest, ...(sameHashes ? { sameHashes: 1 } : { hashes }), ...(samePolicy ? { samePolicy: 1 } : { policy, headerPolicy, metaPolicy }) })
      if (!samePolicy || !sameHashes) this.#last = { hashes, policy, headerPolicy, metaPolicy }
    }
    this.#pages.append(lines)
    const spilled = chunk.prepared.filter((p) => p.inPlace === undefined)
    this.#prepared.append(spilled.length > 0 ? [spilled] : [])
    for (const p of chunk.prepared) if (p.inPlace !== undefined) this.#inPlace.push(p)
    this.#preparedCount += chunk.prepared.length
    for (const d of chunk.diagnostics) this.#folded.add(d)
    for (const f of chunk.failures) this.#failures.push(f)
    this.#skipped += chunk.skipped
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
  /** Every chunk's diagnostics, as dedupeDiagnostics folds them (the same problem on many pages: one, naming them). */
  diagnostics(): Diagnostic[] {
    return this.#folded.list()
  }

  /** The prepared writes, a chunk at a time. */
  *prepared(): Generator<readonly PreparedWrite[]> {
    for (const line of this.#prepared.read()) yield (line as PreparedWrite[]).map((p) => ({ ...p, inPlace: undefined }))
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
    const policies = new Map<string, Policy>()
    const pages: DirectoryPage[] = []
    let last: Pick<DirectoryPage, 'hashes' | 'policy' | 'headerPolicy' | 'metaPolicy'> | undefined
    for (const line of this.#pages.read()) {
      const { sameHashes, samePolicy, hashes, policy, headerPolicy, metaPolicy, ...rest } = line as DirectoryPage & { sameHashes?: 1; samePolicy?: 1 }
      const own = sameHashes ? last!.hashes : hashes.map(intern)
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
    return pages.sort((a, b) => (a.fileName < b.fileName ? -1 : a.fileName > b.fileName ? 1 : 0))
  }

  /** Removes the temporary files (the records cannot be read after). */
  dispose(): void {
    this.#pages.close()
    this.#prepared.close()
    if (this.#dir === undefined) return
    rmSync(this.#dir, { recursive: true, force: true })
    LIVE.delete(this.#dir)
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

/**
 * dedupeDiagnostics as the diagnostics come: one diagnostic kept for each problem, with the files it
 * is on, so the same problem on 10,000 pages keeps one message, not 10,000 copies of it.
 */
class DiagnosticFold {
  readonly #groups = new Map<string, { first: Diagnostic; files: string[]; seen: Set<string> }>()
  add(d: Diagnostic): void {
    const key = `${d.code}\u0000${d.message}\u0000${d.option ?? ''}\u0000${d.preset ?? ''}`
    const group = this.#groups.get(key)
    if (!group) this.#groups.set(key, { first: d, files: d.file ? [d.file] : [], seen: new Set(d.file ? [d.file] : []) })
    else if (d.file && !group.seen.has(d.file)) {
      group.seen.add(d.file)
      group.files.push(d.file)
    }
  }
  /**
   * What dedupeDiagnostics of every diagnostic added would return, in the folder's order: chunks
   * arrive in whatever order the workers finish them, so each problem's files are sorted, and the
   * problems by their first file, for the same report in every run.
   */
  list(): Diagnostic[] {
    const groups = [...this.#groups.values()].map(({ first, files }) => ({ first, files: [...files].sort(byCodePoint) }))
    groups.sort((a, b) => byCodePoint(a.files[0] ?? '', b.files[0] ?? ''))
    const all: Diagnostic[] = []
    for (const { first, files } of groups) {
      if (files.length === 0) all.push(first)
      for (const file of files) all.push({ ...first, file })
    }
    return dedupeDiagnostics(all)
  }
}

/**
 * JSON lines appended to a file, read back in order a line at a time. Without a file (none could be
 * made) or once writing to it fails (a full disk), lines are kept in memory instead, after the file's.
 */
class JsonLines {
  #fd: number | undefined
  #size = 0
  readonly #kept: string[] = []
  constructor(readonly path: string | undefined) {
    if (path === undefined) return
    try {
      this.#fd = openSync(path, 'wx', 0o600)
    } catch {}
  }
  append(items: readonly unknown[]): void {
    if (items.length === 0) return
    let text = ''
    for (const item of items) text += `${JSON.stringify(item)}\n`
    if (this.#fd !== undefined && this.#kept.length === 0) {
      const bytes = Buffer.from(text, 'utf8')
      try {
        writeAll(this.#fd, bytes)
        this.#size += bytes.length
        return
      } catch {
        // The file's first #size bytes are the lines before this chunk (read stops there); this chunk and the rest stay here.
      }
    }
    this.#kept.push(text)
  }
  *read(): Generator<unknown> {
    if (this.path !== undefined && this.#fd !== undefined) yield* this.#readFile(this.path, this.#size)
    for (const text of this.#kept) for (const line of text.split('\n')) if (line !== '') yield JSON.parse(line)
  }
  /** The file's first `size` bytes (what was written whole), a line at a time. */
  *#readFile(path: string, size: number): Generator<unknown> {
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
  close(): void {
    if (this.#fd === undefined) return
    closeSync(this.#fd)
    this.#fd = undefined
  }
}

/** Writes all of `bytes` at the end of the file (writeSync may write less than asked). */
function writeAll(fd: number, bytes: Buffer): void {
  for (let done = 0; done < bytes.length; ) done += writeSync(fd, bytes, done, bytes.length - done)
}
