import type { DefaultTreeAdapterTypes as T } from 'parse5'
import { parse5 } from '../lazy.js'
import type { InlineCheck } from '../policy/inline.js'
import { fastScanPage, fastScanWithReason } from './fast-scan.js'
import { LOADING_ELEMENTS, loadsOfElement, srcdocOf, type PageLoad, type Srcdoc } from '../loads/elements.js'

const NS_HTML = 'http://www.w3.org/1999/xhtml'
const NS_SVG = 'http://www.w3.org/2000/svg'

export type ScriptType = 'classic' | 'module' | 'importmap' | 'speculationrules'

export type InlineKind = 'script' | 'style' | 'event-handler' | 'style-attribute' | 'javascript-url'

/** One piece of inline content a policy must allow, with where it is in the file. */
export interface InlineContent extends InlineCheck {
  readonly kind: InlineKind
  /** Element name, e.g. `script`, `style`, `button`. */
  readonly tag: string
  /** Attribute name for attribute kinds, e.g. `onclick`, `style`, `href`. */
  readonly attribute?: string
  readonly scriptType?: ScriptType
  /** 1-based line and column of the element or attribute (for content of an `<iframe srcdoc>`, of its srcdoc attribute). */
  readonly line: number
  readonly column: number
  /** Inside an `<iframe srcdoc>` document, which inherits the page's policy. */
  readonly inSrcdoc?: true
}

/** A `<meta http-equiv="Content-Security-Policy[-Report-Only]">` already in the page. */
export interface CspMetaTag {
  readonly policy: string
  readonly reportOnly: boolean
  readonly inHead: boolean
  /** No element a policy governs comes before it, so it covers the whole page (CSP-RULES d1). */
  readonly coversPage: boolean
  readonly start: number
  readonly end: number
  /** Offsets of the whole `content="…"` attribute, when present. */
  readonly contentAttribute?: { readonly start: number; readonly end: number }
  readonly line: number
}

/** Where a new CSP meta goes: first in `<head>`, after `<meta charset>` only. */
export interface MetaInsertion {
  readonly offset: number
  /** Text to put before the tag so it lines up with its neighbours ("" in minified pages). */
  readonly prefix: string
  /** The neighbouring void tags are written `<meta … />`. */
  readonly selfClosing: boolean
}

export interface PageScan {
  readonly inline: readonly InlineContent[]
  readonly metas: readonly CspMetaTag[]
  readonly insertion: MetaInsertion
  /** Every URL the page's elements load (outside `<template>`), in source order, as written. */
  readonly loads: readonly PageLoad[]
  /** `<iframe srcdoc>` documents (outside `<template>`), in source order, then those nested in them: they inherit the page's policy. */
  readonly srcdocs: readonly Srcdoc[]
}

export const JS_MIME_TYPES: ReadonlySet<string> = new Set([
  'application/ecmascript',
  'application/javascript',
  'application/x-ecmascript',
  'application/x-javascript',
  'text/ecmascript',
  'text/javascript',
  'text/javascript1.0',
  'text/javascript1.1',
  'text/javascript1.2',
  'text/javascript1.3',
  'text/javascript1.4',
  'text/javascript1.5',
  'text/jscript',
  'text/livescript',
  'text/x-ecmascript',
  'text/x-javascript',
])

export const JAVASCRIPT_URL_ATTRIBUTES: Readonly<Record<string, readonly string[]>> = {
  a: ['href', 'xlink:href'],
  area: ['href'],
  iframe: ['src'],
  frame: ['src'],
  form: ['action'],
  button: ['formaction'],
  input: ['formaction'],
}

/** Elements that may sit before a CSP meta without escaping it: they load and run nothing. */
export const HARMLESS_BEFORE_META: ReadonlySet<string> = new Set(['meta', 'title'])

