import { vitePlugin } from '@cspkit/core'

// The whole install: what a config needs (typed preset calls, definePreset, defineConfig, defaultPolicy, the types) comes from here too.
export * from '@cspkit/core'

/**
 * `plugins: [csp({ policy })]` in vite.config: every built page gets a CSP meta whose hashes allow
 * its inline scripts and styles. The plugin's `api` holds the last build's per-page policies.
 */
export default vitePlugin
export { vitePlugin as csp }
