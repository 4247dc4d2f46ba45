import { diagnostic, type Diagnostic } from '../diagnostics.js'
import { closest } from '../options.js'
import { showValue } from '../show-value.js'
import { mergePolicies } from '../policy/merge.js'
import { emptyPolicy, type Policy } from '../policy/model.js'
import { parsePolicy } from '../policy/parse.js'
import { PRESET_NAMES, presets as registry, type PresetName } from './registry.js'
import { describeForm, matchesForm, OPTION_FORMS, type OptionForm } from './option-forms.js'
import type { Preset, PresetCall, PresetDirectives, PresetOption, PresetPolicy } from './types.js'

/**
 * What the `presets` option accepts per entry: a registry name (`'gleap'`), a typed call
 * (`gleap({ variant: 'explicit-hosts' })`), a `[name, { variant, …options }]` pair (for JSON configs), or
 * the user's own preset object.
 */
export type PresetInput =
  | PresetName
  | PresetCall
  | Preset
  | readonly [PresetName, { readonly variant?: string; readonly [option: string]: string | undefined }]

export interface ResolvedPresets {
  /** The presets in use, in order, each with its variant and options applied. */
  readonly list: readonly PresetPolicy[]
  /** Their union: every source any of them adds, per directive. */
  readonly policy: Policy
  readonly diagnostics: readonly Diagnostic[]
}

const PLACEHOLDER = /\{([A-Za-z][A-Za-z0-9]*)\}/g
/** Looks up, checks and fills in each preset; every problem is a diagnostic naming `presets[i]`. */
export function resolvePresets(inputs: unknown, option = 'presets'): ResolvedPresets {
  const diagnostics: Diagnostic[] = []
  if (inputs === undefined) return { list: [], policy: emptyPolicy(), diagnostics }
  if (!Array.isArray(inputs)) {
    diagnostics.push(
      invalid(option, `'${option}' must be a list of preset names, calls or preset objects, got ${describe(inputs)}.`, `Write e.g. ${option}: ['gleap'].`),
    )
    return { list: [], policy: emptyPolicy(), diagnostics }
  }
  const list: PresetPolicy[] = []
  inputs.forEach((input: unknown, i) => {
    const where = `${option}[${i}]`
    const call = toCall(input, where, diagnostics)
    if (!call) return
    const resolved = resolveCall(call, where, diagnostics)
    if (!resolved) return
    // The same preset twice (e.g. PostHog's EU and US projects on one site): both variants' sources.
    const same = list.findIndex((p) => p.name === resolved.name)
    if (same === -1) list.push(resolved)
    else list[same] = Object.freeze({ ...resolved, policy: mergePolicies(list[same]!.policy, resolved.policy) })
  })
  return { list, policy: mergePolicies(...list.map((p) => p.policy)), diagnostics }
}

function toCall(input: unknown, where: string, diagnostics: Diagnostic[]): PresetCall | undefined {
  if (typeof input === 'string') return { preset: input }
  if (Array.isArray(input)) {
    const [name, options = {}] = input as [unknown, unknown]
    if (typeof name !== 'string' || typeof options !== 'object' || options === null || Array.isArray(options)) {
      diagnostics.push(invalid(where, `A preset pair must be [name, { variant, …options }], got ${describe(input)}.`, `Write e.g. ['gleap', { variant: 'explicit-hosts' }].`))
      return undefined
    }
    const { variant, ...values } = options as Record<string, unknown>
    return { preset: name, ...(variant !== undefined ? { variant: variant as string } : {}), options: values as Record<string, string> }
  }
  if (typeof input === 'object' && input !== null) {
    if ('preset' in input) return input as PresetCall
    if ('directives' in input || 'name' in input) return { preset: input as Preset }
  }
  diagnostics.push(
    invalid(where, `A preset must be a name, a preset call or a preset object, got ${describe(input)}.`, `Use one of the built-in names (${PRESET_NAMES.slice(0, 5).join(', ')}, …) or definePreset({ name, title, docs, checked, directives }).`),
  )
  return undefined
}

