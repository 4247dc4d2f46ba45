import type { IncomingMessage, ServerResponse } from 'node:http'
import { REPORT_PATH } from './dev-policy.js'
import { parseViolationReports, type Violation } from './violation.js'

/** A connect/express-style middleware, as Vite's and webpack-dev-server's servers take them. */
export type Middleware = (req: IncomingMessage, res: ServerResponse, next: (error?: unknown) => void) => void

const REPORT_TYPES = ['application/csp-report', 'application/reports+json', 'application/json']
// Reports are small (a CSP report is well under 10 kB); anything larger is not one.
const MAX_BODY = 256 * 1024

/**
 * Accepts CSP violation reports POSTed to `path` in either format browsers use (`report-uri`'s
 * `application/csp-report`, the Reporting API's `application/reports+json`) and hands the
 * violations to `onViolations`. Every other request passes through untouched.
 */
export function reportEndpoint(onViolations: (violations: Violation[]) => void, path: string = REPORT_PATH): Middleware {
  return (req, res, next) => {
    const url = (req as IncomingMessage & { originalUrl?: string }).originalUrl ?? req.url ?? '/'
    if (url.split('?')[0] !== path) return next()
    if (req.method === 'OPTIONS') return void res.writeHead(204, { allow: 'POST' }).end()
    if (req.method !== 'POST') return void res.writeHead(405, { allow: 'POST' }).end()
    const contentType = String(req.headers['content-type'] ?? '')
    if (!REPORT_TYPES.includes(contentType.split(';')[0]!.trim().toLowerCase()))
      return void res.writeHead(415).end()

    const chunks: Buffer[] = []
    let size = 0
    req.on('data', (chunk: Buffer) => {
      size += chunk.length
      if (size <= MAX_BODY) chunks.push(chunk)
    })
    req.on('error', () => res.writeHead(400).end())
    req.on('end', () => {
      if (size > MAX_BODY) return void res.writeHead(413).end()
      let body: unknown
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8'))
      } catch {
        return void res.writeHead(400).end()
      }
      res.writeHead(204).end()
      const violations = parseViolationReports(contentType, body)
      if (violations.length > 0) onViolations(violations)
    })
  }
}
