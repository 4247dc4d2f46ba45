import { KEEP_MAX } from './read-buffer.js'
import { WINDOWS_1252_HIGH } from './read-text.js'

/**
 * One thread's buffer for the bytes it writes (a page's edited head, a chunk's record lines), reused
 * from write to write, as fs/read-buffer.ts does for reading: a Buffer a write would be malloc'd
 * and freed per page, and glibc's per-thread arenas keep and fragment what such buffers free (the
 * slow climb of a long run's RSS). Kept up to {@link KEEP_MAX}; larger text gets a buffer of its own.
 */
let shared = Buffer.allocUnsafeSlow(0)

/** A buffer of at least `size` bytes: the shared one (grown, up to KEEP_MAX), or one of its own beyond that. */
function room(size: number): Buffer {
  if (size <= shared.length) return shared
  if (size > KEEP_MAX) return Buffer.allocUnsafeSlow(size)
  return (shared = Buffer.allocUnsafeSlow(Math.min(KEEP_MAX, Math.max(size, 2 * shared.length, 256 * 1024))))
}

/**
 * `text` as UTF-8 (a lone surrogate as U+FFFD, as Buffer.from writes it), in this thread's shared
 * buffer: valid until the next call (the caller writes it, synchronously, and keeps no part of it).
 */
export function encodeUtf8Shared(text: string): Buffer {
  // A UTF-16 unit is at most 3 bytes of UTF-8: when that fits, no byteLength pass is needed.
  const buffer = text.length * 3 <= shared.length ? shared : room(Buffer.byteLength(text, 'utf8'))
  return buffer.subarray(0, buffer.write(text, 0, 'utf8'))
}

/** Characters that windows-1252 does not write as the same Latin-1 byte (what needs the table). */
const NOT_LATIN1_SAME = /[^\x00-\x7f\xa0-\xff]/

/**
 * `text` as windows-1252 bytes, for the edited part of such a page, in this thread's shared buffer
 * (valid until the next call): characters the page had map back to their bytes; any other (none in
 * what cspkit writes: policies are ASCII) is written as a numeric character reference, which in the
 * attribute values cspkit writes is the same character.
 */
export function encodeWindows1252Shared(text: string): Buffer {
  if (!NOT_LATIN1_SAME.test(text)) {
    const buffer = room(text.length)
    return buffer.subarray(0, buffer.write(text, 0, 'latin1'))
  }
  // A reference is at most 10 bytes (&#x10ffff;) for the 2 units of a surrogate pair, or 8 for one unit.
  let buffer = room(text.length)
  let at = 0
  for (let i = 0; i < text.length; i++) {
    if (buffer.length - at < 10) buffer = grown(buffer, at)
    const c = text.charCodeAt(i)
    const b = c < 0x80 || (c >= 0xa0 && c <= 0xff) ? c : WINDOWS_1252_HIGH.get(c)
    if (b !== undefined) buffer[at++] = b
    else {
      const point = text.codePointAt(i)!
      if (point > 0xffff) i++
      at += buffer.write(`&#x${point.toString(16)};`, at, 'latin1')
    }
  }
  return buffer.subarray(0, at)
}

/** A larger buffer with the first `used` bytes of `buffer` (the shared one when it fits). */
function grown(buffer: Buffer, used: number): Buffer {
  const next = 2 * buffer.length + 16 <= KEEP_MAX ? room(2 * buffer.length + 16) : Buffer.allocUnsafeSlow(2 * buffer.length + 16)
  if (next !== buffer) buffer.copy(next, 0, 0, used)
  return next
}
