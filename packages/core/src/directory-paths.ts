/**
 * A list of a folder's paths held as their UTF-8 bytes in one buffer and the offsets where each
 * path ends, not one JS string a path: 100,000 pages' paths are then ~4 MB outside the JS heap (and
 * ~0.4 MB of offsets), where an array of strings takes ~60 bytes a path in objects the collector has
 * to trace and, while the folder is walked, to copy from the young generation (which V8 then grows).
 * A path is made a string when asked for (`at`), and let go by the caller with its chunk.
 */
export class DirectoryPaths {
  readonly #bytes: Buffer
  readonly #ends: Uint32Array

  /** `bytes` holds the paths one after another, `ends[i]` where path i ends in it. */
  constructor(bytes: Buffer, ends: Uint32Array) {
    this.#bytes = bytes
    this.#ends = ends
  }

  static from(paths: Iterable<string>): DirectoryPaths {
    const builder = new DirectoryPathsBuilder()
    for (const p of paths) builder.add(p)
    return builder.done()
  }

  get length(): number {
    return this.#ends.length
  }

  at(i: number): string {
    return this.#bytes.toString('utf8', i === 0 ? 0 : this.#ends[i - 1]!, this.#ends[i]!)
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

  /** The paths `keep` takes, in order. */
  filter(keep: (path: string) => boolean): DirectoryPaths {
    // Nothing left out (the usual case): this list, not a copy of it; a copy starts at the first left out.
    let builder: DirectoryPathsBuilder | undefined
    for (let i = 0; i < this.length; i++) {
      const p = this.at(i)
      if (keep(p)) builder?.add(p)
      else if (!builder) {
        builder = new DirectoryPathsBuilder()
        for (let j = 0; j < i; j++) builder.add(this.at(j))
      }
    }
    return builder ? builder.done() : this
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

/** Appends paths' bytes to a buffer that doubles when full: nothing of a path stays on the JS heap. */
export class DirectoryPathsBuilder {
  #bytes = Buffer.allocUnsafe(1 << 16)
  #used = 0
  #ends = new Uint32Array(1024)
  #count = 0

  add(path: string): void {
    // A UTF-8 character is at most 3 bytes a UTF-16 unit.
    if (this.#used + 3 * path.length > this.#bytes.length) {
      const grown = Buffer.allocUnsafe(Math.max(2 * this.#bytes.length, this.#used + 3 * path.length))
      this.#bytes.copy(grown, 0, 0, this.#used)
      this.#bytes = grown
    }
    this.#used += this.#bytes.write(path, this.#used, 'utf8')
    if (this.#count === this.#ends.length) {
      const grown = new Uint32Array(this.#ends.length * 2)
      grown.set(this.#ends)
      this.#ends = grown
    }
    this.#ends[this.#count++] = this.#used
  }

  get length(): number {
    return this.#count
  }

  done(): DirectoryPaths {
    // Copies of the used part only (Buffer.from of a slice would share the whole grown buffer).
    const bytes = Buffer.allocUnsafeSlow(this.#used)
    this.#bytes.copy(bytes, 0, 0, this.#used)
    return new DirectoryPaths(bytes, this.#ends.slice(0, this.#count))
  }
}