/**
 * Finds everything in a page that a policy has to allow inline, and where a CSP meta is or should
 * go. parse5 implements the browser's tokenizer, so its text nodes are exactly what browsers hash
 * (CSP-RULES a1–a10). Most built pages take a single-pass scanner that returns exactly what parse5
 * would (fast-scan.ts); anything it does not model goes through parse5's tree.
 */
export function scanPage(html: string): PageScan {
  const scan = scanDocument(html)
  return scan.srcdocs.length === 0 ? scan : withSrcdocContent(scan)
}

/** Which scanner answered for a page, and (for parse5) what made the fast one give up. */
export interface ScanWithPath {
  readonly scan: PageScan
  readonly path: 'fast' | 'parse5'
  /** The first construct the fast scanner does not model ('' on the fast path). */
  readonly reason: string
}

/**
 * scanDocument, saying which scanner answered: for the bench's fast-path coverage and the tests
 * (srcdoc documents are not scanned: the page's own path is what this reports).
 */
export function scanPageWithPath(html: string): ScanWithPath {
  const fast = fastScanWithReason(html)
  if (typeof fast !== 'string') return { scan: fast, path: 'fast', reason: '' }
  return { scan: parse5ScanPage(html), path: 'parse5', reason: fast }
}

/** One document's own scan, without what its `<iframe srcdoc>` documents hold. */
export function scanDocument(html: string): PageScan {
  return fastScanPage(html) ?? parse5ScanPage(html)
}

/**
 * An `<iframe srcdoc>` document inherits the page's policy, so its inline content (and that of the
 * srcdocs inside it) is the page's to allow: appended to the page's items, located at the outermost
 * srcdoc attribute. `srcdocs` then lists the nested ones too (their loads are checked like the
 * page's). A queue, not recursion: nesting depth costs no stack.
 */
function withSrcdocContent(scan: PageScan): PageScan {
  const inline = [...scan.inline]
  const srcdocs: Srcdoc[] = []
  const queue = scan.srcdocs.map((srcdoc) => ({ html: srcdoc.html, at: srcdoc }))
  for (let i = 0; i < queue.length; i++) {
    const { html, at } = queue[i]!
    srcdocs.push(at.html === html ? at : { html, line: at.line, column: at.column })
    const inner = scanDocument(html)
    for (const item of inner.inline) inline.push({ ...item, line: at.line, column: at.column, inSrcdoc: true })
    for (const nested of inner.srcdocs) queue.push({ html: nested.html, at })
  }
  return { ...scan, inline, srcdocs }
}

/**
 * The reference scan: parse5's full tree with source locations. Items and metas come in source
 * order (not tree order: foster parenting in tables moves elements, and must not reorder hashes).
 */
export function parse5ScanPage(html: string): PageScan {
  // Browsers drop a byte-order mark while decoding, before the tokenizer sees anything; parse5 would
  // read it as text and imply <head> and <body>. A space of the same length keeps every offset true.
  const document = parse5().parse(html.startsWith('\uFEFF') ? ` ${html.slice(1)}` : html, { sourceCodeLocationInfo: true })
  const inline: Located<InlineContent>[] = []
  const metas: CspMetaTag[] = []
  const loads: Located<PageLoad>[] = []
  const srcdocs: Located<Srcdoc>[] = []
  let governedSeen = false

  // Depth-first in tree order with a stack of its own, not recursion: 10,000 nested elements (inside
  // <svg> or <template>, where the parser nests them as written) must not overflow the call stack.
  const stack: { nodes: T.ChildNode[]; next: number; inTemplate: boolean }[] = [{ nodes: document.childNodes, next: 0, inTemplate: false }]
  while (stack.length > 0) {
    const frame = stack[stack.length - 1]!
    if (frame.next >= frame.nodes.length) {
      stack.pop()
      continue
    }
    const child = frame.nodes[frame.next++]!
    if (!('tagName' in child)) continue
    const element = child as T.Element
    collectAttributes(element, inline)
    if (isCspMeta(element)) metas.push(metaTag(element, governedSeen))
    else if (!isStructuralOrHarmless(element)) governedSeen = true
    collectElement(element, inline)
    // A template's content is inert: it loads nothing until a script clones it.
    if (!frame.inTemplate) collectLoads(element, loads, srcdocs)
    // Popped in reverse: the element's children first, then (for a template) its content.
    if (element.tagName === 'template' && element.namespaceURI === NS_HTML)
      stack.push({ nodes: (element as T.Template).content.childNodes, next: 0, inTemplate: true })
    stack.push({ nodes: element.childNodes, next: 0, inTemplate: frame.inTemplate })
  }
  return {
    inline: inSourceOrder(inline),
    metas: metas.sort((a, b) => a.start - b.start),
    insertion: findInsertion(document, html),
    loads: inSourceOrder(loads),
    srcdocs: inSourceOrder(srcdocs),
  }
}

