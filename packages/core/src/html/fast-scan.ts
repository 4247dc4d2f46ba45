import { tokenizeStartTags } from './start-tags.js'
import { LOAD_ATTRIBUTES, LOADING_ELEMENTS, loadsOfElement, locatedLoad, srcdocOf, trimUrl, type PageLoad, type Srcdoc } from '../loads/elements.js'
import {
  HARMLESS_BEFORE_META,
  JAVASCRIPT_URL_ATTRIBUTES,
  attributeItem,
  attributeKind,
  indentation,
  inSourceOrder,
  scriptItem,
  scriptTypeFrom,
  styleItem,
  type CspMetaTag,
  type InlineContent,
  type Located,
  type MetaInsertion,
  type PageScan,
} from './scan.js'

/**
 * A single pass over the page text that returns exactly the PageScan parse5's tree gives
 * (scan.ts), for the pages it models: a plain `<head>`, HTML content without foreign elements,
 * scripts without `<!--`, and nothing the tree builder would drop, clone or move into `<head>`.
 * It returns `undefined` for anything else, and the caller falls back to parse5. It skips text with
 * `indexOf` and reads only tags, which is why it is many times faster than building a tree.
 *
 * The tokenizer rules it follows are the HTML standard's (parse5 is the reference):
 * tag and attribute states, comments, bogus comments, raw text / RCDATA / script data end tags,
 * CR and CRLF as one line break. Character references in attribute values are decoded by parse5's
 * own tokenizer (only for tags that have a `&` in a value this scan reads).
 */
export function fastScanPage(html: string): PageScan | undefined {
  const result = fastScanWithReason(html)
  return typeof result === 'string' ? undefined : result
}

/** fastScanPage, or (when it gives up) why: the first construct on the page it does not model. */
export function fastScanWithReason(html: string): PageScan | string {
  // A NUL is replaced or dropped depending on where it is: not worth modelling.
  if (html.indexOf('\0') >= 0) return 'NUL character'
  try {
    return new FastScan(html).run()
  } catch (error) {
    if (error === UNMODELLED) return lastReason
    throw error
  }
}

/** Thrown inside the scan for anything it does not model; caught above. */
const UNMODELLED = Symbol('unmodelled')
/** Why the last scan that gave up did (what the page holds that the scan does not model). */
let lastReason = ''
function unmodelled(reason: string): never {
  lastReason = reason
  throw UNMODELLED
}

const enum Phase {
  /** Before `<html>`: doctype, comments, whitespace. */
  Initial,
  /** After `<html>`, before `<head>`. */
  BeforeHead,
  InHead,
  /** After `</head>`, before `<body>`. */
  AfterHead,
  InBody,
}

const enum Text {
  /** Script data: ends at `</script`, and `<!--` would start the escape states. */
  Script,
  RawText,
  RcData,
}

/** Elements whose content the tokenizer reads as text until their own end tag (scripting enabled). */
const TEXT_ELEMENTS: ReadonlyMap<string, Text> = new Map([
  ['script', Text.Script],
  ['style', Text.RawText],
  ['xmp', Text.RawText],
  ['iframe', Text.RawText],
  ['noembed', Text.RawText],
  ['noframes', Text.RawText],
  ['noscript', Text.RawText],
  ['title', Text.RcData],
  ['textarea', Text.RcData],
])

/** What may sit in `<head>` without making the parser leave it early. */
const HEAD_ELEMENTS = new Set(['meta', 'link', 'base', 'basefont', 'bgsound', 'title', 'style', 'script', 'noscript', 'noframes', 'template'])

/**
 * Start tags whose tree-construction rules this scan does not follow: MathML, elements the parser
 * merges, renames, ignores or that change how everything after them is tokenized. (`<svg>` and
 * `<math>` are followed as far as `foreignContent` models them, `<select>` as far as `inSelect` does.)
 */
const UNMODELLED_START_TAGS = new Set(['plaintext', 'frameset', 'frame', 'head', 'html', 'body', 'image'])

/**
 * Inside `<svg>` or `<math>`: start tags that make the parser leave foreign content (the standard's
 * breakout list), or that open content the scan does not follow (`foreignObject` and
 * `annotation-xml` hold HTML; MathML's `<mglyph>`, `<malignmark>`; one foreign root in another).
 * SVG's `<script>` and `<style>` are followed when their content is plain text (foreignText).
 */
const FOREIGN_UNMODELLED = new Set([
  'b', 'big', 'blockquote', 'body', 'br', 'center', 'code', 'dd', 'div', 'dl', 'dt', 'em', 'embed', 'h1', 'h2', 'h3',
  'h4', 'h5', 'h6', 'head', 'hr', 'i', 'img', 'li', 'listing', 'menu', 'meta', 'nobr', 'ol', 'p', 'pre', 'ruby', 's',
  'small', 'span', 'strong', 'strike', 'sub', 'sup', 'table', 'tt', 'u', 'ul', 'var', 'font',
  'foreignobject', 'annotation-xml', 'mglyph', 'malignmark', 'math', 'svg',
])
/**
 * Integration points: a start tag inside them is parsed as HTML (SVG's HTML integration points and
 * MathML's text integration points).
 */
const INTEGRATION_POINTS = new Set(['desc', 'title', 'foreignobject', 'mi', 'mo', 'mn', 'ms', 'mtext'])
/** The parser's SVG tag names in their camel case (parse5's SVG_TAG_NAMES_ADJUSTMENT_MAP): items name their element so. */
const SVG_TAG_NAMES: ReadonlyMap<string, string> = new Map(
  [
    'altGlyph', 'altGlyphDef', 'altGlyphItem', 'animateColor', 'animateMotion', 'animateTransform', 'clipPath', 'feBlend',
    'feColorMatrix', 'feComponentTransfer', 'feComposite', 'feConvolveMatrix', 'feDiffuseLighting', 'feDisplacementMap',
    'feDistantLight', 'feFlood', 'feFuncA', 'feFuncB', 'feFuncG', 'feFuncR', 'feGaussianBlur', 'feImage', 'feMerge',
    'feMergeNode', 'feMorphology', 'feOffset', 'fePointLight', 'feSpecularLighting', 'feSpotLight', 'feTile',
    'feTurbulence', 'foreignObject', 'glyphRef', 'linearGradient', 'radialGradient', 'textPath',
  ].map((name) => [name.toLowerCase(), name]),
)

/**
 * What the scan follows inside a `<select>`: the start tags the parser's "in select" mode inserts
 * (it ignores most others, and `<input>`, `<textarea>`, `<select>` close the select) and `<script>`.
 */
const SELECT_CHILDREN = new Set(['option', 'optgroup', 'hr', 'script'])

const TABLE_PARTS = new Set(['caption', 'col', 'colgroup', 'tbody', 'td', 'tfoot', 'th', 'thead', 'tr'])

/** Formatting elements: the parser re-opens (clones, with their attributes) them when misnested. */
const FORMATTING = new Set(['a', 'b', 'big', 'code', 'em', 'font', 'i', 'nobr', 's', 'small', 'strike', 'strong', 'tt', 'u'])

