/**
 * Just enough of a JavaScript lexer to tell code from text: which characters of a script are inside
 * a string, template text, comment or regular expression literal, and the string and template
 * literals with their text. Minified bundles are the input; ambiguity (`/` after `}` or `)`) is
 * settled the way minifiers' output reads. No parse tree: one pass over the characters.
 */

export interface Literal {
  readonly start: number
  /** Index after the closing quote or backtick (-1 while unknown: an unterminated literal). */
  end: number
  /** The text up to the end, or for a template up to its first `${`, with simple escapes decoded. */
  readonly text: string
  /** A template with `${…}` substitutions. */
  readonly substitutions: boolean
}

export interface LexedScript {
  /** 1 for each character inside a string, template text, comment or regular expression. */
  readonly text: Uint8Array
  /** String and template literals by the index of their opening quote or backtick. */
  readonly literals: { get(start: number): Literal | undefined }
}

/** Words after which `/` starts a regular expression, not a division. */
const REGEX_AFTER = new Set(['return', 'typeof', 'case', 'do', 'else', 'in', 'of', 'new', 'delete', 'void', 'throw', 'instanceof', 'yield', 'await'])
const REGEX_AFTER_SHORTEST = Math.min(...[...REGEX_AFTER].map((w) => w.length))
const REGEX_AFTER_LONGEST = Math.max(...[...REGEX_AFTER].map((w) => w.length))

/** Whether the word code[start, end) is one after which `/` starts a regular expression (no string made for most words). */
export function isRegexAfterWord(code: string, start: number, end: number): boolean {
  const length = end - start
  return length >= REGEX_AFTER_SHORTEST && length <= REGEX_AFTER_LONGEST && REGEX_AFTER.has(code.slice(start, end))
}

/*
 * The scan moves by regular expressions, not character by character: V8 compiles a regular
 * expression to machine code at once, while a loop over characters runs interpreted until it is
 * hot, which a one-shot build's few bundles never make it (a 1.2 MB bundle: ~160 ms cold by
 * character, ~25 ms by these).
 */
