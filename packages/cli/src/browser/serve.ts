import { createReadStream, statSync } from 'node:fs'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { extname, join, normalize, sep } from 'node:path'
import { headersAt, type HeaderRules } from '@cspkit/core'
import { routeRequest } from './host-routes.js'

const TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.htm': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
  '.xml': 'application/xml',
  '.wasm': 'application/wasm',
  '.webmanifest': 'application/manifest+json',
}

export interface SiteServer {
  /** `http://127.0.0.1:<port>` */
  readonly origin: string
  close(): Promise<void>
}

/**
 * Serves the built folder on 127.0.0.1 (an ephemeral port) as `rules.host` serves it: its URL rules
 * and every header its header files set at each path (the CSP among them). Without rules: a plain
 * static server and no headers. The server does not keep the process alive.
 */
export async function serveSite(root: string, rules: HeaderRules | undefined): Promise<SiteServer> {
  const base = normalize(root)
  const exists = (file: string): boolean => {
    const full = normalize(join(base, file))
    if (full !== base && !full.startsWith(base.endsWith(sep) ? base : `${base}${sep}`)) return false
    try {
      return statSync(full).isFile()
    } catch {
      return false
    }
  }
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1')
    let path: string
    try {
      path = decodeURIComponent(url.pathname)
    } catch {
      res.writeHead(400).end()
      return
    }
    const route = routeRequest(path, rules?.host, exists, rules?.routing)
    if (route.kind === 'redirect') {
      res.writeHead(308, { location: `${encodeURI(route.location)}${url.search}` }).end()
      return
    }
    if (route.kind === 'missing') {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('Not found')
      return
    }
    const headers: Record<string, string> = { 'content-type': TYPES[extname(route.file).toLowerCase()] ?? 'application/octet-stream', 'cache-control': 'no-store' }
    for (const h of rules ? headersAt(rules, url.pathname) : []) headers[h.name] = h.value
    res.writeHead(route.status, headers)
    if (req.method === 'HEAD') res.end()
    else createReadStream(join(base, route.file)).pipe(res)
  })
  await new Promise<void>((ok, fail) => {
    server.once('error', fail)
    server.listen(0, '127.0.0.1', ok)
  })
  server.unref()
  const { port } = server.address() as AddressInfo
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((ok) => {
        server.closeAllConnections()
        server.close(() => ok())
      }),
  }
}
