import { diagnostic, type Diagnostic } from '../../diagnostics.js'
import { limitDiagnostic, VERCEL_MAX_RULES, VERCEL_MAX_VALUE } from '../limits.js'
import type { HeaderRule } from '../rules.js'
import type { VercelRouting } from '../routes.js'
import { leftAsIs, type WriterInput, type WriterResult } from './headers-file.js'
import { escapeRegExpPath, onlyKeys, parseJsonConfig, spliceJsonArray } from './json-edit.js'

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
  if (input.existing === undefined || input.existing.trim() === '') return { text: `${JSON.stringify({ version: 3, routes }, null, 2)}\n`, diagnostics: [] }
  const parsed = parseJsonConfig(input.existing, input.file)
  if ('code' in parsed) return { text: undefined, diagnostics: [parsed] }
  const { config } = parsed
  if (config.routes !== undefined && !Array.isArray(config.routes))
    return leftAsIs(input.file, `"routes" in ${input.file} is not an array; the file was left as it was.`, 'Make "routes" an array of Build Output routes.')
  if (config.version !== undefined && config.version !== 3)
    return leftAsIs(input.file, `${input.file} declares Build Output version ${JSON.stringify(config.version)}; cspkit writes version 3 routes only; the file was left as it was.`, 'Rebuild with a Vercel CLI or adapter that writes Build Output API v3.')
  const ourSources = new Set(routes.map((r) => r.src))
  const isOurs = (value: unknown): boolean => {
    if (!onlyKeys(value, ['src', 'headers', 'continue']) || value.continue !== true || typeof value.headers !== 'object' || value.headers === null) return false
    const keys = Object.keys(value.headers).map((k) => k.toLowerCase())
    return keys.length > 0 && keys.every((k) => ownedLower.includes(k)) && (keys.some((k) => k.startsWith('content-security-policy')) || ourSources.has(value.src as string))
  }
  const existing = (config.routes ?? []) as unknown[]
  const user = existing.filter((r) => !isOurs(r))
  if (routes.length + user.length > VERCEL_MAX_RULES)
    return { text: undefined, diagnostics: [], overLimit: limitDiagnostic(input.file, `Vercel accepts at most ${VERCEL_MAX_RULES} routes, and this site needs ${routes.length} (plus ${user.length} of yours).`) }
  const diagnostics: Diagnostic[] = existing.flatMap((r, i) => (isOurs(r) ? [] : conflicts(r, i, ownedLower, input.file)))
  return { text: spliceJsonArray(input.existing, ['routes'], isOurs, routes, 'start'), diagnostics }
}

function buildOutputRoute(rule: HeaderRule): BuildOutputRoute {
  const headers = Object.fromEntries(rule.headers)
  if (rule.scope === 'site') return { src: '^/(.*)$', headers, continue: true }
  const urls = rule.urls.map(escapeRegExpPath)
  return { src: urls.length === 1 ? `^${urls[0]}$` : `^(?:${urls.join('|')})$`, headers, continue: true }
}

function conflicts(route: unknown, index: number, ownedLower: readonly string[], file: string): Diagnostic[] {
  const r = route as { src?: unknown; headers?: unknown }
  const names = typeof r?.headers === 'object' && r.headers !== null ? Object.keys(r.headers) : []
  return names
    .filter((n) => ownedLower.includes(n.toLowerCase()))
    .map((name) =>
      diagnostic({
        code: 'HEADERS_USER_RULE_CONFLICT',
        file: `${file} routes[${index}]`,
        message: `The route '${String(r.src)}' sets ${name}, which cspkit also sets; Vercel applies the later route, so on the URLs it matches the page's policy is replaced.`,
        fix: `Remove ${name} from that route (or from the framework's header config) and configure it in cspkit's headers options instead.`,
      }),
    )
}
