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
export async function startHttpsStub(route: StubRoute): Promise<HttpsStub> {
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
