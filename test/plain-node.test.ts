import { execFile } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { describe, expect, it } from 'vitest'
import { EXAMPLES, tempDir } from './support/builds.js'
import { plainEnv } from './support/cli.js'

// The plugins as a user's own `node` loads them, without this runner's NODE_PATH (plainEnv). The CLI
// tests run the bin the same way (support/cli.ts).

const run = promisify(execFile)

describe('plain node, no NODE_PATH', () => {
  it('runs a real webpack build of the example config, CSP meta and all', async () => {
    const out = tempDir('plain-node-webpack')
    const script = `
      const webpack = require('webpack')
      const config = require('./webpack.config.cjs')
      webpack({ ...config, output: { ...config.output, path: ${JSON.stringify(out)} } }, (error, stats) => {
        if (error || stats.hasErrors()) { console.error(error ?? stats.toString('errors-only')); process.exit(1) }
      })`
    await run(process.execPath, ['-e', script], { cwd: join(EXAMPLES, 'webpack-app'), env: plainEnv() })
    expect(readFileSync(join(out, 'index.html'), 'utf8')).toMatch(/<meta http-equiv="Content-Security-Policy" content="[^"]*'sha256-/)
  })

  it('imports @cspkit/vite and makes its plugin', async () => {
    const script = `import('@cspkit/vite').then(({ default: csp }) => { const plugins = csp(); if (plugins[0].name !== 'cspkit' || !plugins.api) process.exit(1) })`
    await run(process.execPath, ['-e', script], { cwd: join(EXAMPLES, 'vite-spa'), env: plainEnv() })
  })
})
