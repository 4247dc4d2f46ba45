import { hash } from 'node:crypto'
import { deserialize, serialize } from 'node:v8'
import type { PageAnalysis } from '../page.js'

/**
 * Site scope in directory mode: the pass that collects every page's hashes has scanned each page
 * already; the pass that writes need not scan it again. The scan (and the hashes) of a page is kept
 * serialised, which holds no page text: a V8 serialisation copies each string it holds (an inline
 * item's text, a load's URL), where a scan object's strings are slices keeping the whole page alive.
 * Kept off the JavaScript heap (a Buffer), up to `budget` bytes a thread: memory stays bounded
 * whatever the page count; pages past the budget are scanned again, as before.
 *
 * The pass that writes reads the page again: its analysis is used only when the bytes are the ones
 * that were scanned (a digest of them), else the page is scanned afresh (a file rewritten meanwhile).
 */
export class KeptAnalyses {
  private readonly kept = new Map<string, { readonly digest: string; readonly analysis: Buffer }>()
  private bytes = 0

  /** @param budget Most bytes of serialised analyses this thread keeps. */
  constructor(readonly budget: number) {}

  /** Keeps `analysis` of the page `fileName` read as `bytes`, if it fits the budget; returns whether it did. */
  keep(fileName: string, bytes: Uint8Array, analysis: PageAnalysis): boolean {
    if (this.bytes >= this.budget) return false
    const data = serialize(analysis)
    if (this.bytes + data.length > this.budget) return false
    this.bytes += data.length
    this.kept.set(fileName, { digest: pageDigest(bytes), analysis: data })
    return true
  }

  /** The page's kept analysis when `bytes` are what was analysed (then forgotten here), else undefined. */
  take(fileName: string, bytes: Uint8Array): PageAnalysis | undefined {
    const entry = this.kept.get(fileName)
    if (!entry) return undefined
    this.kept.delete(fileName)
    this.bytes -= entry.analysis.length
    return entry.digest === pageDigest(bytes) ? (deserialize(entry.analysis) as PageAnalysis) : undefined
  }

  get size(): number {
    return this.kept.size
  }

  clear(): void {
    this.kept.clear()
    this.bytes = 0
  }
}

/** Bytes of analyses each thread keeps: ~16 KB a page on the real sites, so ~1,000 pages a thread. */
export const KEPT_ANALYSES_BUDGET = 16 * 2 ** 20

/** Identifies a page's bytes: equal digests, the same file as scanned (sha1: fast, and no adversary here). */
function pageDigest(bytes: Uint8Array): string {
  return hash('sha1', bytes, 'base64')
}
