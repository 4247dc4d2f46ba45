import { defineConfig } from 'vite'
import csp from '@cspkit/vite'

export default defineConfig({
  plugins: [
    csp({
      // The default policy, spelled out: start here and add what your app loads.
      policy: {
        'default-src': ["'self'"],
        'img-src': ["'self'", 'data:'],
        'font-src': ["'self'", 'data:'],
        'object-src': ["'none'"],
        'base-uri': ["'self'"],
        'form-action': ["'self'"],
      },
    }),
  ],
})
