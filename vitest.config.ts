import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['packages/*/test/**/*.test.ts', 'test/**/*.test.ts'],
    // One Chromium for the whole run; test files connect to it (test/support/browser.ts).
    globalSetup: ['test/support/global-setup.ts'],
    pool: 'forks',
    // Three test files at a time on the 2-core machines CI runs on: most of a browser or generator test
    // is waiting (for a page, a build, a child process, an emulator); with two workers the cores were
    // busy only about half the run.
    maxWorkers: 3,
    reporters: ['default', './test/support/summary-reporter.ts'],
    testTimeout: 60_000,
    hookTimeout: 240_000,
  },
})
