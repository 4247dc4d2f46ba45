/**
 * A list of a folder's paths held as one string and the offsets where each path ends, not one JS
 * string a path: 100,000 pages' paths are then ~4 MB (one byte a character, four an offset) in two
 * objects, where an array of strings takes ~60 bytes a path in objects the collector has to trace.
 * A path is made a string when asked for (`at`), and let go by the caller with its chunk.
 */
export class DirectoryPaths {
  readonly #text: string
  readonly #ends: Uint32Array

  /** `text` is the paths one after another, `ends[i]` where path i ends in it. */
  constructor(text: string, ends: Uint32Array) {
    this.#text = text
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
    return this.#text.slice(i === 0 ? 0 : this.#ends[i - 1]!, this.#ends[i]!)
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

/**
 * Appends paths: a few hundred at a time are joined into one flat string (not `+=`, whose rope keeps
 * every path alive until it is read): the paths die young, and the main thread's young generation
 * stays small while it walks 100,000 of them.
 */
export class DirectoryPathsBuilder {
  readonly #parts: string[] = []
  #pending: string[] = []
  #ends = new Uint32Array(1024)
  #count = 0
  #chars = 0

  add(path: string): void {
    this.#pending.push(path)
    if (this.#pending.length === 512) this.#flush()
    this.#chars += path.length
    if (this.#count === this.#ends.length) {
      const grown = new Uint32Array(this.#ends.length * 2)
      grown.set(this.#ends)
      this.#ends = grown
    }
    this.#ends[this.#count++] = this.#chars
  }

  #flush(): void {
    if (this.#pending.length > 0) this.#parts.push(flat(this.#pending.join('')))
    this.#pending = []
  }

  get length(): number {
    return this.#count
  }

  done(): DirectoryPaths {
    this.#flush()
    // The used offsets only.
    return new DirectoryPaths(flat(this.#parts.join('')), this.#ends.slice(0, this.#count))
  }
}

/** A flat string: V8 flattens a joined string when it is first indexed; this does it once, here. */
function flat(text: string): string {
  if (text.length > 0) text.charCodeAt(0)
  return text
}
