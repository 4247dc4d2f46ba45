import { hash } from 'node:crypto'

/**
 * Site scope in directory mode: the pass that collects every page's hashes has read, decoded and
 * scanned each page already; the pass that writes need not do it again. What a page's analysis
 * holds are slices of the page's text (V8 keeps a slice's whole parent), so keeping the analysis
 * keeps the text: it is kept whole, with the analysis, up to `budget` bytes of pages a thread.
 * Memory stays bounded whatever the page count (pages past the budget are read and scanned again,
 * as before), and what is kept is let go as the pass that writes takes it.
 *
 * A V8 serialisation of the analysis alone (no page text) was tried: serialising and reading it
 * back cost as much as scanning the page again.
 *
 * The pass that writes reads the page's bytes again (it writes their unchanged end back): what was
 * kept is used only when they are the bytes that were analysed (a digest of them), else the page
 * is decoded and scanned afresh (a file rewritten meanwhile).
 */
export class KeptPages<T> {
  private readonly kept = new Map<string, { readonly digest: string; readonly size: number; readonly value: T }>()
  private bytes = 0

  /** @param budget Most bytes of pages (their files' sizes) this thread keeps. */
  constructor(readonly budget: number) {}

  /** Keeps `value` for the page `fileName` read as `bytes`, if the page fits the budget; returns whether it did. */
  keep(fileName: string, bytes: Uint8Array, value: T): boolean {
    if (this.bytes + bytes.length > this.budget) return false
    this.bytes += bytes.length
    this.kept.set(fileName, { digest: pageDigest(bytes), size: bytes.length, value })
    return true
  }

  /** What was kept for the page when `bytes` are what it was kept for (then forgotten here), else undefined. */
  take(fileName: string, bytes: Uint8Array): T | undefined {
    const entry = this.kept.get(fileName)
    if (!entry) return undefined
    this.kept.delete(fileName)
    this.bytes -= entry.size
    return entry.size === bytes.length && entry.digest === pageDigest(bytes) ? entry.value : undefined
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
 * Bytes of pages each thread keeps between passes: the replicated real sites of the bench (17–54 MiB
 * for ~400 pages) are kept whole or mostly on two workers; a larger site keeps this much a thread.
 */
export const KEPT_PAGES_BUDGET = 24 * 2 ** 20

/** Identifies a page's bytes: equal digests, the same file as analysed (sha1: fast, and no adversary here). */
function pageDigest(bytes: Uint8Array): string {
  return hash('sha1', bytes, 'base64')
}
