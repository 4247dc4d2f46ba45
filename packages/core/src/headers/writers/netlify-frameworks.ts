import { diagnostic, type Diagnostic } from '../../diagnostics.js'
import type { HeaderRule } from '../rules.js'
import { leftAsIs, type WriterInput, type WriterResult } from './headers-file.js'
import { arrayValues, looksLikeCspkit, ownedBy, parseJsonConfig, spliceJsonArray } from './json-edit.js'
import { ruleFingerprint } from '../owned-record.js'
import { legacyRuleWarnings, platformRuleOutcomes } from '../platform-outcomes.js'
import { readNetlifyFrameworksConfig } from '../read.js'

/** Netlify's config loader reads the file with JSON.parse (not verified against its source here): a BOM is refused rather than guessed. */
export const NETLIFY_FRAMEWORKS_JSON = { title: 'Netlify', bom: 'rejected' } as const

interface FrameworksHeaderRule {
  for: string
  values: Record<string, string>
}

/**
 * Netlify's Frameworks API `.netlify/v1/config.json` `headers`: the same `{ for, values }` rules as
 * netlify.toml's `[[headers]]`, read by Netlify together with `_headers` and netlify.toml. Netlify has
 * no override for a header two matching rules set, so the plan gives each URL one rule per header
 * (as for `_headers`). The user's or framework's rules and other keys (redirects, images) stay.
 */
export function writeNetlifyFrameworksConfig(input: WriterInput): WriterResult {
  const rules = input.rules.flatMap(frameworksRules)
  if (input.existing === undefined || input.existing.trim() === '') return { text: `${JSON.stringify({ headers: rules }, null, 2)}\n`, diagnostics: [], ownedRecord: rules.map((r) => ruleFingerprint(r)) }
  const parsed = parseJsonConfig(input.existing, input.file, false, NETLIFY_FRAMEWORKS_JSON)
  if ('code' in parsed) return { text: undefined, diagnostics: [parsed] }
  const { config } = parsed
  if (config.headers !== undefined && !Array.isArray(config.headers))
    return leftAsIs(input.file, `"headers" in ${input.file} is not an array; the file was left as it was.`, 'Make "headers" an array of { "for", "values" } rules.')
  const ownedLower = input.owned.map((o) => o.toLowerCase())
  // cspkit's rules: the ones its last build recorded or identical to one it writes now (owned-record.ts).
  const isOurs = ownedBy(input.ownedRecord, rules)
  const text = spliceJsonArray(input.existing, ['headers'], isOurs, rules, 'end')
  const written = ownedBy(undefined, rules)
  const values = arrayValues(text, ['headers'])
  const origin = (i: number) => `${input.file} headers[${i}]`
  const ours = new Set(values.flatMap((v, i) => (written(v) ? [origin(i)] : [])))
  const legacy = input.ownedRecord
    ? []
    : values.flatMap((v, i) => {
        const values = (v as { values?: unknown })?.values
        return !written(v) && typeof values === 'object' && values !== null && looksLikeCspkit(Object.keys(values), ownedLower) ? [origin(i)] : []
      })
  const diagnostics: Diagnostic[] = [
    ...legacyRuleWarnings(legacy, input.file),
    ...platformRuleOutcomes({
      read: readNetlifyFrameworksConfig(text, input.file),
      isOurs: (o) => ours.has(o),
      hostTitle: 'Netlify',
      file: input.file,
      owned: input.owned,
      pageUrls: input.pageUrls ?? [],
      hadRecord: input.ownedRecord !== undefined,
    }),
  ]
  return { text, diagnostics, ownedRecord: rules.map((r) => ruleFingerprint(r)) }
}

function frameworksRules(rule: HeaderRule): FrameworksHeaderRule[] {
  const values = Object.fromEntries(rule.headers)
  return (rule.scope === 'site' ? ['/*'] : rule.urls).map((path) => ({ for: path, values }))
}
