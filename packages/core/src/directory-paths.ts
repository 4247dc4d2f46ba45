/**
 * Where the paths' bytes are: blocks of at least {@link BLOCK} bytes (a path never straddles two),
 * each path's end in its block, and the first path of each block. Blocks are added, never grown and
 * copied: a buffer that doubles leaves each smaller one behind as garbage outside the heap, which
 * the main thread (whose heap stays small, so it seldom runs a full collection) keeps for the run.
 */
interface PathBlocks {
  readonly bytes: readonly Buffer[]
  readonly ends: U32List
  /** The index of each block's first path (ascending: a binary search finds a path's block). */
  readonly firstOf: U32List
}

/** Bytes of paths a block holds (a longer path gets a block of its size). */
const BLOCK = 1 << 18

/**
 * A list of a folder's paths held as their UTF-8 bytes in a few buffers and the offsets where each
 * path ends, not one JS string a path: 100,000 pages' paths are then ~4 MB outside the JS heap (and
 * ~0.4 MB of offsets), where an array of strings takes ~60 bytes a path in objects the collector has
 * to trace and, while the folder is walked, to copy from the young generation (which V8 then grows).
 * A path is made a string when asked for (`at`), and let go by the caller with its chunk.
 */
export class DirectoryPaths {
  readonly #blocks: PathBlocks
  readonly #count: number
  /** A filtered list: which of the blocks' paths it has, in order (undefined: all of them). */
  readonly #index: U32List | undefined

  /** @internal DirectoryPathsBuilder and filter make these. */
  constructor(blocks: PathBlocks, count: number, index: U32List | undefined) {
    this.#blocks = blocks
    this.#count = count
    this.#index = index
  }

  static from(paths: Iterable<string>): DirectoryPaths {
    const builder = new DirectoryPathsBuilder()
    for (const p of paths) builder.add(p)
    return builder.done()
  }

  get length(): number {
    return this.#count
  }

  at(i: number): string {
    const j = this.#index ? this.#index.at(i) : i
    const { bytes, ends, firstOf } = this.#blocks
    // The block whose first path is the last one at or before j.
    let lo = 0
    let hi = firstOf.length - 1
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1
      if (firstOf.at(mid) <= j) lo = mid
      else hi = mid - 1
    }
    return bytes[lo]!.toString('utf8', j === firstOf.at(lo) ? 0 : ends.at(j - 1), ends.at(j))
  }

  /** Paths `from` to `to` (exclusive), each its own string. */
  slice(from: number, to: number): string[] {
    const out: string[] = []
    for (let i = from; i < Math.min(to, this.length); i++) out.push(this.at(i))
    return out
  }

  *[Symbol.iterator](): Generator<string> {
    for (let i = 0; i < this.length; i++) yield this.at(i)
  }

  /**
   * The paths `keep` takes, in order: this list when it takes all (the usual case), else a list of
   * the same bytes with the kept paths' indices (4 bytes a path, not a copy of the paths).
   */
  filter(keep: (path: string) => boolean): DirectoryPaths {
    let index: U32List | undefined
    for (let i = 0; i < this.length; i++) {
      const kept = keep(this.at(i))
      if (kept) index?.push(this.#index ? this.#index.at(i) : i)
      else if (!index) {
        index = new U32List()
        for (let j = 0; j < i; j++) index.push(this.#index ? this.#index.at(j) : j)
      }
    }
    return index ? new DirectoryPaths(this.#blocks, index.length, index) : this
  }

  /** Whether `path` is in the list; the list must be sorted by code point (a binary search). */
  hasSorted(path: string): boolean {
    let lo = 0
    let hi = this.length - 1
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1
      const p = this.at(mid)
      if (p === path) return true
      if (p < path) lo = mid + 1
      else hi = mid - 1
    }
    return false
  }
}

/** Appends paths' bytes to blocks that are added as they fill: nothing of a path stays on the JS heap. */
export class DirectoryPathsBuilder {
  readonly #bytes: Buffer[] = []
  readonly #ends = new U32List()
  readonly #firstOf = new U32List()
  #used = 0

  add(path: string): void {
    // A UTF-8 character is at most 3 bytes a UTF-16 unit.
    const last = this.#bytes.at(-1)
    if (last === undefined || this.#used + 3 * path.length > last.length) {
      const need = Buffer.byteLength(path, 'utf8')
      if (last === undefined || this.#used + need > last.length) {
        this.#bytes.push(Buffer.allocUnsafeSlow(Math.max(BLOCK, need)))
        this.#firstOf.push(this.#ends.length)
        this.#used = 0
      }
    }
    this.#used += this.#bytes.at(-1)!.write(path, this.#used, 'utf8')
    this.#ends.push(this.#used)
  }

  get length(): number {
    return this.#ends.length
  }

  done(): DirectoryPaths {
    return new DirectoryPaths({ bytes: this.#bytes, ends: this.#ends, firstOf: this.#firstOf }, this.#ends.length, undefined)
  }
}

/** Numbers (< 2^32) appended to fixed blocks of a Uint32Array each: none is copied or left behind as the list grows. */
class U32List {
  static readonly #SHIFT = 14
  readonly #blocks: Uint32Array[] = []
  #length = 0

  get length(): number {
    return this.#length
  }

  push(n: number): void {
    const at = this.#length & ((1 << U32List.#SHIFT) - 1)
    if (at === 0) this.#blocks.push(new Uint32Array(1 << U32List.#SHIFT))
    this.#blocks.at(-1)![at] = n
    this.#length++
  }

  at(i: number): number {
    return this.#blocks[i >>> U32List.#SHIFT]![i & ((1 << U32List.#SHIFT) - 1)]!
  }
}
