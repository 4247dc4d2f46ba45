import { createRolldownPlugin } from 'unplugin'
import { createCspkit, type CspkitApi, type Options } from '@cspkit/core'

// The whole install: what a config needs (typed preset calls, definePreset, defineConfig, defaultPolicy, the types) comes from here too.
export * from '@cspkit/core'

/**
 * `plugins: [html(), csp({ policy })]` in rolldown.config: every HTML page the build emits (an HTML
 * plugin's; Rolldown runs Rollup's plugin API, `@rollup/plugin-html` among them) gets a CSP meta
 * whose hashes allow its inline scripts and styles, computed in `generateBundle` after the HTML
 * plugins'. The plugin's `api` holds the last build's per-page policies.
 */
export function rolldownPlugin(options?: Options): ReturnType<ReturnType<typeof createRolldownPlugin>> & { api: CspkitApi } {
  const { api, factory } = createCspkit(options)
  return Object.assign(createRolldownPlugin(factory)(), { api })
}

export default rolldownPlugin
export { rolldownPlugin as csp }
