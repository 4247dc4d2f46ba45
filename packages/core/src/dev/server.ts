import type { IncomingMessage } from 'node:http'
import type { TLSSocket } from 'node:tls'
import type { ResolvedOptions } from '../options.js'
import { serializePolicy } from '../policy/serialize.js'
import { diagnostic, formatDiagnostic } from '../diagnostics.js'
import { processSite } from '../site.js'
import type { PresetLookup } from './advice.js'
import { devPageAllowingEval } from './dev-page.js'
import { devPolicy, reportingPolicy, REPORT_PATH } from './dev-policy.js'
import { policyHeaderMiddleware, type PolicyHeader } from './header-middleware.js'
import { createViolationPrinter } from './printer.js'
import { registryPresetLookup } from './preset-lookup.js'
import { reportEndpoint, type Middleware } from './report-endpoint.js'

export interface DevServerContext {
  readonly options: ResolvedOptions
  /** The dev server's own logger; violations are printed through its `warn`. */
  readonly logger: { warn(message: string): void }
  /**
   * `'dev'`: pages come from the dev server and get the dev-only allowances for its client.
   * `'preview'`: pages are the built output and get exactly their built policy, plus reporting.
   */
  readonly kind: 'dev' | 'preview'
  /** The nonce the dev server puts on the `<style>` elements its client injects. */
  readonly styleNonce?: string
  /** A hot-update websocket on another host or port than the page (Vite's `server.hmr`). */
  readonly websocket?: { readonly protocol?: string; readonly host?: string; readonly port?: number }
  /** Which presets cover a blocked URL. @default every built-in preset */
  readonly presets?: PresetLookup
  /** The dev bundle runs its modules through eval() (webpack's `devtool: 'eval…'`): dev pages allow `'unsafe-eval'`. */
  readonly evalModules?: boolean
}

export interface DevServerMiddlewares {
  /** Receives violation reports at `/__cspkit/report` and prints each distinct one once. */
  readonly reportEndpoint: Middleware
  /** Sends each HTML page with its policy as a header; install it inside any compression middleware. */
  readonly policyHeader: Middleware
}

/** The two middlewares every dev door installs (Vite dev, Vite preview, webpack-dev-server). */
export function devServerMiddlewares(ctx: DevServerContext): DevServerMiddlewares {
  // Strict mode hashes the build's files; the dev server's modules are not those, so dev pages keep the non-strict policy.
  const options = ctx.kind === 'dev' && ctx.options.nonStrict ? ctx.options.nonStrict : ctx.options
  if (options !== ctx.options) ctx.logger.warn(formatDiagnostic(STRICT_DEV_NOTICE))
  const print = createViolationPrinter({ logger: ctx.logger, policy: options.policy, presets: ctx.presets ?? registryPresetLookup() })
  const headerName: PolicyHeader['name'] =
    options.dev.mode === 'report-only' ? 'Content-Security-Policy-Report-Only' : 'Content-Security-Policy'

  return {
    reportEndpoint: reportEndpoint(print, REPORT_PATH),
    policyHeader: policyHeaderMiddleware((html, req) => {
      // The page's policy exactly as the build computes it (configured policy, its own CSP meta, hashes of its inline content).
      const page = processSite([{ fileName: pageFileName(req), html }], options).pages[0]
      const policy = page?.policy ?? options.policy
      const served =
        ctx.kind === 'dev'
          ? devPolicy(policy, { websocketOrigins: websocketOrigins(req, ctx.websocket), styleNonce: ctx.styleNonce, evalModules: ctx.evalModules })
          : reportingPolicy(policy)
      // The page's own CSP meta is enforced too: a dev bundle that evals needs the allowance there as well.
      return { name: headerName, value: serializePolicy(served), ...(ctx.kind === 'dev' && ctx.evalModules ? { html: devPageAllowingEval(html) } : {}) }
    }),
  }
}

/** The page's output-relative file name as the build would name it: `/` → `index.html`, `/about` → `about.html`. */
export function pageFileName(req: IncomingMessage): string {
  let pathname = '/'
  try {
    pathname = decodeURIComponent(new URL(req.url ?? '/', 'http://localhost').pathname)
  } catch {
    // A malformed URL still gets a policy: the site's configured one.
  }
  if (pathname.endsWith('/')) pathname += 'index.html'
  else if (!/\.html?$/i.test(pathname)) pathname += '.html'
  return pathname.slice(1)
}

/** The dev client's websocket connects to the page's own host and port, unless configured elsewhere. */
function websocketOrigins(req: IncomingMessage, configured: DevServerContext['websocket']): string[] {
  const host = req.headers.host
  if (!host) return []
  const scheme = (req.socket as TLSSocket).encrypted === true ? 'wss' : 'ws'
  const origins = [`${scheme}://${host}`]
  if (configured && (configured.host || configured.port)) {
    const hostname = configured.host ?? new URL(`http://${host}`).hostname
    const protocol = configured.protocol === 'wss' || configured.protocol === 'ws' ? configured.protocol : scheme
    origins.push(`${protocol}://${hostname}${configured.port ? `:${configured.port}` : ''}`)
  }
  return [...new Set(origins)]
}

const STRICT_DEV_NOTICE = diagnostic({
  code: 'STRICT_DEV_NOT_STRICT',
  option: 'strict',
  message: "The dev server sends the non-strict policy: strict mode allows the build's scripts by the integrity of their final bytes, and the dev server's modules are not those files.",
  fix: 'Check strict mode on the production build (vite preview, or the built folder served); nothing to change here.',
})
