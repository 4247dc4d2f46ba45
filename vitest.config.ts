import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['packages/*/test/**/*.test.ts', 'test/**/*.test.ts'],
    // One Chromium for the whole run, one Firefox and one WebKit per worker slot, started on first
    // use; test files connect to them (test/support/browser.ts, test/support/engines/shared-browsers.ts).
    globalSetup: ['test/support/global-setup.ts'],
    pool: 'forks',
    // Two test files at a time on the 2-core machines CI runs on: most of a browser or generator test
    // is waiting (for a page, a build, a child process), so a second worker cuts the run by ~40%. A
    // third gained little (13.5 against 13.8 min) and made timing-bound browser visits flaky.
    maxWorkers: 2,
    reporters: ['default', './test/support/summary-reporter.ts'],
    testTimeout: 60_000,
    hookTimeout: 240_000,
  },
})
