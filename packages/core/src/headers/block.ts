import { diagnostic, type Diagnostic } from '../diagnostics.js'

/** Marker lines around cspkit's part of a text file (`_headers`, `netlify.toml`); `#` is a comment in both. */
export const BLOCK_START = '# >>> cspkit'
export const BLOCK_END = '# <<< cspkit'
const BLOCK_NOTE = ' (generated on every build; edits between these markers are replaced)'

export interface MarkedText {
  /** The file without cspkit's block. */
  readonly user: string
  /** Line number (1-based) of each line of `user` in the original file. */
  readonly userLines: readonly number[]
  /** Where the block starts in the original text (its offset), or undefined when there is none. */
  readonly block: { readonly start: number; readonly end: number } | undefined
  readonly eol: '\n' | '\r\n'
}

/** Finds cspkit's marked block; a lone or repeated marker makes the file unreadable (error naming the line). */
export function findBlock(text: string, file: string): MarkedText | Diagnostic {
  const eol = text.includes('\r\n') ? '\r\n' : '\n'
  const lines = text.split('\n')
  let offset = 0
  let start: { offset: number; line: number } | undefined
  let block: MarkedText['block']
  const userParts: string[] = []
  const userLines: number[] = []
  for (const [i, raw] of lines.entries()) {
    const line = raw.trim()
    const lineEnd = offset + raw.length + (i < lines.length - 1 ? 1 : 0)
    if (line.startsWith(BLOCK_START)) {
      if (start || block) return unreadable(file, i + 1, start ? 'a second start marker before the end marker' : 'a second cspkit block')
      start = { offset, line: i + 1 }
    } else if (line.startsWith(BLOCK_END)) {
      if (!start) return unreadable(file, i + 1, 'an end marker without a start marker')
      block = { start: start.offset, end: lineEnd }
      start = undefined
    } else if (!start) {
      userParts.push(raw)
      userLines.push(i + 1)
    }
    offset = lineEnd
  }
  if (start) return unreadable(file, start.line, 'a start marker without an end marker')
  return { user: userParts.join('\n'), userLines, block, eol }
}

/**
 * The file with cspkit's block replaced in place (or appended), everything else byte for byte.
 * `lines` is the block's content without markers.
 */
export function replaceBlock(text: string | undefined, marked: MarkedText | undefined, lines: readonly string[]): string {
  const eol = marked?.eol ?? '\n'
  const block = [`${BLOCK_START}${BLOCK_NOTE}`, ...lines, BLOCK_END].join(eol) + eol
  if (text === undefined || text === '') return block
  if (marked?.block) return text.slice(0, marked.block.start) + block + text.slice(marked.block.end)
  const separator = text.endsWith('\n') ? eol : eol + eol
  return text + separator + block
}

function unreadable(file: string, line: number, what: string): Diagnostic {
  return diagnostic({
    code: 'HEADERS_FILE_UNREADABLE',
    file: `${file}:${line}`,
    message: `${file} has ${what} ('${BLOCK_START}' … '${BLOCK_END}'), so cspkit cannot tell its rules from yours; the file was left as it was.`,
    fix: `Delete the cspkit lines (from '${BLOCK_START}' to '${BLOCK_END}') or restore the missing marker, then build again.`,
  })
}
