import { createRspackPlugin, type UnpluginFactory, type UnpluginOptions } from 'unplugin'
import { createCspkit, type CspkitApi, type Options } from '@cspkit/core'

// The whole install: what a config needs (typed preset calls, definePreset, defineConfig, defaultPolicy, the types) comes from here too.
export * from '@cspkit/core'

/**
 * `plugins: [new rspack.HtmlRspackPlugin(), csp({ policy })]` in rspack.config (or Rsbuild's
 * `tools.rspack`): every emitted HTML page, HtmlRspackPlugin's or html-webpack-plugin's, gets a CSP
 * meta whose hashes allow its inline scripts and styles, computed in a late `processAssets` stage
 * (after minification and `[contenthash]` names). The plugin's `api` holds the last compilation's
 * per-page policies.
 */
export function rspackPlugin(options?: Options): ReturnType<ReturnType<typeof createRspackPlugin>> & { api: CspkitApi } {
  const { api, factory } = createCspkit(options)
  // Rspack runs webpack's compiler and compilation hooks, so the core's webpack hooks are Rspack's as well.
  const rspack: UnpluginFactory<undefined> = (input, meta) => {
    const hooks = factory(input, meta) as UnpluginOptions
    return { ...hooks, rspack: hooks.webpack as UnpluginOptions['rspack'] }
  }
  return Object.assign(createRspackPlugin(rspack)(), { api })
}

export default rspackPlugin
export { rspackPlugin as csp }
