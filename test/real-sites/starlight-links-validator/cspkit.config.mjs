// cspkit's default policy plus what this site needs, nothing with 'unsafe-inline': Pagefind (the
// site's local search) compiles WebAssembly, which needs 'wasm-unsafe-eval' (not 'unsafe-eval').
import { defaultPolicy, defineConfig } from '@cspkit/core'

export default defineConfig({
  policy: { ...defaultPolicy, 'script-src': ["'self'", "'wasm-unsafe-eval'"] },
})
