import { createReadStream, existsSync, statSync } from 'node:fs'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { extname, join, normalize, resolve } from 'node:path'
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core'
import { inject } from 'vitest'

/** The Chromium started once in global-setup; every test file shares it. */
export async function connectBrowser(): Promise<Browser> {
  return chromium.connect(inject('browserWSEndpoint'))
}

/** Content types by file extension, for the test servers. */
export const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
  // Next.js static exports: the client router takes its page payloads (.txt) only as text/plain, as static hosts serve them.
  '.txt': 'text/plain; charset=utf-8',
}

export interface StaticServer {
  readonly url: string
  close(): Promise<void>
}

export interface ServeOptions {
  /** Extra response headers for a request path, e.g. a CSP header. */
  headers?: (pathname: string) => Record<string, string>
}

/** A static file server on 127.0.0.1 with a random port; `/x/` serves `x/index.html`, `/about` serves `about.html`. */
export async function serveDir(dir: string, options: ServeOptions = {}): Promise<StaticServer> {
  const root = resolve(dir)
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const pathname = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname)
    const candidates = [pathname, join(pathname, 'index.html'), `${pathname}.html`]
    const file = candidates
      .map((p) => normalize(join(root, p)))
      .find((p) => p.startsWith(root) && existsSync(p) && statSync(p).isFile())
    if (!file) {
      res.writeHead(404).end('not found')
      return
    }
    res.writeHead(200, {
      'content-type': CONTENT_TYPES[extname(file)] ?? 'application/octet-stream',
      'cache-control': 'no-store',
      ...options.headers?.(pathname),
    })
    createReadStream(file).pipe(res)
  })
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok))
  server.unref()
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    // Browsers outlive a test file (one per engine per worker) and keep their connections alive:
    // closing them too, instead of waiting for them to idle out.
    close: () =>
      new Promise<void>((ok) => {
        server.close(() => ok())
        server.closeAllConnections()
      }),
  }
}

export interface Violation {
  violatedDirective: string
  effectiveDirective: string
  blockedURI: string
  sample: string
  disposition: string
}

export interface LoadedPage {
  page: Page
  context: BrowserContext
  violations: Violation[]
  /** Console messages of type error, e.g. "Refused to execute inline script…". */
  consoleErrors: string[]
}

/**
 * Opens `url` in a fresh context and records every `securitypolicyviolation` (registered before any
 * page script runs) and console error. `violations`: those up to `settleMs` after the load event.
 */
export async function loadPage(browser: Browser, url: string, settleMs = 300): Promise<LoadedPage> {
  const context = await browser.newContext()
  const page = await context.newPage()
  const consoleErrors: string[] = []
  page.on('console', (m) => {
    if (m.type() === 'error') consoleErrors.push(m.text())
  })
  await page.addInitScript(() => {
    const w = window as unknown as { __cspViolations: unknown[] }
    w.__cspViolations = []
    document.addEventListener('securitypolicyviolation', (e) => {
      w.__cspViolations.push({
        violatedDirective: e.violatedDirective,
        effectiveDirective: e.effectiveDirective,
        blockedURI: e.blockedURI,
        sample: e.sample,
        disposition: e.disposition,
      })
    })
  })
  await page.goto(url, { waitUntil: 'load' })
  // Violations are dispatched as tasks; give late ones (dynamic imports, timers) a moment.
  await page.waitForTimeout(settleMs)
  const violations = (await page.evaluate(() => (window as unknown as { __cspViolations: Violation[] }).__cspViolations)) ?? []
  return { page, context, violations, consoleErrors }
}

/** Violations recorded so far on a page opened with loadPage (for pages that keep working after load). */
export async function readViolations(page: Page): Promise<Violation[]> {
  return page.evaluate(() => (window as unknown as { __cspViolations: Violation[] }).__cspViolations)
}
