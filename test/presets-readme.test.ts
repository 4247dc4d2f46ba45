import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { presets } from '../packages/core/src/presets/registry.js'
import { presetsTable, replaceTable } from '../packages/core/src/presets/table.js'
import { ROOT } from './support/builds.js'

describe('README presets table', () => {
  it('is exactly what the registry generates (run `node scripts/presets-table.mjs` after changing a preset)', () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8')
    const regenerated = replaceTable(readme, presetsTable(presets))
    expect(regenerated, 'README.md lost its <!-- presets:start/end --> markers').toBeDefined()
    expect(readme).toBe(regenerated)
  })

  it('lists every preset with its vendor page', () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8')
    for (const preset of Object.values(presets)) {
      expect(readme).toContain(`| \`${preset.name}\` |`)
      expect(readme).toContain(`(${preset.docs})`)
    }
  })
})
