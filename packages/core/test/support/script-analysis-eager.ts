// The analysis as it was before it lexed on demand: the whole script lexed first, every call checked
// in the order it was. The differential test holds the on-demand analysis to this, finding by finding.
import { isIdentifierPart, lexScript, type LexedScript, type Literal } from '../../src/loads/script-lexer.js'
import type { ScriptFinding } from '../../src/loads/script-analysis.js'

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
  if (!mayFindAnything(code)) return []
  const lexed = lexScript(code)
  const findings: ScriptFinding[] = []
  const lines = lineStarts(code)
  CALL.lastIndex = 0
  for (let m = CALL.exec(code); m; m = CALL.exec(code)) {
    const at = m.index
    if (lexed.text[at]) continue
    const open = CALL.lastIndex - 1
    const finding = m[3] ? blobFinding(code, at) : m[2] ? wasmFinding(code, at, m[2]) : callFinding(code, lexed, at, m[1]!, open)
    if (!finding) continue
    if (isMethodDefinition(code, lexed, open)) continue
    // `new Function(…)` is located at `new`, where the call starts.
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

function callFinding(code: string, lexed: LexedScript, at: number, name: string, open: number): Found | undefined {
  const owner = memberOf(code, at)
  const before = wordBefore(code, owner !== undefined ? ownerStart(code, at) : at)
  if (before === 'function') return undefined // a declaration `function eval(…)`
  const args = readArguments(code, lexed, open)
  if (name === 'open' || name === 'sendBeacon') {
    if (owner === undefined) return undefined
    if (name === 'open') {
      // XMLHttpRequest#open(method, url): a literal HTTP method first tells it from window.open(url).
      if (!args[0]?.literal || !HTTP_METHOD.test(args[0].literal.text)) return undefined
      return urlFinding(args[1], 'connect-src', 'XMLHttpRequest.open()')
    }
    return urlFinding(args[0], 'connect-src', 'navigator.sendBeacon()')
  }
  if (owner !== undefined && !GLOBALS.has(owner)) return undefined // a property of something else: x.eval(…)
  if (name === 'eval') return { kind: 'eval', call: 'eval()', directive: 'script-src' }
  if (name === 'Function') {
    // Function("return this") and the like, all literals, are feature tests the libraries guard; a
    // body built at run time is code compiled from data.
    const probe = args.length > 0 && args.every((a) => a.literal && !a.literal.substitutions && a.complete)
    // `Function("return this")` is the global-object fallback bundlers emit (webpack's runtime, core-js)
    // behind `typeof globalThis`: it never runs in a browser that enforces CSP.
    if (probe && args.length === 1 && /^\s*return\s+this\s*;?\s*$/.test(args[0]!.literal!.text)) return undefined
    return { kind: 'eval', call: before === 'new' ? 'new Function()' : 'Function()', directive: 'script-src', ...(probe ? { probe } : {}) }
  }
  if (name === 'setTimeout' || name === 'setInterval') {
    if (!args[0]?.literal) return undefined
    return { kind: 'eval', call: `${name}("…")`, directive: 'script-src' }
  }
  const spec = URL_CALLS[name]
  if (!spec) return undefined
  if (spec.needsNew && before !== 'new') return undefined
  return urlFinding(args[0], spec.directive, spec.call)
}

interface Argument {
  /** The argument is (or starts with) this literal. */
  readonly literal?: Literal
  /** Nothing follows the literal in the argument. */
  readonly complete: boolean
}

/** The arguments from the `(` at `open`, read only as far as whether each is a literal. */
function readArguments(code: string, lexed: LexedScript, open: number): Argument[] {
  const args: Argument[] = []
  let i = skipSpace(code, open + 1)
  if (code.charCodeAt(i) === 0x29 /* ) */) return args
  for (let count = 0; count < 3 && i < code.length; count++) {
    const literal = lexed.literals.get(i)
    let end = i
    if (literal && literal.end > 0) end = skipSpace(code, literal.end)
    const c = code.charCodeAt(end)
    args.push({ ...(literal ? { literal } : {}), complete: literal !== undefined && literal.end > 0 && (c === 0x2c || c === 0x29) })
    // To the comma that ends this argument, at depth 0 outside text.
    const next = argumentEnd(code, lexed, i)
    if (next < 0 || code.charCodeAt(next) === 0x29) break
    i = skipSpace(code, next + 1)
  }
  return args
}

/** Index of the `,` or `)` ending the argument that starts at `from`, or -1. */
function argumentEnd(code: string, lexed: LexedScript, from: number): number {
  let depth = 0
  for (let i = from; i < code.length; i++) {
    if (lexed.text[i]) continue
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
function isMethodDefinition(code: string, lexed: LexedScript, open: number): boolean {
  let depth = 0
  for (let i = open; i < code.length; i++) {
    if (lexed.text[i]) continue
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
