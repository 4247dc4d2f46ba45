import { webpackPlugin } from '@cspkit/core'

// The whole install: what a config needs (typed preset calls, definePreset, defineConfig, defaultPolicy, the types) comes from here too.
export * from '@cspkit/core'

/**
 * `plugins: [new HtmlWebpackPlugin(), csp({ policy })]` in webpack.config: every emitted HTML page
 * gets a CSP meta whose hashes allow its inline scripts and styles, computed after minification and
 * [contenthash] rewriting. The plugin's `api` holds the last compilation's per-page policies.
 */
export default webpackPlugin
export { webpackPlugin as csp }
export { cspDevServer, type SetupMiddlewares, type DevServerMiddleware } from './dev-server.js'
