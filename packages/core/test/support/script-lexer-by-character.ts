// The lexer's main loop as it was before it moved by regular expressions (a loop over characters):
// the reference the regular-expression lexer must agree with, byte for byte
// (script-lexer-agrees-with-reference.test.ts). Only the loop is kept; what both share comes from the lexer.
import { isIdentifierPart, isIdentifierStart, isRegexAfterWord, LiteralsAt, type LexedScript } from '../../src/loads/script-lexer.js'

export function lexScript(code: string): LexedScript {
  const n = code.length
  const text = new Uint8Array(n)
  // Literals in source order, as numbers: a bundle has thousands and analysis looks at a few, so
  // each Literal (its text sliced and unescaped) is made only when asked for (LiteralsAt).
  const literals = new LiteralsAt(code)
  /** Brace depth inside each open `${…}`, innermost last. */
  const templates: number[] = []
  let depth = 0
  let valueBefore = false
  let i = 0

  /** Template text from `i` (after a backtick or a `}` closing a substitution) to its end or next `${`; `literal`, its index in `literals` (-1: none). */
  const templateText = (from: number, literal: number): void => {
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
        if (literal >= 0) literals.ends[literal] = j + 1
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
      literals.add(start, j < n && code.charCodeAt(j) === c ? j + 1 : -1, Math.min(j, n), false)
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
      templateText(i + 1, literals.add(start, -1, Math.min(j, n), code.charCodeAt(j) === 0x24))
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
      valueBefore = !isRegexAfterWord(code, start, i)
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
        templateText(i + 1, -1)
        continue
      }
      depth--
    }
    if (c !== 0x20 && c !== 0x0a && c !== 0x09 && c !== 0x0d) valueBefore = c === 0x29 /* ) */ || c === 0x5d /* ] */ || c === 0x7d /* } */
    i++
  }
  return { text, literals }
}
