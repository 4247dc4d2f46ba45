import { diagnostic, type Diagnostic } from '../../diagnostics.js'
import { limitDiagnostic } from '../limits.js'
import type { HeaderRule } from '../rules.js'
import { leftAsIs, type WriterInput, type WriterResult } from './headers-file.js'
import { arrayValues, looksLikeCspkit, ownedBy, parseJsonConfig, setJsonValue, spliceJsonArray } from './json-edit.js'
import { ruleFingerprint } from '../owned-record.js'
import { legacyRuleWarnings, platformRuleOutcomes } from '../platform-outcomes.js'
import { readAzureSwaConfig } from '../read.js'

/** Azure Static Web Apps refuses a staticwebapp.config.json over 20 KB (HOSTS.md 5, 6). */
export const AZURE_SWA_MAX_BYTES = 20 * 1024

/** How the SWA CLI reads the file: Buffer.toString then JSON.parse, so a BOM fails it (the cloud is not documented; refused the same). */
export const AZURE_SWA_JSON = { title: 'Azure Static Web Apps', bom: 'rejected' } as const

interface AzureRoute {
  route: string
  headers: Record<string, string>
}

/**
 * A `route` as Azure SWA matches it: exact, a trailing `*` wildcard, or `*.{png,jpg}` extension
 * sets; matched without regard to case (the conservative reading: a wider match can only shadow more).
 */
export function azureRouteRegExp(route: string): RegExp | undefined {
  let out = ''
  for (let i = 0; i < route.length; i++) {
    const c = route[i]!
    if (c === '*') out += '.*'
    else if (c === '{') {
      const close = route.indexOf('}', i)
      if (close === -1) return undefined
      out += `(?:${route.slice(i + 1, close).split(',').map((p) => p.trim().replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')})`
      i = close
    } else out += c.replace(/[.+?^$()|[\]\\]/g, '\\$&')
  }
  try {
    return new RegExp(`^${out}$`, 'i')
  } catch {
    return undefined
  }
}

/**
 * staticwebapp.config.json: the site rule's headers go into `globalHeaders` (sent with every
 * response), each page whose policy differs gets one route per URL it is served at, whose headers
 * override the global ones. Only the first matching route applies, so a user route that matches a
 * page URL before cspkit's would hide the page's policy: that is an error, and the file stays as it
 * was (cspkit's routes never go before the user's, which may carry roles or rewrites).
 */
