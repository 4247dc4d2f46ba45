import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { lexScript, type LexedScript } from '../src/loads/script-lexer.js'
import { lexScript as lexByCharacter } from './support/script-lexer-by-character.js'
import { installedBundles as bundles, random } from './support/installed-bundles.js'

// The lexer moves by regular expressions for speed; what it answers must be what the loop over
// characters answered, to the byte: which characters are text, and every literal's bounds.

/** Everything a LexedScript says, as plain data. */
function answer(code: string, lexed: LexedScript): { text: string; literals: unknown[] } {
  const literals: unknown[] = []
  for (let i = 0; i < code.length; i++) {
    const c = code[i]
    if (c !== '"' && c !== "'" && c !== '`') continue
    const literal = lexed.literals.get(i)
    if (literal) literals.push(literal)
  }
  return { text: Buffer.from(lexed.text).toString('base64'), literals }
}

function disagreement(code: string): string | undefined {
  const a = answer(code, lexScript(code))
  const b = answer(code, lexByCharacter(code))
  if (a.text !== b.text) {
    const x = lexScript(code).text
    const y = lexByCharacter(code).text
    let i = 0
    while (x[i] === y[i]) i++
    return `text differs at ${i}: ${JSON.stringify(code.slice(Math.max(0, i - 40), i + 40))}`
  }
  if (JSON.stringify(a.literals) !== JSON.stringify(b.literals)) return `literals differ: ${JSON.stringify(code.slice(0, 200))}`
  return undefined
}

/** What decides the lexer's state, and near misses of it, in any order. */
const PIECES = [
  '"a\\"b"', "'c\\'d'", '"', "'", '`', '`t${x}u`', '`${`${y}`}`', '${', '}', '{', '\\', '\\\n', '\n', ' ', '\t', '\r',
  '/', '//c\n', '/*c*/', '/*', '*/', '/re[/]x/gi', '/[', ']', 'a/b', ')', '(', ']', '[', '.', '1.5', '1.', '.5', '0x1f',
  'return', 'typeof', 'x.return', 'returns', 'in', 'of', 'do', 'await', 'yield', 'a', '$', '_', 'é', '\u00a0', ';', ',',
  '+', '=', '!', '?', ':', '<', '>', '#', '@', '1return', 'delete', 'instanceof', 'case', '$`', '\\u002F', '"\n', "'\\",
]

describe('the lexer agrees with the character loop it replaced', () => {
  it('on real bundles (the installed packages\' JavaScript, ~12 MB)', () => {
    const files = bundles(Number(process.env.CSPKIT_LEXER_CORPUS_BYTES ?? 12_000_000))
    expect(files.length).toBeGreaterThan(50)
    const wrong = files.map((f) => [f, disagreement(readFileSync(f, 'utf8'))] as const).filter(([, d]) => d !== undefined)
    expect(wrong).toEqual([])
  })

  it('on 20,000 scripts made of what decides its state, and near misses, in random order', () => {
    const rand = random(19)
    const wrong: string[] = []
    for (let n = 0; n < 20_000 && wrong.length < 5; n++) {
      const length = 1 + Math.floor(rand() * 24)
      let code = ''
      for (let k = 0; k < length; k++) code += PIECES[Math.floor(rand() * PIECES.length)]
      const d = disagreement(code)
      if (d) wrong.push(d)
    }
    expect(wrong).toEqual([])
  })

  it('tells code from text on what bundles hold (the comparison is not of two empty answers)', () => {
    const code = 'return /a"b/.test(x)?"c":`d${e/2}f`//g\nh/i'
    const { text, literals } = lexScript(code)
    const at = (s: string, k = 0) => code.indexOf(s) + k
    expect(text[at('"b')]).toBe(1) // in the regular expression after `return`
    expect(text[at('?')]).toBe(0)
    expect(text[at('"c"', 1)]).toBe(1) // the string
    expect(text[at('e/2', 1)]).toBe(0) // a division in the template's substitution
    expect(text[at('f`')]).toBe(1) // template text after it
    expect(text[at('//g', 2)]).toBe(1) // the comment
    expect(text[at('h/i', 1)]).toBe(0) // a division after a name
    expect(literals.get(at('`'))).toMatchObject({ text: 'd', substitutions: true })
  })
})
