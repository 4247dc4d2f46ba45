/**
 * The elements strict mode gives `integrity` to, found with parse5 (with locations) in the page as
 * the browser parses it: `<script src>` (classic or module), `<link rel=modulepreload>` and
 * `<link rel=preload as=script>`. Content of `<template>` is inert and skipped, as are data blocks
 * (`<script type="text/x-…">`, never fetched) and SVG scripts. Used only when strict mode is on.
 */
import type { DefaultTreeAdapterMap, Token } from 'parse5'
import { parse5 } from '../lazy.js'
import { tokenizeStartTags } from '../html/start-tags.js'
import { scanDocument } from '../html/scan.js'
import type { PageLoad } from '../loads/elements.js'

type Element = DefaultTreeAdapterMap['element']
type ChildNode = DefaultTreeAdapterMap['childNode']

const HTML_NS = 'http://www.w3.org/1999/xhtml'
/** The attributes that mark cspkit's module loader and say what it loads (module-loader.ts). */
export const LOADER_SRC = 'data-cspkit-src'
export const LOADER_INTEGRITY = 'data-cspkit-integrity'
/** JavaScript MIME types a classic `<script type>` may name (HTML "JavaScript MIME type essence match"). */
const JS_TYPES = /^(?:(?:application|text)\/(?:x-)?(?:java|ecma)script|text\/(?:javascript1\.[0-5]|jscript|livescript))$/

export interface FoundAttribute {
  readonly value: string
  /** Offsets of the whole attribute (`name="value"`) in the page text. */
  readonly start: number
  readonly end: number
}

export interface ScriptElement {
  /** `script`, `modulepreload`, `preload`, or `loader`: the inline module cspkit wrote in place of a module entry (module-loader.ts). */
  readonly kind: 'script' | 'modulepreload' | 'preload' | 'loader'
  readonly tag: 'script' | 'link'
  /** A module script or a modulepreload: fetched in CORS mode whatever `crossorigin` says. */
  readonly module: boolean
  /** The `src`/`href` as the parser decoded it. */
  readonly url: string
  readonly integrity: FoundAttribute | undefined
  readonly crossorigin: boolean
  /** The `crossorigin` attribute's value, when it has one. */
  readonly crossoriginValue: string | undefined
  /** Where new attributes go: right after the tag name. */
  readonly insertAt: number
  /** Offsets of the whole element, start tag to end tag (a `<script>` is replaced whole by a loader). */
  readonly start: number
  readonly end: number
  readonly line: number
  readonly column: number
  /** The page scan's load of its `src`/`href`, when the fast locator found it from one (the scan's rebase: strict/rebase-scan.ts). */
  readonly load?: PageLoad
}

export interface FoundScripts {
  readonly elements: readonly ScriptElement[]
  /** The first `<base href>`'s value: relative URLs resolve against it; the page then needs `base-uri 'self'`. */
  readonly baseHref: string | undefined
}

/**
 * Whether the page may hold one of those elements, without parsing: most pages of a site without
 * external scripts skip parse5. A `>` inside an attribute before `src` could hide one; the element
 * would then lack integrity, which the load check reports as blocked (LOAD_BLOCKED), never silently.
 */
const CANDIDATE = /<script\b[^>]*?\ssrc\s*=|<link\b[^>]*?preload|<base\b|data-cspkit-src/i

export function findScripts(html: string, loads?: readonly PageLoad[]): FoundScripts {
  if (!CANDIDATE.test(html)) return NONE
  return locateScripts(html, loads) ?? parseScripts(html)
}

/**
 * The fast way: the page scan (html/scan.ts, which skips text) says where each script URL and the
 * first `<base href>` are; parse5's tokenizer then reads just those start tags, with locations. Any
 * tag it cannot pin down exactly (a `<` inside an earlier attribute value, say) returns undefined,
 * and the page is parsed whole. `loads`: the page scan's, when the caller has scanned the page
 * already (the page is then scanned once: page.ts).
 */
