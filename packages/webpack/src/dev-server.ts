import {
  devServerMiddlewares,
  isResolvedOptions,
  resolveOptions,
  type CspkitApi,
  type Middleware,
  type Options,
  type ResolvedOptions,
} from '@cspkit/core'

/** An entry of webpack-dev-server 5's middleware list: a function or `{ name, path, middleware }`. */
export type DevServerMiddleware = Middleware | { name?: string; path?: string; middleware: Middleware }

interface InfrastructureLogger {
  warn(...args: unknown[]): void
}

/** The parts of webpack-dev-server's `Server` the helper uses. */
export interface DevServerLike {
  compiler: { getInfrastructureLogger(name: string): InfrastructureLogger }
}

export type SetupMiddlewares = (middlewares: DevServerMiddleware[], devServer: DevServerLike) => DevServerMiddleware[]

/**
 * `devServer.setupMiddlewares` for webpack-dev-server 5: each HTML page is served with its policy as
 * a header (enforced, or report-only with `dev: { mode: 'report-only' }`; `'off'` installs nothing),
 * and violations are reported to `/__cspkit/report` and printed once each in the terminal with the
 * fix. Pass the cspkit plugin instance so the dev server uses its options, or options of its own;
 * pass your own `setupMiddlewares` as the second argument to keep it.
 *
 * ```js
 * const csp = require('@cspkit/webpack')
 * const plugin = csp({ policy })
 * module.exports = {
 *   plugins: [new HtmlWebpackPlugin(), plugin],
 *   devServer: { setupMiddlewares: csp.cspDevServer(plugin) },
 * }
 * ```
 *
 * webpack's development default `devtool: 'eval'` runs modules through eval(), which a strict
 * `script-src` blocks (the terminal says so): use e.g. `devtool: 'source-map'`.
 */
export function cspDevServer(source?: Options | { api: CspkitApi }, setupMiddlewares?: SetupMiddlewares): SetupMiddlewares {
  const options = optionsFrom(source)
  return (middlewares, devServer) => {
    const list = setupMiddlewares ? setupMiddlewares(middlewares, devServer) : middlewares
    if (options.dev.mode === 'off') return list
    const logger = devServer.compiler.getInfrastructureLogger('cspkit')
    const { reportEndpoint, policyHeader } = devServerMiddlewares({
      options,
      kind: 'dev',
      // webpack's logger prints its own `[cspkit]` name before each line.
      logger: { warn: (m) => logger.warn(m.replace(/^\[cspkit\] /, '')) },
    })
    // The header middleware must see the HTML before compression does, so it goes right before
    // webpack-dev-middleware, after webpack-dev-server's compression and header middlewares.
    const at = list.findIndex((m) => typeof m === 'object' && m.name === 'webpack-dev-middleware')
    const out = [...list]
    out.splice(at === -1 ? 0 : at, 0, { name: 'cspkit-policy-header', middleware: policyHeader })
    return [{ name: 'cspkit-report', middleware: reportEndpoint }, ...out]
  }
}

function optionsFrom(source: Options | { api: CspkitApi } | undefined): ResolvedOptions {
  if (source && typeof source === 'object' && 'api' in source && source.api && typeof source.api === 'object')
    return source.api.options
  return isResolvedOptions(source) ? source : resolveOptions(source as Options | undefined)
}
