import { diagnostic, type Diagnostic } from '../../diagnostics.js'
import { limitDiagnostic, VERCEL_MAX_RULES, VERCEL_MAX_VALUE } from '../limits.js'
import type { HeaderRule } from '../rules.js'
import type { VercelRouting } from '../routes.js'
import { leftAsIs, type WriterInput, type WriterResult } from './headers-file.js'
import { arrayValues, escapeRegExpPath, looksLikeCspkit, ownedBy, parseJsonConfig, spliceJsonArray } from './json-edit.js'
import { ruleFingerprint } from '../owned-record.js'
import { legacyRuleWarnings, platformRuleOutcomes } from '../platform-outcomes.js'
import { readVercelOutputConfig } from '../read.js'

/** The Vercel CLI reads the Build Output config with JSON.parse, as it does vercel.json: a BOM fails the deployment. */
export const VERCEL_OUTPUT_JSON = { title: 'Vercel', bom: 'rejected' } as const

interface BuildOutputRoute {
  src: string
  headers: Record<string, string>
  continue: true
}

/**
 * Which URLs the Build Output serves pages at: `overrides` that map `about.html` to `about` are what
 * `cleanUrls` leaves in a built config.json (HOSTS.md 3.2); the plugin's settings decide otherwise.
 */
export function vercelOutputRouting(config: Record<string, unknown> | undefined, fallback: { cleanUrls: boolean | undefined; trailingSlash: boolean | undefined }): VercelRouting {
  const overrides = config?.overrides
  const clean =
    typeof overrides === 'object' && overrides !== null && Object.entries(overrides).some(([file, o]) => file.endsWith('.html') && typeof (o as { path?: unknown })?.path === 'string' && !(o as { path: string }).path.endsWith('.html'))
  return { cleanUrls: fallback.cleanUrls ?? clean, trailingSlash: fallback.trailingSlash }
}

/**
 * `.vercel/output/config.json` (Build Output API v3), for `vercel deploy --prebuilt`, which uses the
 * built config as is. cspkit's header routes (`continue: true`, so routing goes on) go first, before
 * any framework route and before `{ "handle": "filesystem" }`: the site route, then one route per
 * page whose policy differs, which overrides it (later routes win per header). The user's routes and
 * every other key stay as written.
 */
export function writeVercelOutputConfig(input: WriterInput): WriterResult {
  const routes = input.rules.map(buildOutputRoute)
  const ownedLower = input.owned.map((o) => o.toLowerCase())
  const long = routes.flatMap((r) => Object.entries(r.headers)).find(([, v]) => v.length > VERCEL_MAX_VALUE)
  if (long) return { text: undefined, diagnostics: [], overLimit: limitDiagnostic(input.file, `Vercel rejects header values over ${VERCEL_MAX_VALUE} characters, and a ${long[0]} value is ${long[1].length}.`) }
  if (input.existing === undefined || input.existing.trim() === '') return { text: `${JSON.stringify({ version: 3, routes }, null, 2)}\n`, diagnostics: [], ownedRecord: routes.map((r) => ruleFingerprint(r)) }
  const parsed = parseJsonConfig(input.existing, input.file, false, VERCEL_OUTPUT_JSON)
  if ('code' in parsed) return { text: undefined, diagnostics: [parsed] }
  const { config } = parsed
  if (config.routes !== undefined && !Array.isArray(config.routes))
    return leftAsIs(input.file, `"routes" in ${input.file} is not an array; the file was left as it was.`, 'Make "routes" an array of Build Output routes.')
  if (config.version !== undefined && config.version !== 3)
    return leftAsIs(input.file, `${input.file} declares Build Output version ${JSON.stringify(config.version)}; cspkit writes version 3 routes only; the file was left as it was.`, 'Rebuild with a Vercel CLI or adapter that writes Build Output API v3.')
  // cspkit's routes: the ones its last build recorded or identical to one it writes now (owned-record.ts).
  const isOurs = ownedBy(input.ownedRecord, routes)
  const existing = (config.routes ?? []) as unknown[]
  const user = existing.filter((r) => !isOurs(r))
  if (routes.length + user.length > VERCEL_MAX_RULES)
    return { text: undefined, diagnostics: [], overLimit: limitDiagnostic(input.file, `Vercel accepts at most ${VERCEL_MAX_RULES} routes, and this site needs ${routes.length} (plus ${user.length} of yours).`) }
  const text = spliceJsonArray(input.existing, ['routes'], isOurs, routes, 'start')
  const written = ownedBy(undefined, routes)
  const values = arrayValues(text, ['routes'])
  const origin = (i: number) => `${input.file} routes[${i}]`
  const ours = new Set(values.flatMap((v, i) => (written(v) ? [origin(i)] : [])))
  const legacy = input.ownedRecord
    ? []
    : values.flatMap((v, i) => {
        const r = v as { headers?: unknown; continue?: unknown }
        return !written(v) && r?.continue === true && typeof r.headers === 'object' && r.headers !== null && looksLikeCspkit(Object.keys(r.headers), ownedLower) ? [origin(i)] : []
      })
  const diagnostics: Diagnostic[] = [
    ...legacyRuleWarnings(legacy, input.file),
    ...platformRuleOutcomes({
      read: readVercelOutputConfig(text, input.file),
      isOurs: (o) => ours.has(o),
      hostTitle: 'Vercel',
      file: input.file,
      owned: input.owned,
      pageUrls: input.pageUrls ?? [],
      hadRecord: input.ownedRecord !== undefined,
    }),
  ]
  return { text, diagnostics, ownedRecord: routes.map((r) => ruleFingerprint(r)) }
}

function buildOutputRoute(rule: HeaderRule): BuildOutputRoute {
  const headers = Object.fromEntries(rule.headers)
  if (rule.scope === 'site') return { src: '^/(.*)$', headers, continue: true }
  const urls = rule.urls.map(escapeRegExpPath)
  return { src: urls.length === 1 ? `^${urls[0]}$` : `^(?:${urls.join('|')})$`, headers, continue: true }
}
