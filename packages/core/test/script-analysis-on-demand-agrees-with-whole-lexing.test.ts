import { readFileSync } from 'node:fs'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { analyzeScript } from '../src/loads/script-analysis.js'
import { ScriptLexer } from '../src/loads/script-lexer.js'
import { analyzeScript as analyzeWholeScript } from './support/script-analysis-eager.js'
import { installedBundles, random } from './support/installed-bundles.js'

// The analysis rules most calls out before it knows whether they are code, and lexes a script only
// as far as the calls it must look at. What it finds must be what lexing the whole script first
// found, finding by finding (line, column, URL), on real bundles and on scripts built to sit at the
// edge of each rule that skips lexing.

const answer = (code: string) => JSON.stringify(analyzeScript(code))
const reference = (code: string) => JSON.stringify(analyzeWholeScript(code))

/** Calls at the edge of each rule decided before lexing, and what changes whether they are code. */
const PIECES = [
  // URL calls: a literal whose first character may or may not start an absolute URL.
  'fetch("https://a.example/x")', "fetch('//cdn.example/y')", 'fetch(`https://t.example/${p}`)', 'fetch( "  https://s.example/")',
  'fetch("\\u0068ttps://e.example/")', 'fetch("\\/\\/c.example/z")', 'fetch("HTTPS://U.EXAMPLE/")', 'fetch("\u00a0https://n.example/")',
  'fetch("/api")', 'fetch("")', 'fetch(`${base}/x`)', 'fetch(u)', 'fetch(\n"https://l.example/")', 'fetch("http', 'fetch(',
  'window.fetch("wss://w.example/")', 'x.fetch("https://no.example/")', 'new WebSocket("wss://ws.example/s")', 'WebSocket("wss://nn.example/")',
  'import("https://esm.example/m.js")', 'import("./c.js")', 'new Worker(`https://wk.example/w.js`)', 'new EventSource("http://ev.example/")',
  'navigator.sendBeacon("https://b.example/c",d)', 'sendBeacon("https://b2.example/")', 'x.open("GET","https://xhr.example/a")', 'x.open(m,"https://m.example/")',
  'window.open("https://o.example/")', 'x.open("POST",`https://p.example/${q}`)',
  // Function: the global-object fallback and what only looks like it.
  'Function("return this")()', "Function( 'return this;' )", 'Function("return this",a)', 'Function("return\nthis")', 'Function("\nreturn this")', 'Function(" return this\n")', 'Function("return\\nthis")',
  'Function("return\u00a0this")', 'Function(`return this`)', 'Function("return that")', 'new Function("a","return a")', 'Function(a)', 'Function("return this"',
  // Timers, eval, WebAssembly, blob URLs.
  'setTimeout("go()",1)', 'setTimeout(f,1)', "setInterval('t()')", 'setTimeout( `x`)', 'eval(s)', 'x.eval(s)', 'WebAssembly.instantiate(b)',
  'new WebAssembly.Module(b)', 'URL.createObjectURL(b)', 'a.URL.createObjectURL(b)', 'function eval(x){}', '{fetch(u){return u}}', 'class A{fetch(){}}',
  // What decides whether a call is code: strings, templates, comments, regular expressions, braces.
  '"', "'", '`', '`t${', '}', '{', '/*', '*/', '//', '\n', '/re/', 'return /', 'a/b', '(', ')', ',', ';', ' ', '\\', 'x=',
]

describe('script analysis on demand agrees with lexing the whole script first', () => {
  it("on real bundles (the installed packages' JavaScript, ~12 MB)", () => {
    const files = installedBundles(Number(process.env.CSPKIT_LEXER_CORPUS_BYTES ?? 12_000_000))
    expect(files.length).toBeGreaterThan(50)
    let findings = 0
    const wrong: string[] = []
    for (const file of files) {
      const code = readFileSync(file, 'utf8')
      const expected = reference(code)
      findings += JSON.parse(expected).length
      if (answer(code) !== expected) wrong.push(file)
    }
    expect(wrong).toEqual([])
    expect(findings).toBeGreaterThan(10) // the comparison is not of empty answers
  })

  it('on 30,000 scripts of calls at the edge of each rule, among what decides whether they are code', () => {
    const rand = random(7)
    const wrong: string[] = []
    const calls = new Set<string>()
    for (let n = 0; n < 30_000 && wrong.length < 5; n++) {
      const length = 1 + Math.floor(rand() * 12)
      let code = ''
      for (let k = 0; k < length; k++) code += PIECES[Math.floor(rand() * PIECES.length)]
      const expected = reference(code)
      for (const f of JSON.parse(expected) as { call: string }[]) calls.add(f.call)
      if (answer(code) !== expected) wrong.push(JSON.stringify(code))
    }
    expect(wrong).toEqual([])
    // Every kind of finding came up, so each rule was held to the reference where it finds something.
    expect([...calls].sort()).toEqual(
      [
        'eval()', 'Function()', 'new Function()', 'setTimeout("…")', 'setInterval("…")', 'WebAssembly.instantiate()', 'new WebAssembly.Module()',
        'URL.createObjectURL()', 'fetch()', 'new WebSocket()', 'import()', 'new Worker()', 'new EventSource()', 'navigator.sendBeacon()', 'XMLHttpRequest.open()',
      ].sort(),
    )
  })
})

describe('what script analysis lexes', () => {
  afterEach(() => vi.restoreAllMocks())

  /** How far the lexer got on `code`: the analysis' findings, and the end of what was lexed (0: nothing). */
  function lexedExtent(code: string): { found: string[]; lexed: number } {
    let lexed = 0
    const lexThrough = ScriptLexer.prototype.lexThrough
    vi.spyOn(ScriptLexer.prototype, 'lexThrough').mockImplementation(function (this: ScriptLexer, limit: number) {
      lexThrough.call(this, limit)
      lexed = Math.max(lexed, this.lexed)
    })
    return { found: analyzeScript(code).map((f) => `${f.call} ${f.url ?? ''}`.trim()), lexed }
  }

  const filler = (n: number) => Array.from({ length: n }, (_, i) => `var s${i}="a{b}/c",r${i}=/x"y/g;function f${i}(e){return e.fetch(u)+setTimeout(g,1)+import("./c${i}.js")}`).join('\n')

  it('a bundle whose calls are all ruled out without it is not lexed at all', () => {
    const code = `${filler(2000)}\nFunction("return this")();x.open(m,u)`
    expect(code.length).toBeGreaterThan(150_000)
    expect(lexedExtent(code)).toEqual({ found: [], lexed: 0 })
  })

  it('one with a call to look at is lexed only a little past it, and the call is found', () => {
    const head = filler(200)
    const code = `${head}\nfetch("https://api.example.com/v1");${filler(2000)}`
    const { found, lexed } = lexedExtent(code)
    expect(found).toEqual(['fetch() https://api.example.com/v1'])
    expect(lexed).toBeGreaterThan(head.length)
    expect(lexed).toBeLessThan(head.length + 200)
  })

  it('a call inside a string is still told from code, however far back the string opens', () => {
    const code = `var doc="${'x'.repeat(50_000)} fetch(\\"https://no.example.com/\\")";fetch("https://yes.example.com/")`
    expect(lexedExtent(code).found).toEqual(['fetch() https://yes.example.com/'])
  })
})
