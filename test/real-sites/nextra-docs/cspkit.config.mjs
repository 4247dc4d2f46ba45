// cspkit's default policy plus what this site needs, nothing with 'unsafe-inline': Pagefind (Nextra's
// search) compiles WebAssembly, which needs 'wasm-unsafe-eval' (not 'unsafe-eval'), and the theme
// switch (next-themes, disableTransitionOnChange) inserts a fixed <style> at run time, cspkit cannot
// see it in the HTML: its hash, of `*,*::before,*::after{-webkit-transition:none!important;…}` (the
// same rule VueUse copied, so the same hash as the `vitepress` preset's). The "Deploy with
// Vercel" button image on the Get Started page is deliberately not allowed: the build must announce it.
import { defaultPolicy, defineConfig } from '@cspkit/core'

export default defineConfig({
  policy: {
    ...defaultPolicy,
    'script-src': ["'self'", "'wasm-unsafe-eval'"],
    'style-src': ["'self'", "'sha256-skqujXORqzxt1aE0NNXxujEanPTX6raoqSscTV/Ww/Y='"],
  },
})