/**
 * Inside a formatting element that carries inline content, only these may open (plain phrasing
 * elements, which close nothing and are never dropped), and every end tag must close the element
 * opened last; otherwise a clone could repeat its attributes, so the scan gives up.
 */
const STRICT_CHILDREN = new Set([
  'span', 'abbr', 'cite', 'dfn', 'kbd', 'mark', 'q', 'samp', 'var', 'sub', 'sup', 'time', 'data', 'bdi', 'bdo',
  'label', 'ins', 'del', 'small', 'code', 'em', 'strong', 'b', 'i', 'u', 's', 'strike', 'big', 'tt', 'font',
  'img', 'br', 'wbr', 'input', 'script', 'style', 'noscript', 'textarea', 'title', 'iframe',
])
const VOID_ELEMENTS = new Set(['area', 'base', 'basefont', 'bgsound', 'br', 'embed', 'hr', 'img', 'input', 'keygen', 'link', 'meta', 'param', 'source', 'track', 'wbr'])

const NONE: readonly string[] = []

/** The attribute buffers of the tag being read (see FastScan's fields). */
const ATTRIBUTES = { names: [] as string[], starts: [] as number[], ends: [] as number[], valueStarts: [] as number[], valueEnds: [] as number[] }

/**
 * Body elements whose start and end tags, when they carry no inline content, change none of the
 * state the scan keeps (phase, templates, tables, forms, formatting elements with inline content,
 * SVG): no text elements, no table parts, nothing in UNMODELLED_START_TAGS, no template/svg/form,
 * and `a` is the only one with a javascript:-URL attribute (JAVASCRIPT_URL_ATTRIBUTES), `href`,
 * allowed below only with values that cannot be one. None loads anything (LOADING_ELEMENTS): `img`
 * is read tag by tag, so that its `src` and `srcset` are.
 */
const PLAIN_BODY_ELEMENTS = [
  'p', 'div', 'span', 'a', 'b', 'i', 'u', 's', 'em', 'strong', 'small', 'big', 'code', 'kbd', 'samp', 'var', 'sub', 'sup',
  'mark', 'abbr', 'cite', 'dfn', 'q', 'time', 'data', 'bdi', 'bdo', 'br', 'wbr', 'hr', 'picture', 'figure',
  'figcaption', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'header', 'footer', 'main', 'nav', 'section', 'article', 'aside',
  'address', 'blockquote', 'pre', 'ul', 'ol', 'li', 'dl', 'dt', 'dd', 'label', 'details', 'summary', 'hgroup', 'search',
  'center', 'font', 'tt', 'strike', 'nobr', 'ruby', 'rt', 'rp', 'ins', 'del',
]

// Pieces of the tokenizer's tag grammar, for the runs below. They accept a strict subset (whitespace
// before every attribute, no `/` except a final `/>` where allowed, no quote or `<` in names): any
// tag outside it ends the run and the scan reads it tag by tag, as before.
const WS = '[\\t\\n\\f\\r ]'
const VALUE = `(?:"[^"]*"|'[^']*'|[^\\t\\n\\f\\r >"'=<\`]+)`
/** An attribute that is no inline content (not `style`, not `on*`) and none of `names`. */
const attributeExcept = (names: readonly string[] = []) =>
  `(?!(?:on|(?:${['style', ...names].join('|')})(?:${WS}|[/>=]|$)))[^\\t\\n\\f\\r />="'<]+(?:${WS}*=${WS}*${VALUE})?`

/**
 * A run of text and plain tags in `<body>`: PLAIN_BODY_ELEMENTS start tags whose attributes are
 * none of `style`, `on*`, `href` (except values starting with `/ # . ?` or `http(s):`, which are no
 * javascript: URL), `xlink:href`, `formaction`; their end tags; and `</body>`, `</html>` (which
 * change nothing the scan tracks either). Read by irregexp's native code, it skips most of a typical
 * body in one step.
 */
const PLAIN_BODY_RUN = (() => {
  const names = `(?:${PLAIN_BODY_ELEMENTS.join('|')})`
  const safeHref = `href${WS}*=${WS}*(?:"(?:[/#.?]|https?:)[^"]*"|'(?:[/#.?]|https?:)[^']*'|""|'')`
  const attribute = `(?:${safeHref}|${attributeExcept(['href', 'xlink:href', 'formaction'])})`
  const startTag = `<${names}(?:${WS}+${attribute})*${WS}*>`
  const endTag = `</(?:${names}|body|html)${WS}*>`
  return new RegExp(`(?:[^<]+|${startTag}|${endTag})*`, 'iy')
})()

/**
 * A PLAIN_BODY_ELEMENTS start tag whose one inline-content attribute is a double-quoted `style`
 * with no character reference, CR or NUL in it (so its text is its bytes): the styled spans and divs
 * of highlighted code (Prism's, Shiki's) and of React's inline styles, hundreds a page, read in one
 * step each. Group 1 the name, group 2 what comes before `style`, group 3 its value.
 */
const STYLED_BODY_TAG = (() => {
  const names = `(?:${PLAIN_BODY_ELEMENTS.join('|')})`
  const safeHref = `href${WS}*=${WS}*(?:"(?:[/#.?]|https?:)[^"]*"|'(?:[/#.?]|https?:)[^']*'|""|'')`
  const attribute = `(?:${safeHref}|${attributeExcept(['href', 'xlink:href', 'formaction'])})`
  return new RegExp(`<(${names})((?:${WS}+${attribute})*${WS}+)style${WS}*=${WS}*"([^"&\\r\\0]*)"(?:${WS}+${attribute})*${WS}*>`, 'iy')
})()

/**
 * A run of whitespace and head elements that, once the charset meta and the head's first child have
 * been seen, change nothing the scan tracks: `<meta>` without `http-equiv` and `<title>` with plain
 * text, neither with a `style` or `on*` attribute. `<link>` and `<script>` end the run and are read
 * tag by tag: the URLs they load are part of the scan (PageScan.loads).
 */
const PLAIN_HEAD_RUN = (() => {
  const meta = `<meta(?:${WS}+${attributeExcept(['http-equiv'])})*${WS}*/?>`
  const title = `<title>[^<&\\r]*</title${WS}*>`
  return new RegExp(`(?:${WS}+|${meta}|${title})*`, 'iy')
})()

/**
 * A `<script>` or `<style>` start tag without attributes, content without `<` (so no end tag and no
 * `<!--` inside it) and its end tag: the inline scripts and styles built pages put in `<head>`, read
 * in one step. Lower case only; anything else is read tag by tag.
 */
const BARE_TEXT_ELEMENT = /<(script|style)>[^<]*<\/\1[\t\n\f\r ]*>/y

/**
 * The `<head>` tags bundlers write for what a page loads, in the exact form they write them, read in
 * one step each: Vite's `<script type="module" crossorigin src="…"></script>` and `<link
 * rel="modulepreload"|"stylesheet" crossorigin href="…">`, html-webpack-plugin's `<script defer
 * src=…></script>` and `<link href="…" rel="stylesheet">`. One space between attributes, lower case,
 * no nonce or integrity, a URL without `&` (no character reference) or CR: anything else is read tag
 * by tag (startTag, collectLoads), which gives these tags the same load. Groups: 1 `module`; 2, 3 the
 * script's quoted or unquoted src; 4 the link's rel, 5 its href; 6 the href, 7 the rel of webpack's order.
 */
