// cspkit's default policy plus what this site's theme needs, nothing with 'unsafe-inline': Google
// Fonts (Material's Roboto stylesheet and fonts) and the GitHub API, which Material's header asks for
// the repository's stars and forks. The badges and the logo on the home page, images from other
// origins, are deliberately not allowed: the build must announce them, and the reader's visit sees
// them blocked.
import { defaultPolicy, defineConfig } from '@cspkit/core'

export default defineConfig({
  policy: { ...defaultPolicy, 'connect-src': ["'self'", 'https://api.github.com'] },
  presets: ['google-fonts'],
})