function collectLoads(element: T.Element, out: Located<PageLoad>[], srcdocs: Located<Srcdoc>[]): void {
  if (element.namespaceURI !== NS_HTML || !LOADING_ELEMENTS.has(element.tagName)) return
  const read = (name: string) => attribute(element, name)
  const found = loadsOfElement(element.tagName, read)
  const locs = element.sourceCodeLocation?.attrs
  const srcdoc = srcdocOf(element.tagName, read)
  if (srcdoc !== undefined) {
    const loc = locs?.['srcdoc']
    srcdocs.push({ offset: loc?.startOffset ?? 0, item: { html: srcdoc, line: loc?.startLine ?? 0, column: loc?.startCol ?? 0 } })
  }
  // Sorted by element, then in loadsOfElement's order (as the fast scan finds them).
  const offset = element.sourceCodeLocation?.startOffset ?? 0
  for (const load of found) {
    const loc = locs?.[load.attribute]
    out.push({ offset, item: { ...load, tag: element.tagName, line: loc?.startLine ?? 0, column: loc?.startCol ?? 0 } })
  }
}

/** An item with the source offset it is sorted by (its element's or attribute's start). */
export interface Located<Item> {
  readonly offset: number
  readonly item: Item
}

/** Stable sort by offset; equal offsets (parse5's clones of a formatting element) keep tree order. */
export function inSourceOrder<Item>(located: Located<Item>[]): Item[] {
  // The fast scan finds items in order already: sort only when something is out of place.
  for (let i = 1; i < located.length; i++) {
    if (located[i]!.offset < located[i - 1]!.offset) {
      located.sort((a, b) => a.offset - b.offset)
      break
    }
  }
  return located.map((l) => l.item)
}

function collectElement(element: T.Element, out: Located<InlineContent>[]): void {
  const isScriptish = element.namespaceURI === NS_HTML || element.namespaceURI === NS_SVG
  if (!isScriptish) return
  const loc = element.sourceCodeLocation
  const at = { line: loc?.startLine ?? 0, column: loc?.startCol ?? 0 }
  const offset = loc?.startOffset ?? 0
  if (element.tagName === 'script') {
    if (hasAttribute(element, 'src') || hasAttribute(element, 'href') || hasAttribute(element, 'xlink:href')) return
    const scriptType = scriptTypeOf(element)
    if (!scriptType) return // a data block: never executed, never checked (CSP-RULES b3)
    if (scriptType === 'classic' && hasAttribute(element, 'nomodule') && element.namespaceURI === NS_HTML) return // b6
    const text = textOf(element)
    if (text.length === 0) return // an empty script is never checked (b5)
    out.push({ offset, item: scriptItem(scriptType, text, at.line, at.column) })
  } else if (element.tagName === 'style') {
    // Every <style> is checked, even an empty one (b5).
    out.push({ offset, item: styleItem(textOf(element), at.line, at.column) })
  }
}