const HEAD_LOAD_TAG = new RegExp(
  '<script(?: type="(module)")?(?: crossorigin)?(?: defer)?(?: async)? src=(?:"([^"&\\r]*)"|([^\\t\\n\\f\\r &"\'<=>`]+))></script>' +
    '|<link rel="(stylesheet|modulepreload)"(?: crossorigin)? href="([^"&\\r]*)"/?>' +
    '|<link href="([^"&\\r]*)" rel="(stylesheet)"/?>',
  'y',
)

/** `</head>` then `<body>` with whitespace between, the body tag without `style` and `on*` attributes. */
const HEAD_TO_BODY = new RegExp(`</head${WS}*>${WS}*<body(?:${WS}+${attributeExcept()})*${WS}*>`, 'iy')

/**
 * The usual start of a page, `<!doctype html><html …><head><meta charset=…>` with only whitespace
 * between, read in one step: the state it leaves is set from the match (see run()). The `<html>`
 * start tag may carry attributes other than `style` and `on*`; `<head>` none; the meta only `charset`.
 */
const PROLOGUE = new RegExp(
  `(<!doctype html>${WS}*<html(?:${WS}+${attributeExcept()})*${WS}*>${WS}*<head>)(${WS}*)<meta${WS}+charset${WS}*=${WS}*${VALUE}${WS}*/?>`,
  'iy',
)

class FastScan {
  private readonly html: string
  private readonly hasCR: boolean
  private phase = Phase.Initial
  private sawDoctype = false
  private templateDepth = 0
  /** Open tables outside templates; `true` while a cell or caption (where a nested table may start) is open. */
  private readonly tables: boolean[] = []
  /** The parser's form element pointer (outside templates). */
  private formOpen = false
  /** Elements opened inside a formatting element that carries inline content (see STRICT_CHILDREN). */
  private strict: string[] | undefined
  private governedSeen = false
  /** Inside a `<select>` (the parser's "in select" modes): only SELECT_CHILDREN may open. */
  private inSelect = false

  private readonly inline: Located<InlineContent>[] = []
  private readonly metas: CspMetaTag[] = []
  private readonly loads: PageLoad[] = []
  private readonly srcdocs: Srcdoc[] = []

  // Where the CSP meta goes (scan.ts findInsertion): the head's first child text and its children.
  private headStartEnd = -1
  private headFirstGap: string | undefined
  private charsetMeta: { end: number; gap: string } | undefined
  private onlyHarmlessBeforeCharset = true
  private charsetOk = false
  /** End of the last token (tag, comment, doctype): text since then is one text node. */
  private lastTokenEnd = 0

  // Attributes of the tag being read, in buffers every scan shares (a scan runs to its end before
  // another starts): no new arrays per page.
  private attrCount = 0
  private readonly attrNames = ATTRIBUTES.names
  private readonly attrStarts = ATTRIBUTES.starts
  private readonly attrEnds = ATTRIBUTES.ends
  private readonly valueStarts = ATTRIBUTES.valueStarts
  private readonly valueEnds = ATTRIBUTES.valueEnds
  private decoded: Map<string, string> | undefined
  private tagStart = 0
  private tagEnd = 0
  /** The tag just read ended with `/>` (in SVG that closes the element). */
  private selfClosing = false

  /** The next `<!--` at or after the current script's content (-1: none left). */
  private nextCommentOpen = 0

  // Line counting, moving forward through the page.
  private lineAt = 0
  private line = 1
  private lineStart = 0
  /** The first LF and CR at or after `lineAt` (Infinity: none). */
  private nextLf: number
  private nextCr: number

  constructor(html: string) {
    this.html = html
    this.hasCR = html.indexOf('\r') >= 0
    this.nextLf = this.indexFrom('\n', 0)
    this.nextCr = this.hasCR ? this.indexFrom('\r', 0) : Infinity
  }

  run(): PageScan {
    const html = this.html
    const length = html.length
    let pos = html.charCodeAt(0) === 0xfeff ? 1 : 0 // a BOM is no text (scan.ts)
    this.lastTokenEnd = pos
    pos = this.prologue(pos)
    for (;;) {
      // Runs of markup that change nothing this scan tracks: one native regex step over each.
      if (this.phase === Phase.InBody && !this.strict) pos = skipRun(PLAIN_BODY_RUN, html, pos)
      else if (this.phase === Phase.InHead && this.templateDepth === 0 && this.charsetMeta && this.headFirstGap !== undefined)
        pos = this.headRun(pos)
      const lt = html.indexOf('<', pos)
      const textEnd = lt < 0 ? length : lt
      if (textEnd > pos) this.text(pos, textEnd)
      if (lt < 0) break
      const c = html.charCodeAt(lt + 1)
      if (isAsciiAlpha(c)) {
        pos = (this.phase === Phase.InBody && !this.strict && !this.inSelect && this.styledBodyTag(lt)) || this.startTag(lt)
      } else if (c === 0x2f /* / */) {
        const c2 = html.charCodeAt(lt + 2)
        if (isAsciiAlpha(c2)) pos = this.endTag(lt)
        else if (c2 === 0x3e /* > */) unmodelled('</> in text') // `</>`: no token, the text around it joins up
        else if (c2 !== c2) unmodelled('EOF after </') // EOF
        else pos = this.comment(lt, html.indexOf('>', lt + 2), 1)
      } else if (c === 0x21 /* ! */) {
        pos = this.markupDeclaration(lt)
      } else if (c === 0x3f /* ? */) {
        pos = this.comment(lt, html.indexOf('>', lt + 2), 1)
      } else {
        // A `<` that starts nothing is text.
        this.text(lt, lt + 1)
        pos = lt + 1
      }
    }
    if (this.phase === Phase.AfterHead) this.phase = Phase.InBody // EOF after </head> implies <body>
    if (this.phase !== Phase.InBody || this.templateDepth > 0 || this.strict || this.inSelect) unmodelled('page ends outside <body> or inside a template, select or formatting element')
    return { inline: inSourceOrder(this.inline), metas: this.metas, insertion: this.insertion(), loads: this.loads, srcdocs: this.srcdocs }
  }

  /** The usual page start (PROLOGUE) at `pos`, if there: the state its tags leave; returns where it ends. */
  private prologue(pos: number): number {
    PROLOGUE.lastIndex = pos
    const match = PROLOGUE.exec(this.html)
    if (!match) return pos
    // Tag by tag: the doctype, the html and head start tags (phase, where the head starts), then the
    // charset meta: the head's first child, with nothing before it.
    const end = PROLOGUE.lastIndex
    const gap = match[2]!
    this.sawDoctype = true
    this.phase = Phase.InHead
    this.headStartEnd = pos + match[1]!.length
    this.headFirstGap = gap
    this.charsetMeta = { end, gap }
    this.charsetOk = true
    this.lastTokenEnd = end
    return end
  }

