// cspkit's default policy plus what this site needs, nothing with 'unsafe-inline': Pagefind (Nextra's
// search) compiles WebAssembly (the pagefind preset: 'wasm-unsafe-eval', not 'unsafe-eval'), and the
// theme switch (next-themes, disableTransitionOnChange) inserts a fixed <style> at run time that
// cspkit cannot see in the HTML (the next-themes preset holds its hash). The "Deploy with Vercel"
// button image on the Get Started page is deliberately not allowed: the build must announce it.
import { defaultPolicy, defineConfig } from '@cspkit/core'

export default defineConfig({
  policy: defaultPolicy,
  presets: ['pagefind', 'next-themes'],
})