function resolveCall(call: PresetCall, where: string, diagnostics: Diagnostic[]): PresetPolicy | undefined {
  const preset = typeof call.preset === 'string' ? lookup(call.preset, where, diagnostics) : call.preset
  if (!preset) return undefined
  if (!checkShape(preset, where, diagnostics)) return undefined
  const name = preset.name

  const variantNames = [preset.defaultVariant ?? 'default', ...Object.keys(preset.variants ?? {})]
  let directives: PresetDirectives = preset.directives
  let variant = call.variant
  const renamedTo = typeof variant === 'string' && preset.renamedVariants && Object.hasOwn(preset.renamedVariants, variant) ? preset.renamedVariants[variant] : undefined
  if (renamedTo !== undefined) {
    diagnostics.push(
      diagnostic({
        code: 'PRESET_VARIANT_RENAMED',
        option: `${where}.variant`,
        preset: name,
        message: `Preset '${name}': variant '${variant}' is now called '${renamedTo}' (the same sources); the old name still works for now.`,
        fix: `Write variant: '${renamedTo}'.`,
      }),
    )
    variant = renamedTo
  }
  if (variant !== undefined && variant !== (preset.defaultVariant ?? 'default')) {
    const chosen = typeof variant === 'string' ? preset.variants?.[variant] : undefined
    if (!chosen) {
      // A typo of an old name ('stirct') suggests the name it was renamed to.
      const near = typeof call.variant === 'string' ? closest(call.variant, [...variantNames, ...Object.keys(preset.renamedVariants ?? {})]) : undefined
      const suggestion = near !== undefined && preset.renamedVariants && Object.hasOwn(preset.renamedVariants, near) ? preset.renamedVariants[near] : near
      diagnostics.push(
        invalid(`${where}.variant`, `Preset '${name}' has no variant ${showValue(call.variant)}.`, suggestion ? `Did you mean '${suggestion}'?` : `Use one of: ${variantNames.map((v) => `'${v}'`).join(', ')}.`, name),
      )
      return undefined
    }
    directives = chosen
  }

  const values = optionValues(preset, call.options ?? {}, directives, where, diagnostics)
  if (!values) return undefined
  const filled = Object.fromEntries(
    Object.entries(directives).map(([directive, sources]) => [directive, sources.map((s) => s.replace(PLACEHOLDER, (_, key: string) => values[key] ?? `{${key}}`))]),
  )
  const parsed = parsePolicy(filled, { option: where, preset: name })
  diagnostics.push(...parsed.diagnostics)
  return Object.freeze({ name, policy: parsed.policy, ...(preset.strictDynamic ? { strictDynamic: preset.strictDynamic } : {}) })
}

function lookup(name: string, where: string, diagnostics: Diagnostic[]): Preset | undefined {
  const preset = (registry as Readonly<Record<string, Preset>>)[name]
  if (preset && Object.hasOwn(registry, name)) return preset
  const suggestions = closestNames(name)
  diagnostics.push(
    invalid(
      where,
      `'${name}' is not a cspkit preset.`,
      suggestions.length > 0
        ? `Did you mean ${suggestions.map((s) => `'${s}'`).join(' or ')}? Or pass your own preset object (definePreset).`
        : `Built-in presets: ${PRESET_NAMES.join(', ')}. Or pass your own preset object (definePreset).`,
    ),
  )
  return undefined
}

/** Up to three registry names near `name`: the closest by edit distance, then names that contain it or that it contains. */
function closestNames(name: string): string[] {
  const lower = name.toLowerCase().replace(/[\s_]/g, '-')
  const near = closest(lower, PRESET_NAMES)
  const related = PRESET_NAMES.filter((p) => lower.length >= 3 && (p.includes(lower) || lower.includes(p)))
  return [...new Set([...(near ? [near] : []), ...related])].slice(0, 3)
}

function checkShape(preset: Preset, where: string, diagnostics: Diagnostic[]): boolean {
  const problems: string[] = []
  if (typeof preset.name !== 'string' || !/^[a-z0-9][a-z0-9-]*$/.test(preset.name)) problems.push('a name of lower-case letters, digits and "-"')
  if (typeof preset.directives !== 'object' || preset.directives === null || Array.isArray(preset.directives)) problems.push('directives: an object of directive → sources')
  for (const key of ['title', 'docs', 'checked'] as const) if (typeof preset[key] !== 'string') problems.push(`${key}: a string`)
  if (problems.length === 0) return true
  diagnostics.push(
    invalid(where, `The preset object is missing ${problems.join(', ')}.`, 'Declare it with definePreset({ name, title, docs, checked, directives }).', typeof preset.name === 'string' ? preset.name : undefined),
  )
  return false
}