  /**
   * PLAIN_HEAD_RUNs at `pos` and the bare inline scripts and styles between them (BARE_TEXT_ELEMENT),
   * then `</head><body>` (HEAD_TO_BODY) if that follows; returns where they end.
   */
  private headRun(pos: number): number {
    const html = this.html
    for (;;) {
      pos = skipRun(PLAIN_HEAD_RUN, html, pos)
      BARE_TEXT_ELEMENT.lastIndex = pos
      if (BARE_TEXT_ELEMENT.test(html)) {
        pos = this.bareTextElement(pos, BARE_TEXT_ELEMENT.lastIndex)
        continue
      }
      HEAD_LOAD_TAG.lastIndex = pos
      const load = HEAD_LOAD_TAG.exec(html)
      if (!load) break
      pos = this.headLoadTag(pos, load)
    }
    HEAD_TO_BODY.lastIndex = pos
    if (!HEAD_TO_BODY.test(html)) return pos
    // The phase endTagTree and treeConstruction would leave (`governedSeen` no longer matters: no
    // meta after this is a head child).
    this.phase = Phase.InBody
    this.lastTokenEnd = HEAD_TO_BODY.lastIndex
    return HEAD_TO_BODY.lastIndex
  }

  /**
   * A HEAD_LOAD_TAG at `lt`: what startTag (and textElement, for the script's empty content and end
   * tag) leave for it: its one load, located at its URL attribute.
   */
  private headLoadTag(lt: number, m: RegExpExecArray): number {
    const end = lt + m[0].length
    this.governedSeen = true
    this.lastTokenEnd = end
    const script = m[4] === undefined && m[7] === undefined
    // Only a type, crossorigin, defer or async comes before it in the match: the first ` src=` / ` href=` is the attribute.
    const attribute = script ? 'src' : 'href'
    const start = lt + m[0].indexOf(script ? ' src=' : ' href=') + 1
    const value = script ? (m[2] ?? m[3]!) : (m[5] ?? m[6]!)
    const url = trimUrl(value)
    if (url === '' || /^javascript:/i.test(url)) return end
    const kind = script || m[4] === 'modulepreload' ? 'script-src-elem' : 'style-src-elem'
    this.locate(start)
    this.loads.push({ kind, url, attribute, tag: script ? 'script' : 'link', line: this.line, column: start - this.lineStart + 1 })
    return end
  }

  /**
   * A BARE_TEXT_ELEMENT in `<head>` from `lt` to `end`: what startTag and textElement leave for it (a
   * classic script or a style, nothing else of the tag to look at).
   */
  private bareTextElement(lt: number, end: number): number {
    const html = this.html
    const isScript = html.charCodeAt(lt + 2) === 0x63 /* c */
    const contentStart = lt + (isScript ? 8 : 7)
    const close = html.indexOf('<', contentStart)
    this.governedSeen = true
    this.lastTokenEnd = end
    // An empty script is no inline content; an empty style is (scan.ts).
    if (isScript && close === contentStart) return end
    this.locate(lt)
    const text = this.textOf(contentStart, close)
    const column = lt - this.lineStart + 1
    this.inline.push({ offset: lt, item: isScript ? scriptItem('classic', text, this.line, column) : styleItem(text, this.line, column) })
    return end
  }

  /** `<!` at `lt`: a comment, the doctype or a bogus comment (including `<![CDATA[` in HTML content). */
  private markupDeclaration(lt: number): number {
    const html = this.html
    if (html.startsWith('--', lt + 2)) {
      // `-->` may overlap the opening (`<!-->`, `<!--->`); `--!>` may not.
      const a = html.indexOf('-->', lt + 2)
      // `--!>` counts only before `-->`, so it is looked for there alone: searching the rest of the
      // page for it on every comment made a page of many comments (Vue's `<!--[-->`) quadratic.
      const b = a < 0 ? html.indexOf('--!>', lt + 4) : indexBefore(html, '--!>', lt + 4, a)
      if (a < 0 && b < 0) unmodelled('unclosed comment')
      return a >= 0 && (b < 0 || a < b) ? this.comment(lt, a, 3) : this.comment(lt, b, 4)
    }
    if (startsWithIgnoringCase(html, 'doctype', lt + 2)) {
      if (this.phase !== Phase.Initial || this.sawDoctype) unmodelled('doctype after the start')
      this.sawDoctype = true
      const end = html.indexOf('>', lt)
      if (end < 0) unmodelled('unclosed doctype')
      this.lastTokenEnd = end + 1
      return end + 1
    }
    return this.comment(lt, html.indexOf('>', lt + 2), 1)
  }

  /** Text outside tags: only whitespace is modelled before `<body>` (other text would imply it). */
  private text(start: number, end: number): void {
    if (this.phase === Phase.InBody || (this.phase === Phase.InHead && this.templateDepth > 0)) return
    const html = this.html
    for (let i = start; i < end; i++) {
      const c = html.charCodeAt(i)
      if (c !== 0x20 && c !== 0x0a && c !== 0x09 && c !== 0x0d && c !== 0x0c) unmodelled('text before <body>')
    }
  }

  /** A comment or bogus comment from `<` to `end` (the index of its closer, `closer` long). */
  private comment(start: number, end: number, closer: number): number {
    if (end < 0) unmodelled('unclosed comment')
    this.beforeHeadChild(start)
    this.lastTokenEnd = end + closer
    return end + closer
  }

  /** The head's first child is text when whitespace follows `<head>` directly. */
  private beforeHeadChild(tokenStart: number): void {
    if (this.phase === Phase.InHead && this.headFirstGap === undefined)
      this.headFirstGap = this.html.slice(this.headStartEnd, tokenStart)
  }

  /**
   * A STYLED_BODY_TAG at `lt` (in `<body>`, outside formatting elements with inline content and
   * selects), with what startTag would do for it: its style item, located at the attribute; a
   * formatting element now has inline content. Returns where it ends, or 0 when the tag is not one.
   */
  private styledBodyTag(lt: number): number {
    STYLED_BODY_TAG.lastIndex = lt
    const m = STYLED_BODY_TAG.exec(this.html)
    if (!m) return 0
    const end = STYLED_BODY_TAG.lastIndex
    const name = lowerAscii(m[1]!)
    const start = lt + 1 + m[1]!.length + m[2]!.length
    this.tagStart = lt
    this.tagEnd = end
    this.decoded = undefined
    this.selfClosing = false
    this.governedSeen = true
    this.locate(start)
    this.inline.push({ offset: start, item: attributeItem('style-attribute', m[3]!, this.line, start - this.lineStart + 1, name, 'style') })
    if (FORMATTING.has(name)) this.strict = [name]
    this.lastTokenEnd = end
    return end
  }

