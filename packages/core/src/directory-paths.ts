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
    const builder = new DirectoryPathsBuilder()
    for (let i = 0; i < this.length; i++) {
      const p = this.at(i)
      if (keep(p)) builder.add(p)
    }
    return builder.done()
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

/** Appends paths in parts (a string built by `+=` is a rope V8 flattens once, when first read). */
export class DirectoryPathsBuilder {
  #parts: string[] = []
  #part = ''
  #ends = new Uint32Array(1024)
  #count = 0
  #chars = 0

  add(path: string): void {
    this.#part += path
    // Flattened every few thousand paths: a rope of 100,000 pieces is one object a piece until then.
    if (this.#part.length > 65536) {
      this.#parts.push(this.#part)
      this.#part = ''
    }
    this.#chars += path.length
    if (this.#count === this.#ends.length) {
      const grown = new Uint32Array(this.#ends.length * 2)
      grown.set(this.#ends)
      this.#ends = grown
    }
    this.#ends[this.#count++] = this.#chars
  }

  get length(): number {
    return this.#count
  }

  done(): DirectoryPaths {
    this.#parts.push(this.#part)
    // The used offsets only.
    return new DirectoryPaths(flat(this.#parts.join('')), this.#ends.slice(0, this.#count))
  }
}

/** A flat string: V8 flattens a joined string when it is first indexed; this does it once, here. */
function flat(text: string): string {
  if (text.length > 0) text.charCodeAt(0)
  return text
}
