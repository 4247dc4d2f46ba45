import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { ROOT } from './support/builds.js'
import { cspkit } from './support/cli.js'

// `cspkit --version` for bug reports and CI logs: the installed CLI's own version, nothing else on the line.
const { version } = JSON.parse(readFileSync(join(ROOT, 'packages/cli/package.json'), 'utf8')) as { version: string }

describe('cspkit --version', () => {
  it.each(['--version', '-v'])('%s prints the version of the cspkit package alone and exits 0', async (flag) => {
    const run = await cspkit([flag])
    expect(run).toEqual({ code: 0, stdout: `${version}\n`, stderr: '' })
  })

  it('--help names it', async () => {
    expect((await cspkit(['--help'])).stdout).toMatch(/^ {2}cspkit --version +The CLI's version \(also -v\)$/m)
  })

  it('a version flag after a command is that command\'s unknown flag, not the version', async () => {
    const run = await cspkit(['build', '--version'])
    expect(run.code).toBe(2)
    expect(run.stderr).toMatch(/^\[cspkit\] CLI_USAGE: Unknown option '--version'/)
  })
})
