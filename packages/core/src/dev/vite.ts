import { randomBytes } from 'node:crypto'
import type { ResolvedOptions } from '../options.js'
import type { PresetLookup } from './advice.js'
import type { Middleware } from './report-endpoint.js'
import { devServerMiddlewares } from './server.js'

// Structural types for the parts of Vite this plugin touches: the core imports no bundler, not even its types.
export interface ViteLogger {
  warn(message: string, options?: { timestamp?: boolean }): void
}
export interface HmrOptions {
  protocol?: string
  host?: string
  port?: number
  clientPort?: number
}
export interface ViteResolvedConfig {
  logger: ViteLogger
  html?: { cspNonce?: string }
  server: { hmr?: boolean | HmrOptions }
}
export interface ViteServerLike {
  config: ViteResolvedConfig
  middlewares: { use(middleware: Middleware): unknown }
}
export interface ConfigEnv {
  command: 'build' | 'serve'
  isPreview?: boolean
}

export const DEV_PLUGIN_NAME = 'cspkit:dev'

/**
 * The Vite plugin for `vite dev` and `vite preview` (`apply: 'serve'`; `dev.mode: 'off'` removes
 * it). It installs the report endpoint and the policy header ahead of Vite's own middlewares.
 *
 * Dev: Vite's client injects a `<style>` per imported CSS file (and one for its error overlay); a
 * nonce lets those apply without `'unsafe-inline'`. Vite's `html.cspNonce` puts that nonce on them
 * and in a `csp-nonce` meta, so the plugin sets it for the dev server only (one random value per
 * server start; a user's own value is kept). Builds never see it.
 */
export function viteDevPlugin(options: ResolvedOptions, presets?: PresetLookup) {
  const devNonce = randomBytes(18).toString('base64')
  let styleNonce: string | undefined

  const install = (server: ViteServerLike, kind: 'dev' | 'preview') => {
    const { reportEndpoint, policyHeader } = devServerMiddlewares({
      options,
      kind,
      logger: { warn: (m) => server.config.logger.warn(m, { timestamp: true }) },
      styleNonce,
      websocket: kind === 'dev' ? hmrWebsocket(server.config.server.hmr) : undefined,
      presets,
    })
    server.middlewares.use(reportEndpoint)
    server.middlewares.use(policyHeader)
  }

  return {
    name: DEV_PLUGIN_NAME,
    apply: (_config: unknown, env: ConfigEnv) => env.command === 'serve' && options.dev.mode !== 'off',
    config(config: { html?: { cspNonce?: string } }, env: ConfigEnv) {
      if (env.isPreview || config.html?.cspNonce) return undefined
      return { html: { cspNonce: devNonce } }
    },
    configResolved(config: ViteResolvedConfig) {
      styleNonce = config.html?.cspNonce
    },
    configureServer(server: ViteServerLike) {
      install(server, 'dev')
    },
    configurePreviewServer(server: ViteServerLike) {
      install(server, 'preview')
    },
  }
}

/** A separately configured HMR host or port (`server.hmr`): the client connects there instead. */
function hmrWebsocket(hmr: boolean | HmrOptions | undefined): { protocol?: string; host?: string; port?: number } | undefined {
  if (typeof hmr !== 'object') return undefined
  const port = hmr.clientPort ?? hmr.port
  return { ...(hmr.protocol ? { protocol: hmr.protocol } : {}), ...(hmr.host ? { host: hmr.host } : {}), ...(port ? { port } : {}) }
}
