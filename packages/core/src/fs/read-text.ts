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

/** How a page's bytes are read: UTF-8, or windows-1252 (one byte, one character) for a page that declares it. */
export type PageEncoding = 'utf-8' | 'windows-1252'

/** The WHATWG Encoding labels of windows-1252 (iso-8859-1, latin1 and us-ascii among them: browsers read all as windows-1252). */
const WINDOWS_1252_LABELS = new Set([
  'ansi_x3.4-1968', 'ascii', 'cp1252', 'cp819', 'csisolatin1', 'ibm819', 'iso-8859-1', 'iso-ir-100', 'iso8859-1',
  'iso88591', 'iso_8859-1', 'iso_8859-1:1987', 'l1', 'latin1', 'us-ascii', 'windows-1252', 'x-cp1252',
])

/** A `<meta charset>` or `<meta http-equiv="Content-Type" content="…; charset=…">` label, as the prescan finds it in the first 1024 bytes. */
const META_CHARSET = /<meta[\t\n\f\r /][^>]*?charset[\t\n\f\r ]*=[\t\n\f\r ]*["']?[\t\n\f\r ]*([^\t\n\f\r "'>;/]+)/i

/** The page's own encoding when it declares windows-1252 (or a label of it) in its first 1024 bytes; a BOM means UTF-8. */
export function declaresWindows1252(bytes: Uint8Array): boolean {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return false
  const label = META_CHARSET.exec(Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.length, 1024)).toString('latin1'))?.[1]
  return label !== undefined && WINDOWS_1252_LABELS.has(label.toLowerCase())
}

/**
 * What windows-1252's bytes 0x80–0x9F decode to (the WHATWG Encoding index; the five it leaves
 * undefined decode to the C1 control of the same number). Every other byte is its Latin-1 character.
 * Node's own TextDecoder('windows-1252') decodes this range as Latin-1, unlike browsers.
 */
const WINDOWS_1252_80_9F = [
  0x20ac, 0x81, 0x201a, 0x192, 0x201e, 0x2026, 0x2020, 0x2021, 0x2c6, 0x2030, 0x160, 0x2039, 0x152, 0x8d, 0x17d, 0x8f,
  0x90, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x2dc, 0x2122, 0x161, 0x203a, 0x153, 0x9d, 0x17e, 0x178,
]

/** windows-1252 bytes as the characters a browser decodes them to: one byte, one character. */
export function decodeWindows1252(bytes: Uint8Array): string {
  const latin1 = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('latin1')
  return C1.test(latin1) ? latin1.replace(C1_ALL, (c) => String.fromCharCode(WINDOWS_1252_80_9F[c.charCodeAt(0) - 0x80]!)) : latin1
}
const C1 = /[\x80-\x9f]/
const C1_ALL = /[\x80-\x9f]/g

/**
 * A page's text as a browser decodes it: UTF-8, or, for a page that is not valid UTF-8 and declares
 * windows-1252, that (each byte one character, so offsets in the text are offsets in the file). Throws
 * NotUtf8Error for any other page that is not UTF-8.
 */
export function decodePage(bytes: Uint8Array, file: string): { readonly html: string; readonly encoding: PageEncoding } {
  try {
    return { html: UTF8.decode(bytes), encoding: 'utf-8' }
  } catch {
    if (declaresWindows1252(bytes)) return { html: decodeWindows1252(bytes), encoding: 'windows-1252' }
    return { html: decodeUtf8(bytes, file), encoding: 'utf-8' } // throws NotUtf8Error, naming the line
  }
}

/** windows-1252's bytes 0x80–0x9F by the character they decode to (the rest of the range maps to itself); fs/write-buffer.ts encodes with it. */
export const WINDOWS_1252_HIGH: ReadonlyMap<number, number> = new Map(WINDOWS_1252_80_9F.map((c, i) => [c, 0x80 + i]))
