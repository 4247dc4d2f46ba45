import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vite'
import csp from '@cspkit/vite'

const page = (path: string) => fileURLToPath(new URL(path, import.meta.url))

export default defineConfig({
  build: {
    rollupOptions: {
      input: { home: page('./index.html'), about: page('./about/index.html'), contact: page('./contact.html') },
    },
  },
  plugins: [
    csp({
      policy: {
        defaultSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        upgradeInsecureRequests: false,
      },
    }),
  ],
})
