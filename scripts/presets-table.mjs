#!/usr/bin/env node
// Writes the README's presets table from the preset registry (between <!-- presets:start --> and
// <!-- presets:end -->). `--check` only compares and exits 1 on drift. Run `pnpm build` first.
import { readFileSync, writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { presets } from '../packages/core/dist/presets/registry.js'
import { presetsTable, replaceTable } from '../packages/core/dist/presets/table.js'

const readme = fileURLToPath(new URL('../README.md', import.meta.url))
const text = readFileSync(readme, 'utf8')
const next = replaceTable(text, presetsTable(presets))
if (next === undefined) {
  console.error('[cspkit] README.md has no <!-- presets:start --> … <!-- presets:end --> markers.')
  process.exit(1)
}
if (process.argv.includes('--check')) {
  if (next !== text) {
    console.error('[cspkit] The README presets table is out of date. Fix: run `node scripts/presets-table.mjs`.')
    process.exit(1)
  }
} else if (next !== text) {
  writeFileSync(readme, next)
  console.log(`[cspkit] README presets table: ${Object.keys(presets).length} presets.`)
}
