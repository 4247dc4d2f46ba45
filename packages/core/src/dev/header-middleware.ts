import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http'
import type { Middleware } from './report-endpoint.js'

export interface PolicyHeader {
  readonly name: 'Content-Security-Policy' | 'Content-Security-Policy-Report-Only'
  readonly value: string
}

/**
 * Computes the header for one served page from its final HTML, or undefined to send none; `html`,
 * when given, is sent instead of the page (a dev-only edit of its CSP meta).
 */
export type HeaderForPage = (html: string, req: IncomingMessage) => (PolicyHeader & { readonly html?: string }) | undefined

/**
 * Sends each HTML page with a CSP header computed from the bytes actually served (after the dev
 * server's own HTML work: Vite's client script, plugin preambles, nonces), the same principle as
 * hashing the build's final bytes. It holds back an HTML response's head and body until `end`, then
 * sets the header and sends both unchanged; any other response passes straight through.
 *
 * Must sit inside (after) any compression middleware, so that it sees the HTML, not gzip.
 */
export function policyHeaderMiddleware(headerFor: HeaderForPage): Middleware {
  return (req, res, next) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return next()
    // A HEAD response has no body to compute the page's hashes from: the dev server answers it as a
    // GET, so the header is GET's, and Node drops the body (the response knows it answers a HEAD).
    if (req.method === 'HEAD') req.method = 'GET'
    holdHtmlResponse(res, (body) => {
      const header = headerFor(body.toString('utf8'), req)
      if (header && !res.headersSent) res.setHeader(header.name, header.value)
      return header?.html === undefined ? body : Buffer.from(header.html, 'utf8')
    })
    next()
  }
}

type WriteHeadArgs = [statusCode: number, ...rest: unknown[]]
type Callback = (error?: Error | null) => void

/** Wraps `res` so that `beforeSend(body)` runs before an HTML response's head goes out; what it returns is sent. */
function holdHtmlResponse(res: ServerResponse, beforeSend: (body: Buffer) => Buffer): void {
  const original = { writeHead: res.writeHead, write: res.write, end: res.end }
  let head: WriteHeadArgs | undefined
  let mode: 'undecided' | 'html' | 'pass' = 'undecided'
  const chunks: Buffer[] = []

  const restore = () => Object.assign(res, original)
  const decide = (): 'html' | 'pass' => {
    if (mode !== 'undecided') return mode
    const headers = { ...lowerCaseKeys(res.getHeaders()), ...lowerCaseKeys(headersIn(head)) }
    const html = /^text\/html\b/i.test(String(headers['content-type'] ?? '')) && !headers['content-encoding']
    mode = html ? 'html' : 'pass'
    if (mode === 'pass') {
      restore()
      if (head) original.writeHead.apply(res, head as Parameters<ServerResponse['writeHead']>)
    }
    return mode
  }

  res.writeHead = function (this: ServerResponse, ...args: WriteHeadArgs) {
    head = args
    return this
  } as ServerResponse['writeHead']

  res.write = function (this: ServerResponse, chunk: unknown, encoding?: unknown, cb?: unknown) {
    if (decide() === 'pass') return original.write.call(this, chunk as never, encoding as never, cb as never)
    chunks.push(toBuffer(chunk, encoding))
    const done = typeof encoding === 'function' ? encoding : cb
    if (typeof done === 'function') process.nextTick(done as Callback)
    return true
  } as ServerResponse['write']

  res.end = function (this: ServerResponse, chunk?: unknown, encoding?: unknown, cb?: unknown) {
    if (typeof chunk === 'function') [chunk, cb] = [undefined, chunk]
    else if (typeof encoding === 'function') [encoding, cb] = [undefined, encoding]
    if (decide() === 'pass') return original.end.call(this, chunk as never, encoding as never, cb as never)
    if (chunk !== undefined && chunk !== null) chunks.push(toBuffer(chunk, encoding))
    restore()
    const held = Buffer.concat(chunks)
    const body = beforeSend(held)
    if (body !== held) {
      // A changed body has its own length, wherever the server had put the old one.
      const length = headersIn(head)
      for (const name of Object.keys(length)) if (name.toLowerCase() === 'content-length') delete length[name]
      if (res.hasHeader('content-length') || !res.hasHeader('transfer-encoding')) res.setHeader('content-length', body.length)
    }
    if (head) original.writeHead.apply(this, head as Parameters<ServerResponse['writeHead']>)
    return original.end.call(this, body, cb as never)
  } as ServerResponse['end']
}

/** The headers object of `writeHead(status, headers)` or `writeHead(status, message, headers)`. */
function headersIn(args: WriteHeadArgs | undefined): OutgoingHttpHeaders {
  const last = args?.at(-1)
  if (!last || typeof last !== 'object') return {}
  if (Array.isArray(last)) {
    // Raw form: [name, value, name, value, …] or [[name, value], …].
    const out: OutgoingHttpHeaders = {}
    const flat = last.flat() as string[]
    for (let i = 0; i + 1 < flat.length; i += 2) out[flat[i]!] = flat[i + 1]!
    return out
  }
  return last as OutgoingHttpHeaders
}

function lowerCaseKeys(headers: OutgoingHttpHeaders): OutgoingHttpHeaders {
  return Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]))
}

function toBuffer(chunk: unknown, encoding: unknown): Buffer {
  if (Buffer.isBuffer(chunk)) return chunk
  if (chunk instanceof Uint8Array) return Buffer.from(chunk)
  return Buffer.from(String(chunk), typeof encoding === 'string' ? (encoding as BufferEncoding) : 'utf8')
}
