// cspkit's default policy plus what this site needs, nothing with 'unsafe-inline': Pagefind (the
// site's local search) compiles WebAssembly, which the pagefind preset allows ('wasm-unsafe-eval',
// not 'unsafe-eval').
import { defaultPolicy, defineConfig } from '@cspkit/core'

export default defineConfig({
  policy: defaultPolicy,
  presets: ['pagefind'],
})