export function locateScripts(html: string, loads?: readonly PageLoad[]): FoundScripts | undefined {
  const lines = lineStarts(html)
  const elements: ScriptElement[] = []
  let baseHref: string | undefined
  for (const load of loads ?? scanDocument(html).loads) {
    if (load.kind === 'base-uri') {
      baseHref ??= load.url
      continue
    }
    if (load.kind !== 'script-src-elem' || (load.tag !== 'script' && load.tag !== 'link')) continue
    const at = offsetOf(lines, load.line, load.column)
    const tagStart = html.lastIndexOf('<', at)
    const close = html.indexOf('>', at)
    if (tagStart < 0 || close < 0) return undefined
    const el = startTagElement(html, tagStart, close + 1)
    if (!el || el.tagName !== load.tag || el.sourceCodeLocation!.attrs![load.attribute]?.startOffset !== at) return undefined
    if (el.tagName === 'script') {
      // A script with src has (almost always) no text: its end tag is the next </script.
      END_SCRIPT.lastIndex = close + 1
      const end = END_SCRIPT.exec(html)
      const gt = end ? html.indexOf('>', end.index) : -1
      if (gt < 0) return undefined
      el.sourceCodeLocation!.endOffset = gt + 1
    }
    const found = scriptElement(el)
    if (found) elements.push({ ...found, load })
  }
  // cspkit's own loaders (module-loader.ts), in the exact form it writes them.
  for (const m of html.matchAll(LOADER)) {
    const el = startTagElement(html, m.index, m.index + m[1]!.length)
    if (!el) return undefined
    el.sourceCodeLocation!.endOffset = m.index + m[0].length
    const found = scriptElement(el)
    if (found) elements.push(found)
  }
  elements.sort((a, b) => a.start - b.start)
  return { elements, baseHref }
}