  private startTag(lt: number): number {
    const html = this.html
    let i = lt + 1
    i = indexOfClass(TAG_NAME_END, html, i)
    const name = lowerAscii(html.slice(lt + 1, i))
    const end = this.readAttributes(i, true)
    this.tagStart = lt
    this.tagEnd = end
    this.decoded = undefined

    this.beforeHeadChild(lt)
    const headChild = this.phase === Phase.InHead && this.templateDepth === 0
    this.treeConstruction(name)
    if (name !== 'html' && name !== 'head' && name !== 'meta' && name !== 'title') this.governedSeen = true

    // A MathML root's attributes: its namespace has no javascript: URL attributes (scan.ts).
    const found = this.collectAttributes(name, name === 'math' ? NONE : undefined)
    // A template's content is inert: it loads nothing until a script clones it (scan.ts).
    if (this.templateDepth === 0 && LOADING_ELEMENTS.has(name)) this.collectLoads(name)
    if (name === 'meta') this.meta(headChild)
    else if (headChild && !this.charsetMeta && !HARMLESS_BEFORE_META.has(name)) this.onlyHarmlessBeforeCharset = false
    // A formatting element with inline content: the parser must never clone it (STRICT_CHILDREN).
    // Inside another such element, treeConstruction has already pushed it.
    if (found && FORMATTING.has(name) && !this.strict) this.strict = [name]

    this.lastTokenEnd = end
    if (name === 'svg' || name === 'math') return this.selfClosing ? end : this.foreignContent(end, name)
    if (name === 'select' && !this.selfClosing) this.inSelect = true
    const text = TEXT_ELEMENTS.get(name)
    if (text === undefined) return end
    return this.textElement(name, text, end)
  }

  /**
   * The content of an `<svg>` or `<math>` up to the end tag that closes it, for what icons and
   * formulas hold: foreign elements (their `style` and `on*` attributes, and an SVG `<a>`'s
   * javascript: URLs, are inline content as in HTML), text, comments, and SVG `<style>`/`<script>`
   * whose content is plain text (foreignText). The tokenizer reads tags and comments there as in
   * HTML; what differs (CDATA sections, integration points, breakout tags, end tags the open foreign
   * elements do not match, markup inside an SVG style or script) makes the scan give up.
   */
  private foreignContent(pos: number, root: 'svg' | 'math'): number {
    const html = this.html
    const svg = root === 'svg'
    const open: string[] = [root]
    while (open.length > 0) {
      const lt = html.indexOf('<', pos)
      if (lt < 0) unmodelled(`unclosed <${root}>`) // unclosed until EOF
      const c = html.charCodeAt(lt + 1)
      if (isAsciiAlpha(c)) {
        let i = lt + 1
        i = indexOfClass(TAG_NAME_END, html, i)
        const name = lowerAscii(html.slice(lt + 1, i))
        pos = this.readAttributes(i, true)
        if (FOREIGN_UNMODELLED.has(name) || INTEGRATION_POINTS.has(open[open.length - 1]!)) unmodelled(`<${name}> in <${root}>`)
        this.tagStart = lt
        this.tagEnd = pos
        this.decoded = undefined
        // Items name the element as the tree does: SVG's camel-case names; only SVG (and HTML) has javascript: URL attributes.
        this.collectAttributes(svg ? (SVG_TAG_NAMES.get(name) ?? name) : name, svg ? undefined : NONE)
        this.lastTokenEnd = pos
        if (name === 'script' || name === 'style') {
          if (!svg) unmodelled(`<${name}> in <math>`) // MathML's, content parsed as markup
          pos = this.foreignText(name, pos)
        } else if (!this.selfClosing) open.push(name)
      } else if (c === 0x2f /* / */) {
        const c2 = html.charCodeAt(lt + 2)
        if (isAsciiAlpha(c2)) {
          let i = lt + 2
          i = indexOfClass(TAG_NAME_END, html, i)
          const at = open.lastIndexOf(lowerAscii(html.slice(lt + 2, i)))
          if (at < 0) unmodelled(`end tag in <${root}> that matches no open element`) // handled by HTML's rules, which may close the root
          open.length = at
          pos = this.readAttributes(i, false)
        } else if (c2 === 0x3e || c2 !== c2) unmodelled(`</> or EOF in <${root}>`)
        else pos = this.comment(lt, html.indexOf('>', lt + 2), 1)
      } else if (c === 0x21 /* ! */) {
        if (html.startsWith('[CDATA[', lt + 2)) unmodelled(`CDATA in <${root}>`)
        pos = this.markupDeclaration(lt)
      } else if (c === 0x3f /* ? */) {
        pos = this.comment(lt, html.indexOf('>', lt + 2), 1)
      } else {
        pos = lt + 1 // a `<` that starts nothing is text
      }
    }
    this.lastTokenEnd = pos
    return pos
  }

  /**
   * An SVG `<script>` or `<style>` whose start tag was just read (its attributes are still in the
   * buffers), to `pos`: its content is tokenized as markup, so it is followed only when it is plain
   * text up to its own end tag (no `<` and no `&` before it), or when the tag closed itself. Its item
   * as scan.ts's collectElement makes it for SVG: a style always, a script unless it has a source or
   * no text (`nomodule` counts only in HTML). Returns where its end tag ends.
   */
  private foreignText(name: 'script' | 'style', pos: number): number {
    const html = this.html
    let contentEnd = pos
    let end = pos
    if (!this.selfClosing) {
      contentEnd = html.indexOf('<', pos)
      if (contentEnd < 0 || html.charCodeAt(contentEnd + 1) !== 0x2f || !startsWithIgnoringCase(html, name, contentEnd + 2)) unmodelled(`markup in an SVG <${name}>`)
      const after = html.charCodeAt(contentEnd + 2 + name.length)
      if (!(isSpace(after) || after === 0x2f || after === 0x3e)) unmodelled(`markup in an SVG <${name}>`)
      const amp = html.indexOf('&', pos)
      if (amp >= 0 && amp < contentEnd) unmodelled(`character reference in an SVG <${name}>`)
    }
    if (name === 'style') {
      this.locate(this.tagStart)
      this.inline.push({ offset: this.tagStart, item: styleItem(this.textOf(pos, contentEnd), this.line, this.tagStart - this.lineStart + 1) })
    } else if (this.indexOfAttribute('src') < 0 && this.indexOfAttribute('href') < 0 && this.indexOfAttribute('xlink:href') < 0) {
      const scriptType = scriptTypeFrom(this.attribute('type'), this.attribute('language'))
      if (scriptType && contentEnd > pos) {
        this.locate(this.tagStart)
        this.inline.push({ offset: this.tagStart, item: scriptItem(scriptType, this.textOf(pos, contentEnd), this.line, this.tagStart - this.lineStart + 1) })
      }
    }
    if (!this.selfClosing) end = this.readAttributes(contentEnd + 2 + name.length, false)
    this.lastTokenEnd = end
    return end
  }

