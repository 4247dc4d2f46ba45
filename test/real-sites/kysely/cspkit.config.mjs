// cspkit's default policy plus what this site needs, nothing with 'unsafe-inline': Google Fonts (its
// Poppins stylesheet and fonts) and Algolia DocSearch (its search). The two embedded playgrounds
// (StackBlitz on the home page, kyse.link on the Playground page) are deliberately not allowed:
// the build must announce them, and the reader's visit sees them blocked.
import { defaultPolicy, defineConfig } from '@cspkit/core'

export default defineConfig({
  policy: defaultPolicy,
  presets: ['google-fonts', 'algolia'],
})
