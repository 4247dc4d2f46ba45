import { enConfig } from './en.mts'
import { sharedConfig } from './shared.mts'
import { defineConfig } from 'vitepress'

// Trimmed for the test (../../SOURCE.md): English only, dead links to trimmed pages ignored.
export default defineConfig({
  ...sharedConfig,
  ignoreDeadLinks: true,

  locales: {
    root: { label: 'English', lang: 'en-US', link: '/', ...enConfig }
  }
})