function optionValues(
  preset: Preset,
  given: { readonly [option: string]: string },
  directives: PresetDirectives,
  where: string,
  diagnostics: Diagnostic[],
): Record<string, string> | undefined {
  const declared = preset.options ?? {}
  const names = Object.keys(declared)
  let ok = true
  for (const [key, value] of Object.entries(given)) {
    const spec = declared[key]
    if (!spec) {
      const suggestion = closest(key, ['variant', ...names])
      diagnostics.push(invalid(`${where}.${key}`, `Preset '${preset.name}' has no option '${key}'.`, suggestion ? `Did you mean '${suggestion}'?` : names.length > 0 ? `Its options: variant, ${names.join(', ')}.` : `It takes only 'variant'.`, preset.name))
      ok = false
    } else if (typeof value !== 'string' || (spec.values && !spec.values.includes(value))) {
      const suggestion = typeof value === 'string' && spec.values ? closest(value, spec.values) : undefined
      diagnostics.push(
        invalid(`${where}.${key}`, `${showValue(value)} is not a valid '${key}' for preset '${preset.name}' (${spec.description}).`, suggestion ? `Did you mean '${suggestion}'?` : spec.values ? `Use one of: ${spec.values.map((v) => `'${v}'`).join(', ')}.` : `Give '${key}' as a string.`, preset.name),
      )
      ok = false
    } else if (!spec.values && !freeTextOk(preset, key, spec, value, `${where}.${key}`, diagnostics)) {
      ok = false
    }
  }
  // A user's preset may carry a default that its own grammar rejects: checked like a given value.
  for (const [key, spec] of Object.entries(declared)) {
    if (Object.hasOwn(given, key) || spec.values || spec.default === undefined) continue
    if (!freeTextOk(preset, key, spec, spec.default, `${where}.${key}`, diagnostics, ' (its default)')) ok = false
  }
  const values: Record<string, string> = {}
  for (const name of names) {
    const value = given[name] ?? declared[name]?.default
    if (value !== undefined) values[name] = value
  }
  for (const sources of Object.values(directives)) {
    for (const source of sources) {
      for (const [, key] of source.matchAll(PLACEHOLDER)) {
        if (key === undefined || key in values) continue
        diagnostics.push(
          invalid(`${where}.${key}`, `Preset '${preset.name}' needs '${key}' for ${JSON.stringify(source)}.`, declared[key] ? `Pass it: { ${key}: '…' } (${declared[key].description}).` : `Declare '${key}' in the preset's options, or remove the placeholder.`, preset.name),
        )
        values[key] = `{${key}}` // report each missing option once
        ok = false
      }
    }
  }
  return ok ? values : undefined
}

/**
 * A free-text value lands inside a source: it must match the option's grammar exactly, or a '*', a
 * space, a quote, a scheme, a port, a path or an extra label would widen the policy.
 */
function freeTextOk(preset: Preset, key: string, spec: PresetOption, value: unknown, option: string, diagnostics: Diagnostic[], which = ''): boolean {
  const form: OptionForm = spec.form ?? 'host-name'
  if (!OPTION_FORMS.includes(form)) {
    diagnostics.push(invalid(option, `Preset '${preset.name}' declares option '${key}' with form ${JSON.stringify(form)}, which is not an option grammar.`, `Declare form as one of ${OPTION_FORMS.map((f) => `'${f}'`).join(', ')}, or list the allowed values.`, preset.name))
    return false
  }
  if (typeof value === 'string' && matchesForm(value, form)) return true
  const { expected, example } = describeForm(form)
  diagnostics.push(
    invalid(
      option,
      `${showValue(value)}${which} is not a valid '${key}' for preset '${preset.name}' (${spec.description}): it must be ${expected}, so that it cannot add or widen a source.`,
      `Give '${key}' as ${expected}, e.g. ${example} (no '*', spaces, quotes, scheme, port or path).`,
      preset.name,
    ),
  )
  return false
}

function invalid(option: string, message: string, fix: string, preset?: string): Diagnostic {
  return diagnostic({ code: 'OPTION_INVALID', option, message, fix, ...(preset ? { preset } : {}) })
}

function describe(value: unknown): string {
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'an array'
  return typeof value === 'object' ? 'an object' : `${typeof value} ${showValue(value)}`
}