const END_SCRIPT = /<\/script[\t\n\f\r />]/gi
const LOADER = /(<script type="module" data-cspkit-src="[^"<>]*" data-cspkit-integrity="[^"<>]*"(?: crossorigin="[^"<>]*")?>)[^<]*<\/script>/g

/** One start tag through parse5's tokenizer, as an element with its attributes' locations (page offsets). */
function startTagElement(html: string, start: number, end: number): Element | undefined {
  let token: Token.TagToken | undefined
  tokenizeStartTags(html.slice(start, end), (t) => void (token ??= t), true)
  const loc = token?.location
  if (!token || !loc || loc.startOffset !== 0 || loc.endOffset !== end - start) return undefined
  const shift = (l: { startOffset: number; endOffset: number; startLine: number; startCol: number }) => ({ ...l, startOffset: l.startOffset + start, endOffset: l.endOffset + start })
  const attrs = Object.fromEntries(Object.entries(loc.attrs ?? {}).map(([name, l]) => [name, shift(l)]))
  const [line, col] = lineAndColumn(html, start)
  const startTag = { ...shift(loc), startLine: line, startCol: col, attrs }
  return {
    nodeName: token.tagName,
    tagName: token.tagName,
    attrs: token.attrs,
    namespaceURI: HTML_NS,
    childNodes: [],
    sourceCodeLocation: { ...startTag, startTag },
  } as unknown as Element
}

/** Offsets where each line starts, counting CRLF and a lone CR as one break (as parse5 and the scan do). */
function lineStarts(html: string): number[] {
  const starts = [0]
  for (let i = 0; i < html.length; i++) {
    const c = html.charCodeAt(i)
    if (c === 0x0a || (c === 0x0d && html.charCodeAt(i + 1) !== 0x0a)) starts.push(i + 1)
  }
  return starts
}

function offsetOf(lines: readonly number[], line: number, column: number): number {
  return (lines[line - 1] ?? 0) + column - 1
}

function lineAndColumn(html: string, offset: number): [number, number] {
  let line = 1
  let start = 0
  for (let i = html.indexOf('\n'); i >= 0 && i < offset; i = html.indexOf('\n', i + 1)) {
    line++
    start = i + 1
  }
  return [line, offset - start + 1]
}

/** The thorough way: the whole page through parse5's tree builder. */
export function parseScripts(html: string): FoundScripts {
  // A byte-order mark is no text to the browser; a space of the same length keeps offsets true (as html/scan.ts does).
  const document = parse5().parse(html.startsWith('\uFEFF') ? ` ${html.slice(1)}` : html, { sourceCodeLocationInfo: true })
  const elements: ScriptElement[] = []
  let baseHref: string | undefined
  let baseSeen = false
  // Depth-first with a stack of its own: deeply nested pages must not overflow the call stack.
  const stack: ChildNode[][] = [[...document.childNodes].reverse() as ChildNode[]]
  while (stack.length > 0) {
    const top = stack[stack.length - 1]!
    const node = top.pop()
    if (!node) {
      stack.pop()
      continue
    }
    if (!('tagName' in node)) continue
    const el = node as Element
    if (el.namespaceURI === HTML_NS) {
      if (el.tagName === 'base' && !baseSeen && attr(el, 'href') !== undefined) {
        baseSeen = true
        baseHref = attr(el, 'href')
      } else if (el.tagName === 'script' || el.tagName === 'link') {
        const found = scriptElement(el)
        if (found) elements.push(found)
      }
    }
    if (el.childNodes.length > 0) stack.push([...el.childNodes].reverse())
  }
  return { elements, baseHref }
}

const NONE: FoundScripts = Object.freeze({ elements: Object.freeze([]), baseHref: undefined })

function scriptElement(el: Element): ScriptElement | undefined {
  const loc = el.sourceCodeLocation?.startTag
  if (!loc) return undefined
  let kind: ScriptElement['kind']
  let url: string | undefined
  let module = false
  if (el.tagName === 'script' && attr(el, LOADER_SRC) !== undefined && attr(el, 'src') === undefined) {
    // cspkit's own loader from an earlier run: checked again against the file (a second run changes nothing).
    url = attr(el, LOADER_SRC)
    module = true
    kind = 'loader'
  } else if (el.tagName === 'script') {
    url = attr(el, 'src')
    const type = (attr(el, 'type') ?? '').trim().toLowerCase()
    if (type === 'module') module = true
    else if (type !== '' && !JS_TYPES.test(type)) return undefined
    kind = 'script'
  } else {
    url = attr(el, 'href')
    const rel = (attr(el, 'rel') ?? '').toLowerCase().split(/[\t\n\f\r ]+/)
    if (rel.includes('modulepreload')) {
      kind = 'modulepreload'
      module = true
    } else if (rel.includes('preload') && (attr(el, 'as') ?? '').trim().toLowerCase() === 'script') kind = 'preload'
    else return undefined
  }
  if (url === undefined || url.trim() === '') return undefined
  const integrityValue = attr(el, kind === 'loader' ? LOADER_INTEGRITY : 'integrity')
  const integrityLoc = el.sourceCodeLocation?.attrs?.[kind === 'loader' ? LOADER_INTEGRITY : 'integrity']
  return {
    kind,
    tag: el.tagName as 'script' | 'link',
    module,
    url,
    integrity: integrityValue !== undefined && integrityLoc ? { value: integrityValue, start: integrityLoc.startOffset, end: integrityLoc.endOffset } : undefined,
    crossorigin: attr(el, 'crossorigin') !== undefined,
    crossoriginValue: attr(el, 'crossorigin'),
    insertAt: loc.startOffset + 1 + el.tagName.length,
    start: el.sourceCodeLocation!.startOffset,
    end: el.sourceCodeLocation!.endOffset,
    line: loc.startLine,
    column: loc.startCol,
  }
}

function attr(el: Element, name: string): string | undefined {
  for (const a of el.attrs) if (a.name === name && !a.prefix) return a.value
  return undefined
}