function collectAttributes(element: T.Element, out: Located<InlineContent>[]): void {
  const locs = element.sourceCodeLocation?.attrs
  const jsUrlAttributes = element.namespaceURI === NS_HTML || element.namespaceURI === NS_SVG
    ? JAVASCRIPT_URL_ATTRIBUTES[element.tagName] ?? []
    : []
  for (const attr of element.attrs) {
    const name = attr.prefix ? `${attr.prefix}:${attr.name}` : attr.name
    const loc = locs?.[name] ?? locs?.[attr.name]
    const kind = attributeKind(name, attr.value, jsUrlAttributes)
    if (kind) out.push({ offset: loc?.startOffset ?? 0, item: attributeItem(kind, attr.value, loc?.startLine ?? 0, loc?.startCol ?? 0, element.tagName, name) })
  }
}

/**
 * What an attribute needs a hash for, if anything. `on*` is an event handler on HTML, SVG and MathML
 * elements alike (MathML Core gives MathML elements the global event handlers; Chromium, Firefox
 * and WebKit check them against script-src-attr: test/check-reads-policies-and-build-reaches-inline-content.test.ts).
 */
export function attributeKind(name: string, value: string, jsUrlAttributes: readonly string[]): 'style-attribute' | 'event-handler' | 'javascript-url' | undefined {
  if (name === 'style') return 'style-attribute'
  if (/^on[a-z]+$/.test(name)) return 'event-handler'
  if (jsUrlAttributes.includes(name) && /^javascript:/i.test(stripUrlWhitespace(value))) return 'javascript-url'
  return undefined
}

// The item shapes, built in one place so both scanners return identical objects.
export function scriptItem(scriptType: ScriptType, text: string, line: number, column: number): InlineContent {
  return {
    kind: 'script',
    target: 'script-elem',
    tag: 'script',
    scriptType,
    text,
    needsUnsafeHashes: false,
    speculationRules: scriptType === 'speculationrules',
    line,
    column,
  }
}

export function styleItem(text: string, line: number, column: number): InlineContent {
  return { kind: 'style', target: 'style-elem', tag: 'style', text, needsUnsafeHashes: false, line, column }
}

export function attributeItem(
  kind: 'style-attribute' | 'event-handler' | 'javascript-url',
  text: string,
  line: number,
  column: number,
  tag: string,
  attribute: string,
): InlineContent {
  const target = kind === 'style-attribute' ? 'style-attr' : kind === 'event-handler' ? 'script-attr' : 'script-elem'
  return { kind, target, text, needsUnsafeHashes: true, line, column, tag, attribute }
}

/** The HTML "prepare the script element" type rules; undefined for data blocks. */
export function scriptTypeOf(element: T.Element): ScriptType | undefined {
  return scriptTypeFrom(attribute(element, 'type'), attribute(element, 'language'))
}

export function scriptTypeFrom(type: string | undefined, language: string | undefined): ScriptType | undefined {
  let essence: string
  if (type === undefined) essence = language === undefined || language === '' ? '' : `text/${language}`
  else essence = type
  essence = essence.trim().toLowerCase()
  if (essence === '' || JS_MIME_TYPES.has(essence)) return 'classic'
  if (essence === 'module' || essence === 'importmap' || essence === 'speculationrules') return essence
  return undefined
}

function isCspMeta(element: T.Element): boolean {
  if (element.tagName !== 'meta' || element.namespaceURI !== NS_HTML) return false
  const equiv = attribute(element, 'http-equiv')?.trim().toLowerCase()
  return equiv === 'content-security-policy' || equiv === 'content-security-policy-report-only'
}

function isStructuralOrHarmless(element: T.Element): boolean {
  const tag = element.tagName
  return element.namespaceURI === NS_HTML && (tag === 'html' || tag === 'head' || HARMLESS_BEFORE_META.has(tag))
}

