import { isIdentifierPart, ScriptLexer, type Literal } from './script-lexer.js'

/** Something a script does that a policy may forbid: compile code from strings, compile WebAssembly, or request a URL. */
export interface ScriptFinding {
  readonly kind: 'eval' | 'wasm' | 'url'
  /** The call as people write it: `eval()`, `new Function()`, `setTimeout("…")`, `fetch()`, `WebAssembly.instantiate()`. */
  readonly call: string
  /** The directive a browser checks: `script-src` for eval and WebAssembly; for URLs `connect-src`, `script-src-elem` or `worker-src`. */
  readonly directive: string
  /** The absolute URL (for a template, its part before the first `${`). */
  readonly url?: string
  /**
   * An eval-like call whose code is all literals (`Function("return this")`, `Function("")`): a feature
   * test libraries guard with try/catch. The browser still blocks it and reports a violation, but the
   * page keeps working.
   */
  readonly probe?: boolean
  /** 1-based line and column of the call. */
  readonly line: number
  readonly column: number
}

/** Calls that take a URL first, and the directive their request is checked against. */
const URL_CALLS: Readonly<Record<string, { directive: string; call: string; needsNew: boolean }>> = {
  fetch: { directive: 'connect-src', call: 'fetch()', needsNew: false },
  WebSocket: { directive: 'connect-src', call: 'new WebSocket()', needsNew: true },
  EventSource: { directive: 'connect-src', call: 'new EventSource()', needsNew: true },
  import: { directive: 'script-src-elem', call: 'import()', needsNew: false },
  Worker: { directive: 'worker-src', call: 'new Worker()', needsNew: true },
  SharedWorker: { directive: 'worker-src', call: 'new SharedWorker()', needsNew: true },
}

/** Global objects a call may be made through (`window.fetch(…)`): still the global function. */
const GLOBALS = new Set(['window', 'self', 'globalThis'])