export function writeAzureSwaConfig(input: WriterInput): WriterResult {
  const site = input.rules.find((r) => r.scope === 'site')
  const routes = input.rules.filter((r) => r.scope === 'page').flatMap(azureRoutes)
  let text = input.existing?.trim() ? input.existing : '{}\n'
  // The SWA CLI and the cloud read the file as strict JSON.
  const parsed = parseJsonConfig(text, input.file, false, AZURE_SWA_JSON)
  if ('code' in parsed) return { text: undefined, diagnostics: [parsed] }
  const { config } = parsed
  if (config.routes !== undefined && !Array.isArray(config.routes))
    return leftAsIs(input.file, `"routes" in ${input.file} is not an array; the file was left as it was.`, 'Make "routes" an array of { "route", … } entries.')
  if (config.globalHeaders !== undefined && (typeof config.globalHeaders !== 'object' || config.globalHeaders === null || Array.isArray(config.globalHeaders)))
    return leftAsIs(input.file, `"globalHeaders" in ${input.file} is not an object; the file was left as it was.`, 'Make "globalHeaders" an object of header name → value.')
  const ownedLower = input.owned.map((o) => o.toLowerCase())
  // cspkit's routes: the ones its last build recorded or identical to one it writes now (owned-record.ts).
  const isOurs = ownedBy(input.ownedRecord, routes)
  const existing = (config.routes ?? []) as unknown[]
  const userRoutes = existing.map((r, i) => [r, i] as const).filter(([r]) => !isOurs(r))
  const legacy = input.ownedRecord ? [] : userRoutes.flatMap(([r, i]) => (looksLikeCspkit(routeHeaderNames(r), ownedLower) ? [`${input.file} routes[${i}]`] : []))
  const diagnostics: Diagnostic[] = [...legacyRuleWarnings(legacy, input.file)]
  for (const [route, index] of userRoutes) {
    const r = route as { route?: unknown; headers?: unknown }
    if (typeof r?.route !== 'string') continue
    const matcher = azureRouteRegExp(r.route)
    const shadowed = routes.find((ours) => matcher?.test(ours.route))
    if (shadowed)
      return {
        text: undefined,
        diagnostics: [
          ...diagnostics,
          diagnostic({
            code: 'HEADERS_USER_RULE_CONFLICT',
            severity: 'error',
            file: `${input.file} routes[${index}]`,
            message: `Your route '${r.route}' matches '${shadowed.route}', and Azure Static Web Apps applies only the first matching route, so that page would be served with another page's policy; the file was left as it was.`,
            fix: `Narrow the route '${r.route}' so it does not match page URLs, or give every page the same policy (headers.overflow: 'union' sends one site-wide policy).`,
          }),
        ],
      }
  }
  // cspkit owns its headers' names in globalHeaders; every other global header stays.
  for (const [name, value] of site?.headers ?? []) {
    const globals = (config.globalHeaders ?? {}) as Record<string, unknown>
    const yours = Object.keys(globals).find((k) => k.toLowerCase() === name.toLowerCase() && globals[k] !== value)
    // A value cspkit would not write now is the user's (the output's copy comes from public/ on each build).
    if (yours)
      diagnostics.push(
        diagnostic({
          code: 'HEADERS_USER_RULE_CONFLICT',
          file: `${input.file} globalHeaders`,
          message: `Your globalHeaders sets ${yours}, which cspkit also sets; cspkit's value replaces yours in the written file.`,
          fix: `Remove ${yours} from globalHeaders and configure it in cspkit's headers options instead.`,
        }),
      )
    const had = Object.keys(globals).find((k) => k.toLowerCase() === name.toLowerCase() && k !== name)
    if (had) text = setJsonValue(text, ['globalHeaders', had], undefined)
    if ((config.globalHeaders as Record<string, unknown> | undefined)?.[name] !== value) text = setJsonValue(text, ['globalHeaders', name], value)
  }
  if (routes.length > 0 || existing.some(isOurs)) text = spliceJsonArray(text, ['routes'], isOurs, routes, 'end')
  const bytes = Buffer.byteLength(text)
  if (bytes > AZURE_SWA_MAX_BYTES)
    return {
      text: undefined,
      diagnostics,
      overLimit: limitDiagnostic(input.file, `Azure Static Web Apps refuses a ${input.file} over 20 KB, and with this site's ${routes.length} page routes it would be ${bytes} bytes.`),
    }
  // What Azure sends where a user route sets one of cspkit's headers: cspkit's routes, and its names in globalHeaders.
  const written = ownedBy(undefined, routes)
  const ourOrigins = new Set(arrayValues(text, ['routes']).flatMap((v, i) => (written(v) ? [`${input.file} routes[${i}]`] : [])))
  const siteNames = new Set((site?.headers ?? []).map(([n]) => n.toLowerCase()))
  diagnostics.push(
    ...platformRuleOutcomes({
      read: readAzureSwaConfig(text, input.file),
      isOurs: (origin, name) => ourOrigins.has(origin) || (origin === `${input.file} globalHeaders` && siteNames.has(name)),
      hostTitle: 'Azure Static Web Apps',
      file: input.file,
      owned: input.owned,
      pageUrls: input.pageUrls ?? [],
      hadRecord: input.ownedRecord !== undefined,
    }),
  )
  return { text, diagnostics, ownedRecord: routes.map((r) => ruleFingerprint(r)) }
}

function routeHeaderNames(route: unknown): string[] {
  const headers = (route as { headers?: unknown })?.headers
  return typeof headers === 'object' && headers !== null ? Object.keys(headers) : []
}

function azureRoutes(rule: HeaderRule): AzureRoute[] {
  const headers = Object.fromEntries(rule.headers)
  // A `*` or `{` in a URL would be read as a pattern; rules.ts reports such pages before this.
  return rule.urls.map((route) => ({ route, headers }))
}