function metaTag(element: T.Element, governedSeen: boolean): CspMetaTag {
  const loc = element.sourceCodeLocation
  const contentLoc = loc?.attrs?.['content']
  const inHead = isInHead(element)
  return {
    policy: attribute(element, 'content') ?? '',
    reportOnly: attribute(element, 'http-equiv')!.trim().toLowerCase().endsWith('report-only'),
    inHead,
    coversPage: inHead && !governedSeen && loc != null,
    start: loc?.startOffset ?? 0,
    end: loc?.endOffset ?? 0,
    ...(contentLoc ? { contentAttribute: { start: contentLoc.startOffset, end: contentLoc.endOffset } } : {}),
    line: loc?.startLine ?? 0,
  }
}

function findInsertion(document: T.Document, html: string): MetaInsertion {
  const htmlElement = document.childNodes.find((n): n is T.Element => 'tagName' in n && n.tagName === 'html')
  const head = htmlElement?.childNodes.find((n): n is T.Element => 'tagName' in n && n.tagName === 'head')
  const selfClosing = /<meta\b[^>]*\/>/i.test(html.slice(0, 4096))
  const headStart = head?.sourceCodeLocation?.startTag
  if (head && headStart) {
    const children = head.childNodes
    const charsetIndex = children.findIndex((n) => 'tagName' in n && isCharsetMeta(n))
    const onlyHarmlessBefore =
      charsetIndex >= 0 &&
      children
        .slice(0, charsetIndex)
        .every((n) => !('tagName' in n) || (HARMLESS_BEFORE_META.has(n.tagName) && !isCspMeta(n)))
    if (onlyHarmlessBefore) {
      const charset = children[charsetIndex] as T.Element
      const before = children[charsetIndex - 1]
      return {
        offset: charset.sourceCodeLocation!.endOffset,
        prefix: indentation(before && before.nodeName === '#text' ? (before as T.TextNode).value : ''),
        selfClosing,
      }
    }
    const first = children[0]
    return {
      offset: headStart.endOffset,
      prefix: indentation(first && first.nodeName === '#text' ? (first as T.TextNode).value : ''),
      selfClosing,
    }
  }
  // No <head> tag in the source: a <meta> right after <html> (or the doctype) lands in the implied head.
  const htmlStart = htmlElement?.sourceCodeLocation?.startTag
  if (htmlStart) return { offset: htmlStart.endOffset, prefix: '', selfClosing }
  const doctype = document.childNodes.find((n) => n.nodeName === '#documentType')
  if (doctype?.sourceCodeLocation) return { offset: doctype.sourceCodeLocation.endOffset, prefix: '', selfClosing }
  return { offset: html.startsWith('\uFEFF') ? 1 : 0, prefix: '', selfClosing }
}

function isCharsetMeta(element: T.Element): boolean {
  if (element.tagName !== 'meta') return false
  if (hasAttribute(element, 'charset')) return true
  return attribute(element, 'http-equiv')?.trim().toLowerCase() === 'content-type'
}

/** "\n    " from the whitespace before a line's first tag; "" when the page is minified. */
export function indentation(whitespace: string): string {
  const i = whitespace.lastIndexOf('\n')
  if (i < 0 || whitespace.trim() !== '') return ''
  return `\n${whitespace.slice(i + 1)}`
}

function isInHead(element: T.Element): boolean {
  for (let p = element.parentNode; p; p = 'parentNode' in p ? p.parentNode : null) {
    if ('tagName' in p && p.tagName === 'head') return true
  }
  return false
}

function textOf(element: T.Element): string {
  let text = ''
  for (const child of element.childNodes) if (child.nodeName === '#text') text += (child as T.TextNode).value
  return text
}

function attribute(element: T.Element, name: string): string | undefined {
  return element.attrs.find((a) => (a.prefix ? `${a.prefix}:${a.name}` : a.name) === name)?.value
}

function hasAttribute(element: T.Element, name: string): boolean {
  return attribute(element, name) !== undefined
}

function stripUrlWhitespace(url: string): string {
  return url.replace(/^[\u0000-\u0020]+|[\u0000-\u0020]+$/g, '').replace(/[\t\n\r]/g, '')
}
