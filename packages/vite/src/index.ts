import { vitePlugin } from '@cspkit/core'

export type { Options, HashOptions, CspkitApi, PageResult, PolicyInput } from '@cspkit/core'
export { defaultPolicy } from '@cspkit/core'

/**
 * `plugins: [csp({ policy })]` in vite.config: every built page gets a CSP meta whose hashes allow
 * its inline scripts and styles. The plugin's `api` holds the last build's per-page policies.
 */
export default vitePlugin
export { vitePlugin as csp }
