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
  readonly literals: ReadonlyMap<number, Literal>
}

/** Words after which `/` starts a regular expression, not a division. */
const REGEX_AFTER = new Set(['return', 'typeof', 'case', 'do', 'else', 'in', 'of', 'new', 'delete', 'void', 'throw', 'instanceof', 'yield', 'await'])

export function lexScript(code: string): LexedScript {
  const n = code.length
  const text = new Uint8Array(n)
  const literals = new Map<number, Literal>()
  /** Brace depth inside each open `${…}`, innermost last. */
  const templates: number[] = []
  let depth = 0
  let valueBefore = false
  let i = 0

  /** Template text from `i` (after a backtick or a `}` closing a substitution) to its end or next `${`. */
  const templateText = (from: number, literal: Literal | undefined): void => {
    let j = from
    while (j < n) {
      const c = code.charCodeAt(j)
      if (c === 0x5c /* \ */) {
        text[j] = 1
        text[j + 1] = 1
        j += 2
        continue
      }
      if (c === 0x60 /* ` */) {
        text[j] = 1
        if (literal) literal.end = j + 1
        i = j + 1
        valueBefore = true
        return
      }
      if (c === 0x24 /* $ */ && code.charCodeAt(j + 1) === 0x7b /* { */) {
        text[j] = 1
        text[j + 1] = 1
        templates.push(depth)
        depth = 0
        i = j + 2
        valueBefore = false
        return
      }
      text[j] = 1
      j++
    }
    i = n
  }

  while (i < n) {
    const c = code.charCodeAt(i)
    if (c === 0x22 /* " */ || c === 0x27 /* ' */) {
      const start = i
      let j = i + 1
      while (j < n) {
        const d = code.charCodeAt(j)
        if (d === 0x5c) j += 2
        else if (d === c || d === 0x0a) break
        else j++
      }
      text.fill(1, start, Math.min(j + 1, n))
      literals.set(start, { start, end: j < n && code.charCodeAt(j) === c ? j + 1 : -1, text: unescape(code.slice(start + 1, Math.min(j, n))), substitutions: false })
      i = j + 1
      valueBefore = true
      continue
    }
    if (c === 0x60 /* ` */) {
      const start = i
      text[i] = 1
      // The text up to the first `${` (or the end): what a URL's origin part is read from.
      let j = i + 1
      while (j < n) {
        const d = code.charCodeAt(j)
        if (d === 0x5c) j += 2
        else if (d === 0x60 || (d === 0x24 && code.charCodeAt(j + 1) === 0x7b)) break
        else j++
      }
      const literal: Literal = { start, end: -1, text: unescape(code.slice(start + 1, Math.min(j, n))), substitutions: code.charCodeAt(j) === 0x24 }
      literals.set(start, literal)
      templateText(i + 1, literal)
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
        let j = i + 1
        let inClass = false
        while (j < n) {
          const d = code.charCodeAt(j)
          if (d === 0x5c) j += 2
          else if (d === 0x0a) break
          else if (inClass) {
            if (d === 0x5d) inClass = false
            j++
          } else if (d === 0x5b) {
            inClass = true
            j++
          } else if (d === 0x2f) break
          else j++
        }
        if (j < n && code.charCodeAt(j) === 0x2f) {
          j++
          while (j < n && isIdentifierPart(code.charCodeAt(j))) j++
          text.fill(1, i, j)
          i = j
          valueBefore = true
          continue
        }
      }
      i++
      valueBefore = false
      continue
    }
    if (isIdentifierStart(c)) {
      const start = i
      while (i < n && isIdentifierPart(code.charCodeAt(i))) i++
      valueBefore = !REGEX_AFTER.has(code.slice(start, i))
      continue
    }
    if (c >= 0x30 && c <= 0x39) {
      while (i < n && (isIdentifierPart(code.charCodeAt(i)) || code.charCodeAt(i) === 0x2e)) i++
      valueBefore = true
      continue
    }
    if (c === 0x7b /* { */) depth++
    else if (c === 0x7d /* } */) {
      if (depth === 0 && templates.length > 0) {
        depth = templates.pop()!
        text[i] = 1
        templateText(i + 1, undefined)
        continue
      }
      depth--
    }
    if (c !== 0x20 && c !== 0x0a && c !== 0x09 && c !== 0x0d) valueBefore = c === 0x29 /* ) */ || c === 0x5d /* ] */ || c === 0x7d /* } */
    i++
  }
  return { text, literals }
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
