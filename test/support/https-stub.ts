import { createHash } from 'node:crypto'
import { createServer, type Server } from 'node:https'
import type { IncomingMessage } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Duplex } from 'node:stream'
import selfsigned from 'selfsigned'

/** One request the stub received: what a third-party SDK asked its vendor for. */
export interface StubRequest {
  readonly method: string
  readonly host: string
  readonly path: string
  /** True for a WebSocket upgrade (e.g. `wss://ws.gleap.io`). */
  readonly websocket: boolean
}

export interface StubResponse {
  readonly status?: number
  readonly type?: string
  /** Text, or bytes for binary answers (images). */
  readonly body: string | Uint8Array
}

/** Answers a request, or undefined for a 404. `host` has no port. */
export type StubRoute = (req: { method: string; host: string; path: string; url: URL }) => StubResponse | undefined

/** Answers one text message a page sent over a WebSocket with the text messages to send back (none: stay silent). */
export type StubWebSocketRoute = (req: { host: string; path: string }, message: string) => readonly string[] | undefined

export interface HttpsStubOptions {
  /** Replies to WebSocket text messages (e.g. a Phoenix channel join); without it upgraded sockets stay silent. */
  readonly webSocket?: StubWebSocketRoute
  /** Text messages to send as soon as a WebSocket is open, before the page sends anything (e.g. Firebase Realtime Database's server hello). */
  readonly webSocketOpen?: (req: { host: string; path: string }) => readonly string[] | undefined
}

export interface HttpsStub {
  readonly port: number
  /** Every request so far, in order (CORS preflights left out). */
  readonly requests: StubRequest[]
  /** Chromium flags that send `hosts` (patterns such as `*.gleap.io`) here and accept the self-signed certificate. */
  chromiumArgs(hosts: readonly string[]): string[]
  close(): Promise<void>
}

/**
 * An HTTPS server on 127.0.0.1 (random port, self-signed certificate) standing in for a vendor's
 * hosts: Chromium's `--host-resolver-rules` maps the vendor's host names to it (the rule can carry
 * the port). Answers CORS preflights for any origin and accepts WebSocket upgrades (the handshake
 * only: the connection then stays open and silent).
 */
export async function startHttpsStub(route: StubRoute, options: HttpsStubOptions = {}): Promise<HttpsStub> {
  const pems = await selfsigned.generate([{ name: 'commonName', value: 'cspkit-stub' }], { keyType: 'ec', curve: 'P-256' })
  const requests: StubRequest[] = []
  const sockets = new Set<Duplex>()
  const server: Server = createServer({ key: pems.private, cert: pems.cert }, (req, res) => {
    const url = new URL(req.url ?? '/', `https://${req.headers.host ?? 'stub'}`)
    const cors = {
      'access-control-allow-origin': req.headers.origin ?? '*',
      'access-control-allow-credentials': 'true',
      'access-control-allow-headers': req.headers['access-control-request-headers'] ?? '*',
      'access-control-allow-methods': 'GET, POST, PUT, PATCH, DELETE, OPTIONS',
    }
    if (req.method === 'OPTIONS') {
      res.writeHead(204, cors).end()
      return
    }
    requests.push({ method: req.method ?? 'GET', host: url.hostname, path: url.pathname, websocket: false })
    req.resume()
    req.on('end', () => {
      const answer = route({ method: req.method ?? 'GET', host: url.hostname, path: url.pathname, url })
      if (!answer) {
        res.writeHead(404, { ...cors, 'content-type': 'text/plain' }).end('not stubbed')
        return
      }
      res.writeHead(answer.status ?? 200, { ...cors, 'content-type': answer.type ?? 'application/json', 'cache-control': 'no-store' })
      res.end(answer.body)
    })
  })
  server.on('secureConnection', (socket: Duplex) => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
  })
  server.on('upgrade', (req: IncomingMessage, socket: Duplex) => {
    sockets.add(socket)
    const url = new URL(req.url ?? '/', `https://${req.headers.host ?? 'stub'}`)
    requests.push({ method: 'GET', host: url.hostname, path: url.pathname, websocket: true })
    const key = req.headers['sec-websocket-key'] ?? ''
    const accept = createHash('sha1').update(`${key}258EAFA5-E914-47DA-95CA-C5AB0DC85B11`).digest('base64')
    socket.on('error', () => socket.destroy())
    socket.write(`HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${accept}\r\n\r\n`)
    for (const hello of options.webSocketOpen?.({ host: url.hostname, path: url.pathname }) ?? []) socket.write(textFrame(hello))
    const answer = options.webSocket
    if (answer) {
      let pending = Buffer.alloc(0)
      socket.on('data', (chunk: Buffer) => {
        pending = Buffer.concat([pending, chunk])
        for (let frame = readFrame(pending); frame; frame = readFrame(pending)) {
          pending = pending.subarray(frame.size)
          if (frame.opcode === 0x8) socket.end()
          if (frame.opcode !== 0x1) continue
          for (const reply of answer({ host: url.hostname, path: url.pathname }, frame.payload.toString('utf8')) ?? []) socket.write(textFrame(reply))
        }
      })
    }
  })
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok))
  server.unref()
  const { port } = server.address() as AddressInfo
  return {
    port,
    requests,
    chromiumArgs: (hosts) => [
      `--host-resolver-rules=${hosts.map((h) => `MAP ${h} 127.0.0.1:${port}`).join(', ')}`,
      '--ignore-certificate-errors',
    ],
    close: () =>
      new Promise<void>((ok) => {
        for (const socket of sockets) socket.destroy()
        server.close(() => ok())
      }),
  }
}

/** One complete client frame at the start of `data` (RFC 6455 §5.2; client frames are masked), or undefined until it has all arrived. */
function readFrame(data: Buffer): { opcode: number; payload: Buffer; size: number } | undefined {
  if (data.length < 2) return undefined
  const opcode = data[0]! & 0x0f
  const masked = (data[1]! & 0x80) !== 0
  let length = data[1]! & 0x7f
  let offset = 2
  if (length === 126) {
    if (data.length < 4) return undefined
    length = data.readUInt16BE(2)
    offset = 4
  } else if (length === 127) {
    if (data.length < 10) return undefined
    length = Number(data.readBigUInt64BE(2))
    offset = 10
  }
  const mask = masked ? data.subarray(offset, offset + 4) : undefined
  if (masked) offset += 4
  if (data.length < offset + length) return undefined
  const payload = Buffer.from(data.subarray(offset, offset + length))
  if (mask) for (let i = 0; i < payload.length; i++) payload[i]! ^= mask[i % 4]!
  return { opcode, payload, size: offset + length }
}

/** An unmasked, final text frame (server to client). */
function textFrame(text: string): Buffer {
  const payload = Buffer.from(text, 'utf8')
  const header =
    payload.length < 126
      ? Buffer.from([0x81, payload.length])
      : payload.length < 65_536
        ? Buffer.from([0x81, 126, payload.length >> 8, payload.length & 0xff])
        : Buffer.concat([Buffer.from([0x81, 127]), (() => { const b = Buffer.alloc(8); b.writeBigUInt64BE(BigInt(payload.length)); return b })()])
  return Buffer.concat([header, payload])
}