/** A run of code between the characters that change the lexer's state. */
const CODE_RUN = /[^"'`/{}]+/y
/**
 * The same outside every template's `${…}`, where a brace only decides whether a value comes before
 * (`}` ends one, `{` does not): minified code has a brace every few dozen characters, and each was a
 * turn of the loop.
 */
const TOP_LEVEL_RUN = /[^"'`/]+/y
/** A string's text after its opening quote, to its closing quote or a line break. */
const DOUBLE_QUOTED = /(?:[^"\\\n]+|\\[\s\S]?)*/y
const SINGLE_QUOTED = /(?:[^'\\\n]+|\\[\s\S]?)*/y
/** Template text, to its closing backtick or its next `${`. */
const TEMPLATE_TEXT = /(?:[^`\\$]+|\\[\s\S]?|\$(?!\{))*/y
/** A regular expression literal's body after its `/`: to the `/` outside a class, a line break or the end. */
const REGEX_BODY = /(?:[^\\/[\n]+|\\[\s\S]?|\[(?:[^\]\\\n]+|\\[\s\S]?)*\]?)*/y
/** A regular expression literal's flags. */
const REGEX_FLAGS = /[\w$\u0080-\uffff]*/y

/** Where the sticky `pattern` stops matching from `from` (it matches the empty string too). */
function runEnd(pattern: RegExp, code: string, from: number): number {
  pattern.lastIndex = from
  pattern.test(code)
  return pattern.lastIndex
}

const NO_TEXT = new Uint8Array(0)

/** The whole script lexed at once (the analysis itself lexes only as far as it looks: {@link ScriptLexer}). */
export function lexScript(code: string): LexedScript {
  const lexer = new ScriptLexer(code)
  lexer.lexThrough(code.length)
  return { text: lexer.text, literals: lexer.literals }
}

/**
 * A script lexed on demand, as far as a question needs: what a character is depends only on what
 * comes before it, so the characters before where the lexer stands are final. A bundle's analysis
 * asks about a few calls, often in its first half; the rest is never lexed.
 */
export class ScriptLexer {
  /**
   * 1 for each character inside a string, template text, comment or regular expression (final below
   * {@link lexed}); made on the first lexing, so a script the analysis rules out costs no copy of its size.
   */
  text: Uint8Array = NO_TEXT
  /** The literals found so far, in source order. */
  readonly literals: LiteralsAt
  /** Where lexing stands: every character before it is final. */
  lexed = 0
  /** Brace depth inside each open `${…}`, innermost last. */
  private readonly templates: number[] = []
  private depth = 0
  private valueBefore = false

  constructor(private readonly code: string) {
    // Literals in source order, as numbers: a bundle has thousands and analysis looks at a few, so
    // each Literal (its text sliced and unescaped) is made only when asked for (LiteralsAt).
    this.literals = new LiteralsAt(code)
  }

  /** Whether the character at `i` is inside a string, template text, comment or regular expression. */
  isText(i: number): boolean {
    if (i >= this.lexed) this.lexThrough(i)
    return this.text[i] === 1
  }

  /** The string or template literal whose opening quote or backtick is at `start`. */
  literalAt(start: number): Literal | undefined {
    if (start >= this.lexed) this.lexThrough(start)
    return this.literals.get(start)
  }

  /** Lexes until the character at `limit` is final (a literal's end is known when it is added). */
  lexThrough(limit: number): void {
    const code = this.code
    if (this.text.length !== code.length) this.text = new Uint8Array(code.length)
    const text = this.text
    const literals = this.literals
    const templates = this.templates
    const n = code.length
    let depth = this.depth
    let valueBefore = this.valueBefore
    let i = this.lexed

    /** Template text from `from` (after a backtick or a `}` closing a substitution) to its end or next `${`; `literal`, its index in `literals` (-1: none). */
    const templateText = (from: number, literal: number): void => {
      const j = runEnd(TEMPLATE_TEXT, code, from)
      if (j >= n) {
        text.fill(1, from, n)
        i = n
        return
      }
      if (code.charCodeAt(j) === 0x60 /* ` */) {
        text.fill(1, from, j + 1)
        if (literal >= 0) literals.ends[literal] = j + 1
        i = j + 1
        valueBefore = true
        return
      }
      // `${`
      text.fill(1, from, j + 2)
      templates.push(depth)
      depth = 0
      i = j + 2
      valueBefore = false
    }

    while (i < n && i <= limit) {
      const c = code.charCodeAt(i)
      if (c === 0x22 /* " */ || c === 0x27 /* ' */) {
        const start = i
        const j = runEnd(c === 0x22 ? DOUBLE_QUOTED : SINGLE_QUOTED, code, i + 1)
        text.fill(1, start, Math.min(j + 1, n))
        literals.add(start, j < n && code.charCodeAt(j) === c ? j + 1 : -1, Math.min(j, n), false)
        i = j + 1
        valueBefore = true
        continue
      }
      if (c === 0x60 /* ` */) {
        text[i] = 1
        // The text up to the first `${` (or the end): what a URL's origin part is read from.
        const j = runEnd(TEMPLATE_TEXT, code, i + 1)
        templateText(i + 1, literals.add(i, -1, j, j < n && code.charCodeAt(j) === 0x24))
        continue
      }
      if (c === 0x2f /* / */) {
        const next = code.charCodeAt(i + 1)
        if (next === 0x2f) {
          let j = code.indexOf('\n', i)
          if (j < 0) j = n
          text.fill(1, i, j)
          i = j
          continue
        }
        if (next === 0x2a /* * */) {
          let j = code.indexOf('*/', i + 2)
          j = j < 0 ? n : j + 2
          text.fill(1, i, j)
          i = j
          continue
        }
        if (!valueBefore) {
          // A regular expression literal: to the `/` outside a class, then its flags.
          const j = runEnd(REGEX_BODY, code, i + 1)
          if (j < n && code.charCodeAt(j) === 0x2f) {
            const end = runEnd(REGEX_FLAGS, code, j + 1)
            text.fill(1, i, end)
            i = end
            valueBefore = true
            continue
          }
        }
        i++
        valueBefore = false
        continue
      }
      if (c === 0x7b /* { */ && templates.length > 0) {
        depth++
        valueBefore = false
        i++
        continue
      }
      if (c === 0x7d /* } */ && templates.length > 0) {
        if (depth === 0) {
          depth = templates.pop()!
          text[i] = 1
          templateText(i + 1, -1)
          continue
        }
        depth--
        valueBefore = true
        i++
        continue
      }
      // Code: identifiers, numbers, punctuators and white space. Only the end of the run matters:
      // whether what it ends with is a value (a `/` after it is a division) or not (a regular expression).
      const end = runEnd(templates.length > 0 ? CODE_RUN : TOP_LEVEL_RUN, code, i)
      valueBefore = valueAtEndOfRun(code, i, end, valueBefore)
      i = end
    }
    this.depth = depth
    this.valueBefore = valueBefore
    this.lexed = Math.min(i, n)
  }
}

/**
 * Whether the code in [from, end) (no quote, backtick or slash in it) leaves a value before what
 * follows, read as the character loop would: white space changes nothing; an identifier is a value
 * unless it is a keyword after which `/` starts a regular expression; a number (a digit, then
 * identifier characters and dots) is; of punctuators only `)`, `]` and `}` are.
 */
function valueAtEndOfRun(code: string, from: number, end: number, before: boolean): boolean {
  let k = end - 1
  while (k >= from && isWhiteSpace(code.charCodeAt(k))) k--
  if (k < from) return before
  const last = code.charCodeAt(k)
  if (!isIdentifierPart(last) && last !== 0x2e /* . */) return last === 0x29 /* ) */ || last === 0x5d /* ] */ || last === 0x7d /* } */
  // The tokens of the run of identifier characters and dots this ends: read forward from its start,
  // which is a token's start (what comes before it is none of these characters).
  let s = k
  while (s > from && (isIdentifierPart(code.charCodeAt(s - 1)) || code.charCodeAt(s - 1) === 0x2e)) s--
  let value = before
  let p = s
  while (p <= k) {
    const c = code.charCodeAt(p)
    if (isIdentifierStart(c)) {
      const start = p
      while (p <= k && isIdentifierPart(code.charCodeAt(p))) p++
      value = !isRegexAfterWord(code, start, p)
    } else if (c >= 0x30 && c <= 0x39) {
      while (p <= k && (isIdentifierPart(code.charCodeAt(p)) || code.charCodeAt(p) === 0x2e)) p++
      value = true
    } else {
      value = false
      p++
    }
  }
  return value
}

function isWhiteSpace(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x09 || c === 0x0d
}

/** The literals lexScript found, kept as offsets; a Literal is made when one is asked for. */
export class LiteralsAt {
  readonly starts: number[] = []
  /** Index after the closing quote or backtick, -1 while unknown (a template's is set when it closes). */
  readonly ends: number[] = []
  /** Where the literal's text (for a template, to its first `${`) ends. */
  readonly textEnds: number[] = []
  readonly substitutions: boolean[] = []

  constructor(private readonly code: string) {}

  /** Records a literal (in source order); returns its index. */
  add(start: number, end: number, textEnd: number, substitutions: boolean): number {
    this.starts.push(start)
    this.ends.push(end)
    this.textEnds.push(textEnd)
    this.substitutions.push(substitutions)
    return this.starts.length - 1
  }

  get(start: number): Literal | undefined {
    const starts = this.starts
    let low = 0
    let high = starts.length - 1
    while (low <= high) {
      const mid = (low + high) >> 1
      const at = starts[mid]!
      if (at === start) return { start, end: this.ends[mid]!, text: unescape(this.code.slice(start + 1, this.textEnds[mid]!)), substitutions: this.substitutions[mid]! }
      if (at < start) low = mid + 1
      else high = mid - 1
    }
    return undefined
  }
}

export function isIdentifierStart(c: number): boolean {
  return (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || c === 0x24 || c === 0x5f || c > 0x7f
}

export function isIdentifierPart(c: number): boolean {
  return isIdentifierStart(c) || (c >= 0x30 && c <= 0x39)
}

/** The escapes URLs in bundles use (`\/`, `\u002F`, `\x2F`); anything else is kept as written. */
function unescape(raw: string): string {
  if (raw.indexOf('\\') < 0) return raw
  return raw.replace(/\\(?:u([0-9a-fA-F]{4})|x([0-9a-fA-F]{2})|(.))/g, (_, u: string, x: string, c: string) =>
    u ? String.fromCharCode(parseInt(u, 16)) : x ? String.fromCharCode(parseInt(x, 16)) : c,
  )
}
