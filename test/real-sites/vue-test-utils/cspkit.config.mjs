// cspkit's default policy plus what this site's theme needs, nothing with 'unsafe-inline': the
// VitePress preset (the appearance switch's run-time <style>) and Algolia DocSearch (the site's search).
import { defaultPolicy, defineConfig } from '@cspkit/core'

export default defineConfig({
  policy: defaultPolicy,
  presets: ['vitepress', 'algolia'],
})
