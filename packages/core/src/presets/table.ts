import type { Preset } from './types.js'

export const TABLE_START = '<!-- presets:start -->'
export const TABLE_END = '<!-- presets:end -->'

/**
 * The README's presets section, generated from the registry (scripts/presets-table.mjs writes it,
 * test/presets-readme.test.ts fails when the README drifts from it).
 */
export function presetsTable(presets: Readonly<Record<string, Preset>>): string {
  const rows = Object.values(presets).map((p) =>
    [
      `\`${p.name}\``,
      p.title,
      variantsCell(p),
      optionsCell(p),
      `[vendor page](${p.docs}) (${p.checked})${p.sdk ? `; proven with npm \`${p.sdk}\` in Chromium${p.sdkStandIn ? ` (${p.sdkStandIn} stubbed)` : ''}` : ''}`,
    ]
      .map(cell)
      .join(' | '),
  )
  return [
    '<!-- Generated from packages/core/src/presets by `node scripts/presets-table.mjs`; do not edit by hand. -->',
    '',
    "`presets: ['gleap']` adds what a service needs to each page's policy; a typed call picks a variant or option:",
    "`presets: [gleap({ variant: 'explicit-hosts', pusherCluster: 'eu' })]` (or `['gleap', { variant: 'explicit-hosts' }]` in JSON).",
    'A directive your policy lacks is first copied from the one that governs it (`default-src`), so nothing you allowed is',
    'lost. Your own presets take the same shape: `definePreset({ name, title, docs, checked, directives })`.',
    '',
    '| preset | service | variants | options | source |',
    '|---|---|---|---|---|',
    ...rows.map((r) => `| ${r} |`),
  ].join('\n')
}

/** `text` with the part between the markers replaced by `table`; undefined when the markers are missing. */
export function replaceTable(text: string, table: string): string | undefined {
  const start = text.indexOf(TABLE_START)
  const end = text.indexOf(TABLE_END)
  if (start < 0 || end < start) return undefined
  return `${text.slice(0, start + TABLE_START.length)}\n${table}\n${text.slice(end)}`
}

function variantsCell(p: Preset): string {
  const others = Object.keys(p.variants ?? {})
  if (others.length === 0) return '–'
  return [`\`${p.defaultVariant ?? 'default'}\` (default)`, ...others.map((v) => `\`${v}\``)].join(', ')
}

function optionsCell(p: Preset): string {
  const options = Object.entries(p.options ?? {})
  if (options.length === 0) return '–'
  return options
    .map(([name, o]) => {
      const values = o.values ? `: ${o.values.map((v) => `\`${v}\``).join(' ')}` : ''
      const fallback = o.default !== undefined ? `, default \`${o.default}\`` : `, required${requiredIn(p, name)}`
      return `\`${name}\`${values}${fallback}`
    })
    .join('; ')
}

/** ` for \`auth-ui\`` when only some variants use the option's placeholder; '' when all do. */
function requiredIn(p: Preset, option: string): string {
  const all: [string, Preset['directives']][] = [[p.defaultVariant ?? 'default', p.directives], ...Object.entries(p.variants ?? {})]
  const uses = all.filter(([, directives]) => Object.values(directives).some((sources) => sources.some((s) => s.includes(`{${option}}`))))
  return uses.length === all.length ? '' : ` for ${uses.map(([v]) => `\`${v}\``).join(', ')}`
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ')
}
