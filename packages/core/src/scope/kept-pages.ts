import { hash } from 'node:crypto'

/**
 * Site scope in directory mode: the pass that collects every page's hashes has read, decoded and
 * scanned each page already; the pass that writes need not do it again. What a page's analysis
 * holds are slices of the page's text (V8 keeps a slice's whole parent), so keeping the analysis
 * keeps the text: it is kept whole, with the analysis, up to `budget` bytes a thread (as estimated
 * by the caller: the text's size in memory and its analysis's objects). Memory stays bounded
 * whatever the page count (pages past the budget are read and scanned again, as before), and what
 * is kept is let go as the pass that writes takes it.
 *
 * A V8 serialisation of the analysis alone (no page text) was tried: serialising and reading it
 * back cost as much as scanning the page again.
 *
 * The pass that writes reads the page's bytes again (it writes their unchanged end back): what was
 * kept is used only when they are the bytes that were analysed (a digest of them), else the page
 * is decoded and scanned afresh (a file rewritten meanwhile).
 */
export class KeptPages<T> {
  private readonly kept = new Map<string, { readonly digest: string; readonly length: number; readonly size: number; readonly value: T }>()
  private bytes = 0

  /** @param budget Most bytes of memory (as the callers estimate what they keep) this thread keeps. */
  constructor(readonly budget: number) {}

  /** Keeps `value`, about `size` bytes in memory, for the page `fileName` read as `bytes`, if it fits the budget; returns whether it did. */
  keep(fileName: string, bytes: Uint8Array, value: T, size: number): boolean {
    if (this.bytes + size > this.budget) return false
    this.bytes += size
    this.kept.set(fileName, { digest: pageDigest(bytes), length: bytes.length, size, value })
    return true
  }

  /** What was kept for the page when `bytes` are what it was kept for (then forgotten here), else undefined. */
  take(fileName: string, bytes: Uint8Array): T | undefined {
    const entry = this.kept.get(fileName)
    if (!entry) return undefined
    this.kept.delete(fileName)
    this.bytes -= entry.size
    return entry.length === bytes.length && entry.digest === pageDigest(bytes) ? entry.value : undefined
  }

  has(fileName: string): boolean {
    return this.kept.has(fileName)
  }

  get size(): number {
    return this.kept.size
  }

  clear(): void {
    this.kept.clear()
    this.bytes = 0
  }
}

/**
 * Bytes of memory directory mode's main thread keeps between passes: a site it processes there
 * (below AUTO_WORKERS_MIN_PAGES pages, or `workers: 0`) is kept whole or up to this much.
 */
export const KEPT_PAGES_BUDGET = 8 * 2 ** 20

/**
 * What each worker thread keeps: nothing. Measured on the bench's replicated kysely site (400
 * pages, 21 MiB), keeping every page cut CPU time by ~13–15% and added ~50 MB of peak RSS a
 * thread (an 8 MiB budget on two workers: +45 MB), against the ≤ 150 MB target of issue #19.
 */
export const KEPT_PAGES_BUDGET_ON_WORKERS = 0

/**
 * About what a kept page takes in memory: its text (one byte a character when it is all ASCII, as
 * V8 then stores it, else two) and its analysis's objects (~200 bytes an inline item or a load).
 */
export function keptPageSize(bytes: number, chars: number, items: number): number {
  return (bytes === chars ? chars : 2 * chars) + 200 * items
}

/** Identifies a page's bytes: equal digests, the same file as analysed (sha1: fast, and no adversary here). */
function pageDigest(bytes: Uint8Array): string {
  return hash('sha1', bytes, 'base64')
}
