import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
// @ts-expect-error: a plain .mjs script without types
import { END, READMES, START, renderOptionsTable } from '../scripts/options-table.mjs'
import { ROOT } from './support/builds.js'

const readme = readFileSync(join(ROOT, 'README.md'), 'utf8')

describe('README', () => {
  it.each(READMES as string[])('%s: options table matches the Options JSDoc (regenerate with `node scripts/options-table.mjs`)', (file) => {
    const text = readFileSync(join(ROOT, file), 'utf8')
    const table = text.slice(text.indexOf(START), text.indexOf(END) + END.length)
    expect(table).toBe(renderOptionsTable())
  })

  it('every top-level option is in the table', async () => {
    const { resolveOptions } = await import('@cspkit/core')
    const derived = ['diagnostics', 'basePolicy'] // computed from the options, not options themselves
    const resolved = Object.keys(resolveOptions({})).filter((k) => !derived.includes(k))
    for (const key of resolved) expect(readme, key).toContain(`| \`${key}\` |`)
  })

  it('states the two commands that .ci/run runs', () => {
    const ci = readFileSync(join(ROOT, '.ci/run'), 'utf8')
    const testCommand = ci.split('\n').find((l) => l.includes('pnpm') && l.includes(' test'))!.trim()
    expect(readme).toContain(testCommand)
    expect(readme).toContain(testCommand.replace(/ test$/, ' demo'))
  })
})
