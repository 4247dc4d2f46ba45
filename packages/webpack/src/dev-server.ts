import {
  diagnostic,
  devServerMiddlewares,
  formatDiagnostic,
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
  info(...args: unknown[]): void
}

/** The parts of webpack-dev-server's `Server` the helper uses. */
export interface DevServerLike {
  compiler: { getInfrastructureLogger(name: string): InfrastructureLogger; options?: { devtool?: string | false } }
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
 * `script-src` blocks: with an `eval` devtool the dev server's policy allows `'unsafe-eval'` (dev
 * only, said once in the terminal; the build's policy never changes). `devtool: 'source-map'`
 * develops under the production policy itself.
 */
export function cspDevServer(source?: Options | { api: CspkitApi }, setupMiddlewares?: SetupMiddlewares): SetupMiddlewares {
  const options = optionsFrom(source)
  return (middlewares, devServer) => {
    const list = setupMiddlewares ? setupMiddlewares(middlewares, devServer) : middlewares
    if (options.dev.mode === 'off') return list
    const logger = devServer.compiler.getInfrastructureLogger('cspkit')
    // webpack's development default devtool, 'eval', runs every module through eval(): without
    // 'unsafe-eval' the page stays blank. Allowed in the dev server's policy only, and said once.
    const devtool = devServer.compiler.options?.devtool
    const evalModules = typeof devtool === 'string' && devtool.includes('eval')
    if (evalModules) logger.info(formatDiagnostic(evalAllowedDiagnostic(devtool)).replace(/^\[cspkit\] /, ''))
    const { reportEndpoint, policyHeader } = devServerMiddlewares({
      options,
      kind: 'dev',
      evalModules,
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

function evalAllowedDiagnostic(devtool: string) {
  return diagnostic({
    code: 'DEV_EVAL_ALLOWED',
    option: 'devtool',
    directive: 'script-src',
    message: `devtool '${devtool}' runs each module through eval(), so the dev server's policy allows 'unsafe-eval' in 'script-src' (development only: the build's policy is unchanged).`,
    fix: "Nothing to do; to develop under the production policy itself, set devtool: 'source-map' (or false) in development.",
  })
}

function optionsFrom(source: Options | { api: CspkitApi } | undefined): ResolvedOptions {
  if (source && typeof source === 'object' && 'api' in source && source.api && typeof source.api === 'object')
    return source.api.options
  return isResolvedOptions(source) ? source : resolveOptions(source as Options | undefined)
}