  /** The parser's side: which start tags this scan can follow, and the little state it needs. */
  private treeConstruction(name: string): void {
    switch (this.phase) {
      case Phase.Initial:
      case Phase.BeforeHead:
        if (name === 'html' && this.phase === Phase.Initial) this.phase = Phase.BeforeHead
        else if (name === 'head') {
          this.phase = Phase.InHead
          this.headStartEnd = this.tagEnd
        } else unmodelled(`<${name}> before <head>`)
        return
      case Phase.InHead:
        if (this.templateDepth === 0) {
          if (name === 'body') {
            this.phase = Phase.InBody
            return
          }
          if (!HEAD_ELEMENTS.has(name)) unmodelled(`<${name}> in <head>`)
          if (name === 'template') this.templateDepth++
          return
        }
        break
      case Phase.AfterHead:
        if (name !== 'body') unmodelled(`<${name}> after </head>`)
        this.phase = Phase.InBody
        return
      case Phase.InBody:
        break
    }
    // In <body>, or inside a <template> anywhere.
    if (UNMODELLED_START_TAGS.has(name)) unmodelled(`<${name}>`)
    if (this.inSelect && !SELECT_CHILDREN.has(name)) unmodelled(`<${name}> in a select`)
    if (this.strict) {
      if (!STRICT_CHILDREN.has(name)) unmodelled(`<${name}> in a formatting element with inline content`)
      if (!VOID_ELEMENTS.has(name) && !TEXT_ELEMENTS.has(name)) this.strict.push(name)
    }
    if (name === 'template') {
      this.templateDepth++
      return
    }
    // Directly in a table (foster parenting) an <svg> or <math> is not worth following.
    if ((name === 'svg' || name === 'math') && this.tables.length > 0 && !this.tables[this.tables.length - 1] && this.templateDepth === 0)
      unmodelled(`<${name}> directly in a table`)
    if (name === 'table' || TABLE_PARTS.has(name)) {
      if (this.templateDepth > 0) unmodelled(`<${name}> in a template`)
      const tables = this.tables
      const open = tables.length
      if (name === 'table') {
        if (open > 0 && !tables[open - 1]) unmodelled('a table directly in a table') // a table directly in a table closes it
        tables.push(false)
      } else {
        if (open === 0) unmodelled(`<${name}> outside a table`) // outside a table the parser ignores these tags
        tables[open - 1] = name === 'td' || name === 'th' || name === 'caption'
      }
      return
    }
    if (name === 'form' && this.templateDepth === 0) {
      if (this.formOpen) unmodelled('a form in a form') // a form in a form is ignored, attributes and all
      this.formOpen = true
    }
  }

  private endTag(lt: number): number {
    const html = this.html
    let i = lt + 2
    i = indexOfClass(TAG_NAME_END, html, i)
    const name = lowerAscii(html.slice(lt + 2, i))
    const end = this.readAttributes(i, false)
    this.beforeHeadChild(lt)
    this.lastTokenEnd = end
    this.endTagTree(name)
    return end
  }

  private endTagTree(name: string): void {
    switch (this.phase) {
      case Phase.AfterHead:
        // The parser implies <body> and reprocesses the end tag there, where none of these changes what the scan tracks.
        if (name === 'html' || name === 'body' || name === 'br') {
          this.phase = Phase.InBody
          return
        }
        unmodelled(`</${name}> before <body>`)
      case Phase.Initial:
      case Phase.BeforeHead:
        unmodelled(`</${name}> before <body>`)
      case Phase.InHead:
        if (this.templateDepth === 0) {
          if (name !== 'head') unmodelled(`</${name}> in <head>`)
          this.phase = Phase.AfterHead
          return
        }
        break
      case Phase.InBody:
        break
    }
    if (this.inSelect) {
      if (name === 'select') this.inSelect = false
      else if (name !== 'option' && name !== 'optgroup') unmodelled(`</${name}> in a select`)
      return
    }
    const strict = this.strict
    if (strict) {
      if (strict[strict.length - 1] !== name) unmodelled(`</${name}> misnested in a formatting element with inline content`)
      strict.pop()
      if (strict.length === 0) this.strict = undefined
    }
    if (name === 'template') {
      if (this.templateDepth > 0) this.templateDepth--
      return
    }
    if (name === 'table' || TABLE_PARTS.has(name)) {
      if (this.templateDepth > 0) unmodelled(`</${name}> in a template`)
      const open = this.tables.length
      if (open === 0) return // ignored by the parser
      if (name === 'table') this.tables.pop()
      else if (name !== 'col' && name !== 'colgroup') this.tables[open - 1] = false
      return
    }
    if (name === 'form' && this.templateDepth === 0) this.formOpen = false
  }

  /**
   * Reads a tag's attributes from `i` (just after its name) to its `>`, by the tokenizer's
   * attribute states; returns the index after `>`. First of duplicate names wins.
   */
  private readAttributes(i: number, record: boolean): number {
    const html = this.html
    const length = html.length
    this.attrCount = 0
    this.selfClosing = false
    for (;;) {
      // Before attribute name.
      let c = html.charCodeAt(i)
      while (isSpace(c)) c = html.charCodeAt(++i)
      if (c === 0x3e /* > */) return i + 1
      if (c === 0x2f /* / */) {
        // Self-closing start tag state: `/>` ends the tag, anything else is read again as an attribute start.
        c = html.charCodeAt(i + 1)
        if (c === 0x3e) {
          this.selfClosing = true
          return i + 2
        }
        if (c !== c) unmodelled('EOF in a tag')
        i++
        continue
      }
      if (c !== c) unmodelled('EOF in a tag') // EOF in tag: the tag is dropped
      // Attribute name (a leading `=` is part of it).
      const nameStart = i
      i = indexOfClass(ATTRIBUTE_NAME_END, html, i + 1)
      c = html.charCodeAt(i) // NaN at EOF
      const nameEnd = i
      const k = record ? this.addAttribute(nameStart, nameEnd) : -1
      // After attribute name.
      while (isSpace(c)) c = html.charCodeAt(++i)
      if (c !== 0x3d) continue // `/`, `>`, EOF or the next attribute: read again above
      // Before attribute value.
      c = html.charCodeAt(++i)
      while (isSpace(c)) c = html.charCodeAt(++i)
      if (c === 0x3e) return i + 1 // missing value: the attribute ends after its name
      if (c === 0x22 /* " */ || c === 0x27 /* ' */) {
        const close = html.indexOf(c === 0x22 ? '"' : "'", i + 1)
        if (close < 0 || close + 1 >= length) unmodelled('EOF in an attribute value')
        if (k >= 0) {
          this.valueStarts[k] = i + 1
          this.valueEnds[k] = close
          this.attrEnds[k] = close + 1
        }
        i = close + 1
        // After attribute value (quoted): anything but whitespace, `/` and `>` starts the next attribute.
        continue
      }
      if (c !== c) unmodelled('EOF in a tag')
      const valueStart = i
      i = indexOfClass(UNQUOTED_VALUE_END, html, i)
      if (i >= length) unmodelled('EOF in an attribute value') // EOF in the value
      if (k >= 0) {
        this.valueStarts[k] = valueStart
        this.valueEnds[k] = i
        this.attrEnds[k] = i
      }
    }
  }

  /** Records an attribute name unless the tag already has it; returns its index or -1. */
  private addAttribute(start: number, end: number): number {
    const name = lowerAscii(this.html.slice(start, end))
    const names = this.attrNames
    for (let j = 0; j < this.attrCount; j++) if (names[j] === name) return -1
    const k = this.attrCount++
    names[k] = name
    this.attrStarts[k] = start
    this.attrEnds[k] = end
    this.valueStarts[k] = end
    this.valueEnds[k] = end
    return k
  }

  private indexOfAttribute(name: string): number {
    for (let j = 0; j < this.attrCount; j++) if (this.attrNames[j] === name) return j
    return -1
  }

