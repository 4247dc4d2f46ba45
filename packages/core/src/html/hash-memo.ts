import type { HashAlgorithm } from '../policy/source.js'
import { hashSource } from './hash.js'

/**
 * `hashSource`, remembered for the texts seen last: a built site repeats the same inline scripts
 * and styles (theme switch, router data, icon styles) on every page, so each is hashed once per
 * thread. A text is kept only once it is seen a second time (known by its hash): a page's own
 * texts (Next.js's per-page payloads) are hashed as before, not copied. Bounded in entries and in
 * characters kept (a key is a copy: a slice of a page would keep the whole page alive), oldest
 * first out; a text longer than an eighth of the budget is hashed, not kept.
 */
export class HashMemo {
  private readonly entries = new Map<string, string>()
  private chars = 0
  /** The hash-sources of texts seen once (not kept), to know a text that comes again. */
  private readonly seenOnce = new Set<string>()

  constructor(
    private readonly algorithm: HashAlgorithm,
    private readonly maxEntries = 2048,
    private readonly maxChars = 512 * 1024,
  ) {}

  hash(text: string): string {
    const known = this.entries.get(text)
    if (known !== undefined) return known
    const source = hashSource(text, this.algorithm)
    if (text.length > this.maxChars / 8) return source
    if (!this.seenOnce.has(source)) {
      if (this.seenOnce.size >= this.maxEntries) this.seenOnce.clear()
      this.seenOnce.add(source)
      return source
    }
    this.seenOnce.delete(source)
    while (this.entries.size >= this.maxEntries || this.chars + text.length > this.maxChars) this.evictOldest()
    this.entries.set(ownCopy(text), source)
    this.chars += text.length
    return source
  }

  private evictOldest(): void {
    const oldest = this.entries.keys().next().value as string
    this.entries.delete(oldest)
    this.chars -= oldest.length
  }
}

/**
 * A string that shares no memory with the one it copies (V8 keeps a slice's parent alive). A lone
 * surrogate comes back as U+FFFD, which is harmless here: the hash is of the UTF-8 bytes, where it
 * is U+FFFD too.
 */
function ownCopy(text: string): string {
  return text.length < 13 ? text : Buffer.from(text, 'utf8').toString('utf8')
}

const memos = new Map<HashAlgorithm, HashMemo>()

/** This thread's memo for `algorithm` (a worker thread has its own module, so its own memo). */
export function hashMemo(algorithm: HashAlgorithm): HashMemo {
  let memo = memos.get(algorithm)
  if (!memo) memos.set(algorithm, (memo = new HashMemo(algorithm)))
  return memo
}
