/**
 * What each entry package hands a config, by `import` and by `require` (a CommonJS config, or one a
 * bundler compiles to CommonJS): the plugin factory as the default export, under its own name and as
 * `csp`, and the whole of @cspkit/core beside it, so no config needs a second package.
 */
import { createRequire } from 'node:module'
import { describe, expect, it } from 'vitest'
import * as core from '@cspkit/core'

const require = createRequire(import.meta.url)

const ENTRIES = [
  { name: '@cspkit/vite', factory: 'csp' },
  { name: '@cspkit/webpack', factory: 'csp' },
  { name: '@cspkit/rollup', factory: 'rollupPlugin' },
  { name: '@cspkit/rolldown', factory: 'rolldownPlugin' },
  { name: '@cspkit/rspack', factory: 'rspackPlugin' },
  { name: '@cspkit/astro', factory: 'astroIntegration' },
] as const

describe.each(ENTRIES)('$name', ({ name, factory }) => {
  it('import: the default export is the plugin factory, also named, and every export of @cspkit/core is there, the same values', async () => {
    const mod = (await import(name)) as Record<string, unknown>
    expect(typeof mod.default).toBe('function')
    expect(mod[factory]).toBe(mod.default)
    for (const [key, value] of Object.entries(core)) expect(mod[key], `${name} exports ${key}`).toBe(value)
  })

  // (Node's require loads its own copy of the modules, apart from the test runner's imports: compared by what they are, not identity.)
  it('require: the same factory, with every export of @cspkit/core on it', async () => {
    const required = require(name) as Record<string, unknown> & ((...args: unknown[]) => unknown)
    const mod = (await import(name)) as Record<string, unknown> & { default: { name: string } }
    expect(typeof required).toBe('function')
    expect(required.name).toBe(mod.default.name)
    for (const [key, value] of Object.entries(core)) expect(typeof required[key], `require('${name}').${key}`).toBe(typeof value)
    expect((required.googleFonts as typeof core.googleFonts)()).toEqual(core.googleFonts())
  })

  it('the factory validates its options when the config loads: a misspelt option is OPTION_UNKNOWN, thrown at once', () => {
    const create = require(name) as (options: unknown) => unknown
    expect(() => create({ polcy: {} })).toThrow("[cspkit] OPTION_UNKNOWN (option polcy): 'polcy' is not a cspkit option. Fix: Did you mean 'policy'?")
  })
})