  /** An attribute's value as the tokenizer hands it to the tree: CR normalised, references decoded. */
  private value(k: number): string {
    const raw = this.html.slice(this.valueStarts[k], this.valueEnds[k])
    if (raw.indexOf('&') >= 0) {
      // React and most generators write only these references: decoded here, parse5 stays unloaded.
      const simple = decodeSimpleReferences(raw)
      if (simple !== undefined) return this.hasCR ? normalizeNewlines(simple) : simple
      this.decoded ??= decodeStartTag(this.html.slice(this.tagStart, this.tagEnd))
      const value = this.decoded.get(this.attrNames[k]!)
      if (value === undefined) unmodelled('character reference in a duplicate attribute')
      return value
    }
    return this.hasCR ? normalizeNewlines(raw) : raw
  }

  private attribute(name: string): string | undefined {
    const k = this.indexOfAttribute(name)
    return k < 0 ? undefined : this.value(k)
  }

  /** scan.ts collectAttributes; returns whether the tag carries inline content. */
  private collectAttributes(tag: string, jsUrlAttributes: readonly string[] = JAVASCRIPT_URL_ATTRIBUTES[tag] ?? NONE): boolean {
    let found = false
    for (let k = 0; k < this.attrCount; k++) {
      const name = this.attrNames[k]!
      // Cheap pre-check before reading the value: only these names can be inline content.
      if (name !== 'style' && !(name.charCodeAt(0) === 0x6f && name.charCodeAt(1) === 0x6e) && !jsUrlAttributes.includes(name)) continue
      const value = this.value(k)
      const kind = attributeKind(name, value, jsUrlAttributes)
      if (!kind) continue
      const start = this.attrStarts[k]!
      this.locate(start)
      this.inline.push({ offset: start, item: attributeItem(kind, value, this.line, start - this.lineStart + 1, tag, name) })
      found = true
    }
    return found
  }

  /** scan.ts collectLoads: the element's loads, located at their attributes. */
  private collectLoads(tag: string): void {
    // Most such tags in built pages (inline scripts, buttons) have no URL attribute: nothing to read.
    let any = false
    for (let k = 0; k < this.attrCount && !any; k++) any = LOAD_ATTRIBUTES.has(this.attrNames[k]!)
    if (!any) return
    const read = (name: string) => this.attribute(name)
    const found = loadsOfElement(tag, read)
    const srcdoc = srcdocOf(tag, read)
    if (srcdoc !== undefined) {
      const start = this.attrStarts[this.indexOfAttribute('srcdoc')]!
      this.locate(start)
      this.srcdocs.push({ html: srcdoc, line: this.line, column: start - this.lineStart + 1 })
    }
    for (const load of found) {
      const start = this.attrStarts[this.indexOfAttribute(load.attribute)]!
      this.locate(start)
      this.loads.push(locatedLoad(load, tag, this.line, start - this.lineStart + 1))
    }
  }

  /** scan.ts isCspMeta / metaTag, and the charset meta for the insertion point. */
  private meta(headChild: boolean): void {
    const equiv = this.attribute('http-equiv')?.trim().toLowerCase()
    const csp = equiv === 'content-security-policy' || equiv === 'content-security-policy-report-only'
    if (csp) {
      const content = this.indexOfAttribute('content')
      this.locate(this.tagStart)
      this.metas.push({
        policy: content < 0 ? '' : this.value(content),
        reportOnly: equiv.endsWith('report-only'),
        inHead: headChild,
        coversPage: headChild && !this.governedSeen,
        start: this.tagStart,
        end: this.tagEnd,
        ...(content >= 0 ? { contentAttribute: { start: this.attrStarts[content]!, end: this.attrEnds[content]! } } : {}),
        line: this.line,
      })
    }
    if (!headChild || this.charsetMeta) return
    if (this.indexOfAttribute('charset') >= 0 || equiv === 'content-type') {
      this.charsetOk = this.onlyHarmlessBeforeCharset
      this.charsetMeta = { end: this.tagEnd, gap: this.html.slice(this.lastTokenEnd, this.tagStart) }
    } else if (csp) this.onlyHarmlessBeforeCharset = false
  }

  /** Skips a raw text, RCDATA or script element's content and its end tag; hashes scripts and styles. */
  private textElement(name: string, kind: Text, contentStart: number): number {
    const html = this.html
    let close = findEndTag(html, name, contentStart)
    if (close < 0) unmodelled(`unclosed <${name}>`) // unclosed until EOF
    if (kind === Text.Script) {
      // Searched once per page and again only when passed, not to the page's end for every script.
      if (this.nextCommentOpen >= 0 && this.nextCommentOpen < contentStart) this.nextCommentOpen = html.indexOf('<!--', contentStart)
      // `<!--` before the first `</script`: the escaped states decide which `</script` ends it.
      if (this.nextCommentOpen >= 0 && this.nextCommentOpen < close) {
        close = scriptDataEnd(html, contentStart)
        if (close < 0) unmodelled('unclosed <script>')
      }
    }
    if (name === 'script') this.script(contentStart, close)
    else if (name === 'style') {
      this.locate(this.tagStart)
      this.inline.push({ offset: this.tagStart, item: styleItem(this.textOf(contentStart, close), this.line, this.tagStart - this.lineStart + 1) })
    }
    // The end tag closes the element in the parser's text mode, whatever the insertion mode.
    const end = this.readAttributes(close + 2 + name.length, false)
    this.lastTokenEnd = end
    return end
  }

  /** scan.ts collectElement for `<script>`. */
  private script(contentStart: number, close: number): void {
    if (this.indexOfAttribute('src') >= 0 || this.indexOfAttribute('href') >= 0 || this.indexOfAttribute('xlink:href') >= 0) return
    const scriptType = scriptTypeFrom(this.attribute('type'), this.attribute('language'))
    if (!scriptType) return
    if (scriptType === 'classic' && this.indexOfAttribute('nomodule') >= 0) return
    if (close === contentStart) return
    this.locate(this.tagStart)
    this.inline.push({
      offset: this.tagStart,
      item: scriptItem(scriptType, this.textOf(contentStart, close), this.line, this.tagStart - this.lineStart + 1),
    })
  }

  private textOf(start: number, end: number): string {
    const text = this.html.slice(start, end)
    return this.hasCR ? normalizeNewlines(text) : text
  }

  /**
   * Moves the line counter to `offset`; a CR, an LF and a CRLF are each one line break. The next LF
   * and CR after the counter are kept, so a minified page's long line is searched once, not once an item.
   */
  private locate(offset: number): void {
    if (offset < this.lineAt) {
      this.lineAt = 0
      this.line = 1
      this.lineStart = 0
      this.nextLf = this.indexFrom('\n', 0)
      this.nextCr = this.hasCR ? this.indexFrom('\r', 0) : Infinity
    }
    const html = this.html
    for (let i = Math.min(this.nextLf, this.nextCr); i < offset; i = Math.min(this.nextLf, this.nextCr)) {
      if (i === this.nextCr) {
        this.line++
        this.nextCr = this.indexFrom('\r', i + 1)
      } else {
        // An LF right after a CR ends the same line break (CRLF).
        if (i === 0 || html.charCodeAt(i - 1) !== 0x0d) this.line++
        this.nextLf = this.indexFrom('\n', i + 1)
      }
      this.lineStart = i + 1
    }
    this.lineAt = offset
  }

  /** The first `char` at or after `from` (Infinity: none). */
  private indexFrom(char: string, from: number): number {
    const at = this.html.indexOf(char, from)
    return at < 0 ? Infinity : at
  }

