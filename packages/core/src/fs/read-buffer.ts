import { closeSync, fstatSync, openSync, readSync } from 'node:fs'

/**
 * One thread's buffer for reading pages, reused from page to page. A Buffer a page (readFileSync)
 * costs more memory than the page: glibc's malloc raises its mmap threshold after the first large
 * buffer is freed, so later page buffers come from each thread's malloc arena, which keeps what
 * they freed; with worker threads that is an arena each. Reading every page into this one buffer
 * keeps a thread's read memory at its largest page (up to {@link KEEP_MAX}).
 */
let shared = Buffer.allocUnsafeSlow(0)

/** Pages larger than this are read into a buffer of their own, freed with the page (a 20 MB page is not kept for the rest of a run). */
export const KEEP_MAX = 4 * 2 ** 20

/**
 * The whole file open at `fd`, in this thread's shared buffer: valid until the next call (the caller
 * uses it, synchronously, before reading another file, and keeps no part of it).
 */
export function readIntoShared(fd: number): Buffer {
  const size = fstatSync(fd).size
  // One byte more than its size, so a file that grew since its stat is read to its end.
  let buffer = size + 1 <= shared.length ? shared : size + 1 <= KEEP_MAX ? (shared = Buffer.allocUnsafeSlow(Math.min(KEEP_MAX, Math.max(size + 1, 2 * shared.length, 256 * 1024)))) : Buffer.allocUnsafeSlow(size + 1)
  let length = 0
  for (;;) {
    if (length === buffer.length) {
      const grown = Buffer.allocUnsafeSlow(buffer.length * 2)
      buffer.copy(grown, 0, 0, length)
      buffer = grown
    }
    const n = readSync(fd, buffer, length, buffer.length - length, length)
    if (n === 0) return buffer.subarray(0, length)
    length += n
  }
}

/** The whole file at `path`, in this thread's shared buffer (as readIntoShared). */
export function readFileShared(path: string): Buffer {
  const fd = openSync(path, 'r')
  try {
    return readIntoShared(fd)
  } finally {
    closeSync(fd)
  }
}
