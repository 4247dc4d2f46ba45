import { createRollupPlugin } from 'unplugin'
import { createCspkit, type CspkitApi, type Options } from '@cspkit/core'

// The whole install: what a config needs (typed preset calls, definePreset, defineConfig, defaultPolicy, the types) comes from here too.
export * from '@cspkit/core'

/**
 * `plugins: [html(), csp({ policy })]` in rollup.config: every HTML page the build emits (an HTML
 * plugin's, e.g. `@rollup/plugin-html`) gets a CSP meta whose hashes allow its inline scripts and
 * styles, computed in `generateBundle` after the HTML plugins'. The plugin's `api` holds the last
 * build's per-page policies.
 */
export function rollupPlugin(options?: Options): ReturnType<ReturnType<typeof createRollupPlugin>> & { api: CspkitApi } {
  const { api, factory } = createCspkit(options)
  return Object.assign(createRollupPlugin(factory)(), { api })
}

export default rollupPlugin
export { rollupPlugin as csp }