  /** scan.ts findInsertion, for a page with a `<head>` start tag. */
  private insertion(): MetaInsertion {
    const selfClosing = /<meta\b[^>]*\/>/i.test(this.html.slice(0, 4096))
    if (this.charsetMeta && this.charsetOk)
      return { offset: this.charsetMeta.end, prefix: indentation(normalizeNewlines(this.charsetMeta.gap)), selfClosing }
    return { offset: this.headStartEnd, prefix: indentation(normalizeNewlines(this.headFirstGap ?? '')), selfClosing }
  }
}

/** Index of the `</name` that ends a raw text, RCDATA or script element (followed by space, `/` or `>`), or -1. */
function findEndTag(html: string, name: string, from: number): number {
  const n = name.length
  for (let i = html.indexOf('</', from); i >= 0; i = html.indexOf('</', i + 2)) {
    let k = 0
    while (k < n && (html.charCodeAt(i + 2 + k) | 0x20) === name.charCodeAt(k)) k++
    if (k < n) continue
    const c = html.charCodeAt(i + 2 + n)
    if (isSpace(c) || c === 0x2f || c === 0x3e) return i
  }
  return -1
}

/**
 * Where a script's content ends (the index of its `</script`), by the tokenizer's script data states
 * from `from`: after `<!--` a `<script` starts the double-escaped states, in which `</script` does
 * not end the script until `-->` or a `</script` has left them. -1 when the page ends first.
 */
export function scriptDataEnd(html: string, from: number): number {
  const length = html.length
  /** 0 script data, 1 escaped, 2 double-escaped. */
  let state = 0
  let dashes = 0 // consecutive `-` just read in an escaped state (1 or 2+)
  let i = from
  while (i < length) {
    const c = html.charCodeAt(i)
    if (c === 0x3c /* < */) {
      if (state === 0) {
        if (html.startsWith('<!--', i)) {
          // Script data escape start: `<!--` goes to escaped dash dash, where `>` would return at once.
          state = 1
          dashes = 2
          i += 4
          continue
        }
        if (isScriptTag(html, i + 2) && html.charCodeAt(i + 1) === 0x2f) return i
      } else if (html.charCodeAt(i + 1) === 0x2f /* / */) {
        if (isScriptTag(html, i + 2)) {
          if (state === 1) return i
          state = 1 // double escape end: back to escaped
          i += 8
          dashes = 0
          continue
        }
      } else if (state === 1 && isScriptTag(html, i + 1)) {
        state = 2 // double escape start
        i += 7
        dashes = 0
        continue
      }
      dashes = 0
      i++
      continue
    }
    if (state !== 0) {
      if (c === 0x2d /* - */) dashes++
      else {
        if (c === 0x3e /* > */ && dashes >= 2) state = 0
        dashes = 0
      }
    }
    i++
  }
  return -1
}

/** `script` (any case) at `at`, followed by whitespace, `/` or `>`: the name the escaped states look for. */
function isScriptTag(html: string, at: number): boolean {
  if (!startsWithIgnoringCase(html, 'script', at)) return false
  const c = html.charCodeAt(at + 6)
  return isSpace(c) || c === 0x2f || c === 0x3e
}

/** parse5's own tokenizer over one start tag: attribute values with character references decoded exactly. */
function decodeStartTag(source: string): Map<string, string> {
  const values = new Map<string, string>()
  tokenizeStartTags(source, (token) => {
    for (const attr of token.attrs) values.set(attr.name, attr.value)
  })
  return values
}

/**
 * `&amp;` `&quot;` `&lt;` `&gt;` `&apos;`, numeric references with their `;` to printable characters,
 * and a `&` no reference follows, as the tokenizer decodes them in an attribute value; undefined for
 * any other `&` (named references, a missing `;`, the code points the tokenizer replaces), which
 * parse5's tokenizer decodes. Decoding makes no CR or LF, so newlines normalise the same after.
 */
function decodeSimpleReferences(raw: string): string | undefined {
  let simple = true
  const decoded = raw.replace(SIMPLE_REFERENCE, (_m, name?: string, decimal?: string, hex?: string, lone?: string) => {
    if (name !== undefined) return NAMED_REFERENCES[name]!
    if (lone !== undefined) return '&'
    const code = decimal !== undefined ? parseInt(decimal, 10) : hex !== undefined ? parseInt(hex, 16) : -1
    // Controls, C1 (remapped to windows-1252), surrogates and what lies past them: the tokenizer's special cases.
    if ((code >= 0x20 && code <= 0x7e) || (code >= 0xa0 && code <= 0xd7ff)) return String.fromCharCode(code)
    simple = false
    return ''
  })
  return simple ? decoded : undefined
}
const SIMPLE_REFERENCE = /&(?:(amp|quot|lt|gt|apos);|#([0-9]{1,7});|#[xX]([0-9a-fA-F]{1,6});|(?![A-Za-z0-9#])())?/g
const NAMED_REFERENCES: Readonly<Record<string, string>> = { amp: '&', quot: '"', lt: '<', gt: '>', apos: "'" }

function normalizeNewlines(text: string): string {
  return text.indexOf('\r') < 0 ? text : text.replace(/\r\n?/g, '\n')
}

/** Tag and attribute names: only ASCII upper case is lowered (String#toLowerCase would touch more). */
function lowerAscii(name: string): string {
  return ASCII_UPPER.test(name) ? name.replace(ASCII_UPPER_RUNS, (m) => m.toLowerCase()) : name
}
const ASCII_UPPER = /[A-Z]/
const ASCII_UPPER_RUNS = /[A-Z]+/g

// Where a name or an unquoted value ends (tokenizer states), found by one native search rather
// than a loop over characters: most of what a page's tags cost before the JIT has warmed up.
const TAG_NAME_END = /[\t\n\f\r />]/g
const ATTRIBUTE_NAME_END = /[\t\n\f\r />=]/g
const UNQUOTED_VALUE_END = /[\t\n\f\r >]/g

/** Where a run that `re` (sticky, able to match nothing) matches from `pos` ends. */
function skipRun(re: RegExp, html: string, pos: number): number {
  re.lastIndex = pos
  re.test(html)
  return re.lastIndex
}

/** Index of the first character at or after `from` in `re`'s class (a global regex), or the page's length. */
function indexOfClass(re: RegExp, html: string, from: number): number {
  re.lastIndex = from
  return re.test(html) ? re.lastIndex - 1 : html.length
}

function isAsciiAlpha(c: number): boolean {
  return (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a)
}

/** Tokenizer whitespace; CR counts because the input stream turns it into LF first. */
function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x09 || c === 0x0d || c === 0x0c
}

function startsWithIgnoringCase(html: string, lower: string, at: number): boolean {
  for (let k = 0; k < lower.length; k++) if ((html.charCodeAt(at + k) | 0x20) !== lower.charCodeAt(k)) return false
  return true
}

/** Index of `search` in `html` starting in [from, before), or -1: indexOf that stops at `before`. */
function indexBefore(html: string, search: string, from: number, before: number): number {
  if (before <= from) return -1
  const at = html.substring(from, before + search.length - 1).indexOf(search)
  return at < 0 ? -1 : from + at
}