/** Any name this looks at: most bundles have none and are not lexed at all. */
const CANDIDATE = /\b(?:eval|Function|setTimeout|setInterval|WebAssembly|fetch|open|WebSocket|EventSource|import|Worker|SharedWorker|sendBeacon|URL)\s*[(.]/

const CALL = /\b(eval|Function|setTimeout|setInterval|fetch|open|WebSocket|EventSource|import|Worker|SharedWorker|sendBeacon)\s*\(|\bWebAssembly\s*\.\s*(compile|instantiate|compileStreaming|instantiateStreaming|Module)\s*\(|\bURL\s*\.\s*(createObjectURL)\s*\(/g

const HTTP_METHOD = /^(?:GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS)$/i

/**
 * What a script (a bundle's chunk, an inline script) does that its page's policy decides: eval-like
 * calls (`eval(…)`, `new Function(…)` with a body that is not a literal, `setTimeout`/`setInterval`
 * with a string), WebAssembly compilation, and requests to absolute URLs written as literals
 * (`fetch`, `XMLHttpRequest#open`, `WebSocket`, `EventSource`, `import()`, workers,
 * `navigator.sendBeacon`). A heuristic over the text, built not to flag what minifiers produce:
 * properties named like these (`x.eval(…)`), methods defined with their names, text in strings,
 * comments and regular expressions.
 */
export function analyzeScript(code: string): ScriptFinding[] {
  // Every call matched below is a CANDIDATE match at the same index: the first one is where to start.
  const first = code.search(CANDIDATE)
  if (first < 0) return []
  // Lexed only as far as the calls that need it: most calls are ruled out without knowing whether
  // they are code (a member of another object, a first argument that is no literal, or no absolute
  // URL), so most bundles are not lexed at all, and the rest up to their last such call.
  const lexer = new ScriptLexer(code)
  const findings: ScriptFinding[] = []
  let lines: number[] | undefined
  CALL.lastIndex = first
  for (let m = CALL.exec(code); m; m = CALL.exec(code)) {
    const at = m.index
    const open = CALL.lastIndex - 1
    const finding = m[3] ? blobFinding(code, at) : m[2] ? wasmFinding(code, at, m[2]) : callFinding(code, lexer, at, m[1]!, open)
    if (!finding) continue
    if (lexer.isText(at)) continue
    if (isMethodDefinition(code, lexer, open)) continue
    // `new Function(…)` is located at `new`, where the call starts.
    lines ??= lineStarts(code)
    const { line, column } = locate(lines, finding.call.startsWith('new ') ? code.lastIndexOf('new', at) : at)
    findings.push({ ...finding, line, column })
  }
  return findings
}

/** Whether the code names anything analyzeScript looks at (most scripts do not: one regex step). */
export function mayFindAnything(code: string): boolean {
  return CANDIDATE.test(code)
}

type Found = Omit<ScriptFinding, 'line' | 'column'>

/**
 * `URL.createObjectURL(…)` makes `blob:` URLs; what loads them is not in the call. Images are what
 * sites load from them most (generated thumbnails, a theme's icons), so `img-src` is what is checked.
 */
function blobFinding(code: string, at: number): Found | undefined {
  const owner = memberOf(code, at)
  if (owner !== undefined && !GLOBALS.has(owner)) return undefined
  return { kind: 'url', call: 'URL.createObjectURL()', directive: 'img-src', url: 'blob:' }
}

function wasmFinding(code: string, at: number, method: string): Found | undefined {
  if (memberOf(code, at) !== undefined && !GLOBALS.has(memberOf(code, at)!)) return undefined
  const isNew = wordBefore(code, at) === 'new'
  if (method === 'Module' && !isNew) return undefined
  return { kind: 'wasm', call: `${isNew ? 'new ' : ''}WebAssembly.${method}()`, directive: 'script-src' }
}

function callFinding(code: string, lexer: ScriptLexer, at: number, name: string, open: number): Found | undefined {
  const owner = memberOf(code, at)
  const before = wordBefore(code, owner !== undefined ? ownerStart(code, at) : at)
  if (before === 'function') return undefined // a declaration `function eval(…)`
  // What is decided before the arguments are read; reading them needs the call lexed (is it code?).
  const first = skipSpace(code, open + 1)
  const args = (): Argument[] => (lexer.isText(at) ? [] : readArguments(code, lexer, open))
  if (name === 'open' || name === 'sendBeacon') {
    if (owner === undefined || !opensLiteral(code, first)) return undefined
    if (name === 'open') {
      // XMLHttpRequest#open(method, url): a literal HTTP method first tells it from window.open(url).
      const read = args()
      if (!read[0]?.literal || !HTTP_METHOD.test(read[0].literal.text)) return undefined
      return urlFinding(read[1], 'connect-src', 'XMLHttpRequest.open()')
    }
    if (!mayOpenAbsoluteUrl(code, first)) return undefined
    return urlFinding(args()[0], 'connect-src', 'navigator.sendBeacon()')
  }
  if (owner !== undefined && !GLOBALS.has(owner)) return undefined // a property of something else: x.eval(…)
  if (name === 'eval') return { kind: 'eval', call: 'eval()', directive: 'script-src' }
  if (name === 'Function') {
    if (RETURN_THIS_CALL.test(code.slice(first, first + 48))) return undefined
    // Function("return this") and the like, all literals, are feature tests the libraries guard; a
    // body built at run time is code compiled from data.
    const read = args()
    const probe = read.length > 0 && read.every((a) => a.literal && !a.literal.substitutions && a.complete)
    // `Function("return this")` is the global-object fallback bundlers emit (webpack's runtime, core-js)
    // behind `typeof globalThis`: it never runs in a browser that enforces CSP.
    if (probe && read.length === 1 && RETURN_THIS.test(read[0]!.literal!.text)) return undefined
    return { kind: 'eval', call: before === 'new' ? 'new Function()' : 'Function()', directive: 'script-src', ...(probe ? { probe } : {}) }
  }
  if (name === 'setTimeout' || name === 'setInterval') {
    if (!opensLiteral(code, first) || !args()[0]?.literal) return undefined
    return { kind: 'eval', call: `${name}("…")`, directive: 'script-src' }
  }
  const spec = URL_CALLS[name]
  if (!spec) return undefined
  if (spec.needsNew && before !== 'new') return undefined
  if (!mayOpenAbsoluteUrl(code, first)) return undefined
  return urlFinding(args()[0], spec.directive, spec.call)
}

const RETURN_THIS = /^\s*return\s+this\s*;?\s*$/
/**
 * `Function("return this")` as written, with nothing else in the call: ruled out before lexing. Its
 * text has no escape and no line break (a string ends at one), so it is the literal's text as the
 * full reading sees it, and the white space after it is what the arguments' reader skips.
 */
const RETURN_THIS_CALL = /^(["'])[^\S\n]*return[^\S\n]+this[^\S\n]*;?[^\S\n]*\1[ \n\t\r]*\)/

/** Whether a literal opens at `i`: the only way an argument there starts with one. */
function opensLiteral(code: string, i: number): boolean {
  const c = code.charCodeAt(i)
  return c === 0x22 /* " */ || c === 0x27 /* ' */ || c === 0x60 /* ` */
}

/**
 * Whether a literal opens at `i` whose text may be an absolute URL (what {@link urlFinding} reads): a
 * first character that is printable ASCII (so neither trimmed nor an escape) other than the start of
 * `http`, `ws` or `//` rules it out, as does the closing quote of an empty literal.
 */
function mayOpenAbsoluteUrl(code: string, i: number): boolean {
  if (!opensLiteral(code, i)) return false
  const c = code.charCodeAt(i + 1)
  if (!(c >= 0x21 && c <= 0x7e)) return true
  return c === 0x68 /* h */ || c === 0x48 /* H */ || c === 0x77 /* w */ || c === 0x57 /* W */ || c === 0x2f /* / */ || c === 0x5c /* \ */
}

interface Argument {
  /** The argument is (or starts with) this literal. */
  readonly literal?: Literal
  /** Nothing follows the literal in the argument. */
  readonly complete: boolean
}

/** The arguments from the `(` at `open`, read only as far as whether each is a literal. */
function readArguments(code: string, lexer: ScriptLexer, open: number): Argument[] {
  const args: Argument[] = []
  let i = skipSpace(code, open + 1)
  if (code.charCodeAt(i) === 0x29 /* ) */) return args
  for (let count = 0; count < 3 && i < code.length; count++) {
    const literal = lexer.literalAt(i)
    let end = i
    if (literal && literal.end > 0) end = skipSpace(code, literal.end)
    const c = code.charCodeAt(end)
    args.push({ ...(literal ? { literal } : {}), complete: literal !== undefined && literal.end > 0 && (c === 0x2c || c === 0x29) })
    // To the comma that ends this argument, at depth 0 outside text.
    const next = argumentEnd(code, lexer, i)
    if (next < 0 || code.charCodeAt(next) === 0x29) break
    i = skipSpace(code, next + 1)
  }
  return args
}

/** Index of the `,` or `)` ending the argument that starts at `from`, or -1. */
function argumentEnd(code: string, lexer: ScriptLexer, from: number): number {
  let depth = 0
  for (let i = from; i < code.length; i++) {
    if (lexer.isText(i)) continue
    const c = code.charCodeAt(i)
    if (c === 0x28 || c === 0x5b || c === 0x7b) depth++
    else if (c === 0x29 || c === 0x5d || c === 0x7d) {
      if (depth === 0) return c === 0x29 ? i : -1
      depth--
    } else if (c === 0x2c && depth === 0) return i
  }
  return -1
}

/** `name(…){` is a method definition (`{eval(e){…}}`, `class { fetch(){…} }`), not a call. */
function isMethodDefinition(code: string, lexer: ScriptLexer, open: number): boolean {
  let depth = 0
  for (let i = open; i < code.length; i++) {
    if (lexer.isText(i)) continue
    const c = code.charCodeAt(i)
    if (c === 0x28) depth++
    else if (c === 0x29 && --depth === 0) return code.charCodeAt(skipSpace(code, i + 1)) === 0x7b
  }
  return false
}

/** A finding for a literal absolute URL argument; relative URLs are the site's own (`'self'`). */
function urlFinding(arg: Argument | undefined, directive: string, call: string): Found | undefined {
  const literal = arg?.literal
  if (!literal) return undefined
  let text = literal.text.trim()
  if (text.startsWith('//')) text = `https:${text}`
  const m = /^(https?|wss?):\/\/([^/?#\s]*)([/?#].*)?$/i.exec(text)
  if (!m) return undefined
  // The origin must be written out whole: `https://${host}/` or `"https://api." + region` says nothing.
  if (m[2] === '') return undefined
  if (m[3] === undefined && (literal.substitutions || !arg!.complete)) return undefined
  try {
    return { kind: 'url', call, directive, url: new URL(text).href }
  } catch {
    return undefined
  }
}

/** The identifier before `.` in front of `at` (`window` in `window.fetch`), or undefined when `at` is no member access. */
function memberOf(code: string, at: number): string | undefined {
  let i = at - 1
  if (isIdentifierPart(code.charCodeAt(i))) return '' // `$eval(`: another name
  while (i >= 0 && isSpace(code.charCodeAt(i))) i--
  if (code.charCodeAt(i) !== 0x2e /* . */) return undefined
  if (code.charCodeAt(i - 1) === 0x3f /* ?. */) i--
  i--
  while (i >= 0 && isSpace(code.charCodeAt(i))) i--
  const end = i + 1
  while (i >= 0 && isIdentifierPart(code.charCodeAt(i))) i--
  return code.slice(i + 1, end)
}

/** Where the owner of the member access in front of `at` starts. */
function ownerStart(code: string, at: number): number {
  let i = code.lastIndexOf('.', at) - 1
  while (i >= 0 && (isSpace(code.charCodeAt(i)) || code.charCodeAt(i) === 0x3f)) i--
  while (i >= 0 && isIdentifierPart(code.charCodeAt(i))) i--
  return i + 1
}

/** The word right before `at` (`new`, `function`), or ''. */
function wordBefore(code: string, at: number): string {
  let i = at - 1
  while (i >= 0 && isSpace(code.charCodeAt(i))) i--
  const end = i + 1
  while (i >= 0 && isIdentifierPart(code.charCodeAt(i))) i--
  return code.slice(i + 1, end)
}

function skipSpace(code: string, i: number): number {
  while (i < code.length && isSpace(code.charCodeAt(i))) i++
  return i
}

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x09 || c === 0x0d
}

function lineStarts(code: string): number[] {
  const starts = [0]
  for (let i = code.indexOf('\n'); i >= 0; i = code.indexOf('\n', i + 1)) starts.push(i + 1)
  return starts
}

function locate(starts: readonly number[], offset: number): { line: number; column: number } {
  let lo = 0
  let hi = starts.length - 1
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1
    if (starts[mid]! <= offset) lo = mid
    else hi = mid - 1
  }
  return { line: lo + 1, column: offset - starts[lo]! + 1 }
}
