/**
 * The page's analysis carried through strict mode's edits, so a strict page is scanned once: the
 * scan of the page as it was, with every position moved past the edits before it, the loads of
 * replaced elements (module entries, now loaders) gone, the integrity written on each load's element
 * set on its load, and the inline scripts the edits wrote (loaders, the import map) added in document
 * order with their hashes. Exactly what scanning the edited page gives (the strict-mode tests
 * compare the two); when an edit could move lines or cut a position, undefined: scan again.
 */
import { hashSource } from '../html/hash.js'
import { scriptItem, type InlineContent, type PageScan } from '../html/scan.js'
import type { PageLoad } from '../loads/elements.js'
import type { HashOptions } from '../options.js'
import type { HashAlgorithm } from '../policy/source.js'
import type { StrictEdit, StrictPage } from './integrity.js'

/** An edit with where it starts in the input as line and column (it spans no line break). */
interface PlacedEdit {
  readonly edit: StrictEdit
  readonly line: number
  readonly column: number
  readonly endColumn: number
  readonly delta: number
}

const BREAK = /\r\n?|\n/g
const HAS_BREAK = /[\r\n]/

export function rebaseScan(
  html: string,
  scan: PageScan,
  sources: readonly (string | undefined)[],
  strict: StrictPage,
  options: { readonly hash: Pick<HashOptions, 'scripts'>; readonly algorithm: HashAlgorithm },
): { scan: PageScan; sources: (string | undefined)[] } | undefined {
  if (!strict.rebaseable) return undefined
  const placed: PlacedEdit[] = []
  let line = 1
  let lineStart = 0
  let from = 0
  for (const edit of strict.edits) {
    if (HAS_BREAK.test(edit.text) || HAS_BREAK.test(html.slice(edit.at, edit.end))) return undefined
    BREAK.lastIndex = from
    for (let m = BREAK.exec(html); m && m.index < edit.at; m = BREAK.exec(html)) {
      line++
      lineStart = m.index + m[0].length
    }
    from = edit.at
    const column = edit.at - lineStart + 1
    placed.push({ edit, line, column, endColumn: column + (edit.end - edit.at), delta: edit.text.length - (edit.end - edit.at) })
  }

  // A position (line, column) of the input: undefined when a replacement removed it, else where it is now.
  const byLine = new Map<number, PlacedEdit[]>()
  for (const p of placed) byLine.set(p.line, [...(byLine.get(p.line) ?? []), p])
  const moved = (l: number, c: number): number | undefined => {
    let shift = 0
    for (const p of byLine.get(l) ?? []) {
      const replaces = p.edit.end > p.edit.at
      if (replaces && c >= p.column && c < p.endColumn) return undefined
      if (replaces ? c >= p.endColumn : c >= p.column) shift += p.delta
    }
    return c + shift
  }
  // An offset: moved by the edits wholly before it (one that starts at it goes after it); NaN when an edit spans it.
  const offset = (o: number): number => {
    let shift = 0
    for (const p of placed) {
      if (p.edit.at >= o) break
      if (p.edit.end > o) return Number.NaN
      shift += p.delta
    }
    return o + shift
  }

  const metas = scan.metas.map((m) => ({
    ...m,
    start: offset(m.start),
    end: offset(m.end),
    ...(m.contentAttribute ? { contentAttribute: { start: offset(m.contentAttribute.start), end: offset(m.contentAttribute.end) } } : {}),
  }))
  const insertion = { ...scan.insertion, offset: offset(scan.insertion.offset) }
  if (Number.isNaN(insertion.offset) || metas.some((m) => Number.isNaN(m.start) || Number.isNaN(m.end) || (m.contentAttribute && (Number.isNaN(m.contentAttribute.start) || Number.isNaN(m.contentAttribute.end)))))
    return undefined

  // The page's own items (srcdoc documents' items follow them, as the scan appends them), then the written scripts.
  const own: { item: InlineContent; source: string | undefined }[] = []
  const fromSrcdocs: { item: InlineContent; source: string | undefined }[] = []
  for (let i = 0; i < scan.inline.length; i++) {
    const item = scan.inline[i]!
    const column = moved(item.line, item.column)
    if (column === undefined) continue
    ;(item.inSrcdoc ? fromSrcdocs : own).push({ item: column === item.column ? item : { ...item, column }, source: sources[i] })
  }
  let shiftOnLine = 0
  for (let k = 0; k < placed.length; k++) {
    const p = placed[k]!
    if (k > 0 && placed[k - 1]!.line !== p.line) shiftOnLine = 0
    // Where the written script starts in the edited page: after the edits before it on its line.
    const column = p.column + shiftOnLine
    shiftOnLine += p.delta
    if (!p.edit.script) continue
    const item = scriptItem(p.edit.script.type, p.edit.script.body, p.line, column)
    own.push({ item, source: options.hash.scripts ? hashSource(item.text, options.algorithm) : undefined })
  }
  own.sort((a, b) => a.item.line - b.item.line || a.item.column - b.item.column)
  const items = [...own, ...fromSrcdocs]

  const loads: PageLoad[] = []
  for (const load of scan.loads) {
    const column = moved(load.line, load.column)
    if (column === undefined) continue
    const integrity = strict.integrityOf.get(load)
    loads.push(column === load.column && integrity === undefined ? load : { ...load, column, ...(integrity !== undefined ? { integrity } : {}) })
  }
  const srcdocs = scan.srcdocs.map((s) => {
    const column = moved(s.line, s.column)
    return column === undefined || column === s.column ? s : { ...s, column }
  })
  return {
    scan: { inline: items.map((x) => x.item), metas, insertion, loads, srcdocs },
    sources: items.map((x) => x.source),
  }
}
