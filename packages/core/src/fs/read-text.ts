import { readFileSync } from 'node:fs'

const UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true })

/** A file that is not valid UTF-8: decoding would turn its bytes into U+FFFD, and writing it back would change them. */
export class NotUtf8Error extends Error {
  readonly code = 'CSPKIT_NOT_UTF8'
  constructor(
    readonly file: string,
    /** 1-based line of the first invalid byte. */
    readonly line: number,
  ) {
    super(`${file} is not valid UTF-8 (line ${line})`)
  }
}

/** Bytes as UTF-8 text, exactly (a BOM is kept as U+FEFF); throws NotUtf8Error naming the first bad line. */
export function decodeUtf8(bytes: Uint8Array, file: string): string {
  try {
    return UTF8.decode(bytes)
  } catch {
    // The longest prefix without an error (an incomplete last character is no error in stream mode): binary search.
    let good = 0
    let bad = bytes.length
    while (bad - good > 1) {
      const mid = (good + bad) >>> 1
      try {
        new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(0, mid), { stream: true })
        good = mid
      } catch {
        bad = mid
      }
    }
    let line = 1
    for (let i = 0; i < good; i++) if (bytes[i] === 0x0a) line++
    throw new NotUtf8Error(file, line)
  }
}

/** The file's exact text, or undefined when it does not exist; other errors (permissions, a folder, not UTF-8) are thrown. */
export function readTextIfExists(path: string): string | undefined {
  let bytes: Buffer
  try {
    bytes = readFileSync(path)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined
    throw error
  }
  return decodeUtf8(bytes, path)
}
