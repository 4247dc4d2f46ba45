import { diagnostic, type Diagnostic } from '../../diagnostics.js'
import type { HeaderRule } from '../rules.js'
import { leftAsIs, type WriterInput, type WriterResult } from './headers-file.js'
import { onlyKeys, parseJsonConfig, spliceJsonArray } from './json-edit.js'

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
  if (input.existing === undefined || input.existing.trim() === '') return { text: `${JSON.stringify({ headers: rules }, null, 2)}\n`, diagnostics: [] }
  const parsed = parseJsonConfig(input.existing, input.file)
  if ('code' in parsed) return { text: undefined, diagnostics: [parsed] }
  const { config } = parsed
  if (config.headers !== undefined && !Array.isArray(config.headers))
    return leftAsIs(input.file, `"headers" in ${input.file} is not an array; the file was left as it was.`, 'Make "headers" an array of { "for", "values" } rules.')
  const ownedLower = input.owned.map((o) => o.toLowerCase())
  const ourPaths = new Set(rules.map((r) => r.for))
  const isOurs = (value: unknown): boolean => {
    if (!onlyKeys(value, ['for', 'values']) || typeof value.values !== 'object' || value.values === null) return false
    const keys = Object.keys(value.values).map((k) => k.toLowerCase())
    return keys.length > 0 && keys.every((k) => ownedLower.includes(k)) && (keys.some((k) => k.startsWith('content-security-policy')) || ourPaths.has(value.for as string))
  }
  const existing = (config.headers ?? []) as unknown[]
  const diagnostics: Diagnostic[] = existing.flatMap((r, i) => (isOurs(r) ? [] : conflicts(r, i, ownedLower, input.file)))
  return { text: spliceJsonArray(input.existing, ['headers'], isOurs, rules, 'end'), diagnostics }
}

function frameworksRules(rule: HeaderRule): FrameworksHeaderRule[] {
  const values = Object.fromEntries(rule.headers)
  return (rule.scope === 'site' ? ['/*'] : rule.urls).map((path) => ({ for: path, values }))
}

function conflicts(rule: unknown, index: number, ownedLower: readonly string[], file: string): Diagnostic[] {
  const r = rule as { for?: unknown; values?: unknown }
  const names = typeof r?.values === 'object' && r.values !== null ? Object.keys(r.values) : []
  return names
    .filter((n) => ownedLower.includes(n.toLowerCase()))
    .map((name) =>
      diagnostic({
        code: 'HEADERS_USER_RULE_CONFLICT',
        file: `${file} headers[${index}]`,
        message: `The rule for '${String(r.for)}' sets ${name}, which cspkit also sets, so the URLs it matches get two values (for a CSP, two policies enforced together).`,
        fix: `Remove ${name} from that rule and configure it in cspkit's headers options instead.`,
      }),
    )
}
