import { diagnostic, type Diagnostic } from '../../diagnostics.js'
import { limitDiagnostic } from '../limits.js'
import type { HeaderRule } from '../rules.js'
import { leftAsIs, type WriterInput, type WriterResult } from './headers-file.js'
import { onlyKeys, parseJsonConfig, setJsonValue, spliceJsonArray } from './json-edit.js'

/** Azure Static Web Apps refuses a staticwebapp.config.json over 20 KB (HOSTS.md 5, 6). */
export const AZURE_SWA_MAX_BYTES = 20 * 1024

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
  const parsed = parseJsonConfig(text, input.file)
  if ('code' in parsed) return { text: undefined, diagnostics: [parsed] }
  const { config } = parsed
  if (config.routes !== undefined && !Array.isArray(config.routes))
    return leftAsIs(input.file, `"routes" in ${input.file} is not an array; the file was left as it was.`, 'Make "routes" an array of { "route", … } entries.')
  if (config.globalHeaders !== undefined && (typeof config.globalHeaders !== 'object' || config.globalHeaders === null || Array.isArray(config.globalHeaders)))
    return leftAsIs(input.file, `"globalHeaders" in ${input.file} is not an object; the file was left as it was.`, 'Make "globalHeaders" an object of header name → value.')
  const ownedLower = input.owned.map((o) => o.toLowerCase())
  const isOurs = (value: unknown): boolean => {
    if (!onlyKeys(value, ['route', 'headers']) || typeof value.route !== 'string' || typeof value.headers !== 'object' || value.headers === null) return false
    const keys = Object.keys(value.headers).map((k) => k.toLowerCase())
    return keys.length > 0 && keys.every((k) => ownedLower.includes(k)) && keys.some((k) => k.startsWith('content-security-policy'))
  }
  const existing = (config.routes ?? []) as unknown[]
  const userRoutes = existing.map((r, i) => [r, i] as const).filter(([r]) => !isOurs(r))
  const diagnostics: Diagnostic[] = []
  for (const [route, index] of userRoutes) {
    const r = route as { route?: unknown; headers?: unknown }
    if (typeof r?.route !== 'string') continue
    const matcher = azureRouteRegExp(r.route)
    const shadowed = routes.find((ours) => matcher?.test(ours.route))
    if (shadowed)
      return {
        text: undefined,
        diagnostics: [
          diagnostic({
            code: 'HEADERS_USER_RULE_CONFLICT',
            severity: 'error',
            file: `${input.file} routes[${index}]`,
            message: `Your route '${r.route}' matches '${shadowed.route}', and Azure Static Web Apps applies only the first matching route, so that page would be served with another page's policy; the file was left as it was.`,
            fix: `Narrow the route '${r.route}' so it does not match page URLs, or give every page the same policy (headers.overflow: 'union' sends one site-wide policy).`,
          }),
        ],
      }
    const headers = typeof r.headers === 'object' && r.headers !== null ? Object.keys(r.headers) : []
    for (const name of headers.filter((h) => ownedLower.includes(h.toLowerCase())))
      diagnostics.push(
        diagnostic({
          code: 'HEADERS_USER_RULE_CONFLICT',
          file: `${input.file} routes[${index}]`,
          message: `Your route '${r.route}' sets ${name}, which overrides the value cspkit puts in globalHeaders for the URLs it matches.`,
          fix: `Remove ${name} from that route and configure it in cspkit's headers options instead.`,
        }),
      )
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
  return { text, diagnostics }
}

function azureRoutes(rule: HeaderRule): AzureRoute[] {
  const headers = Object.fromEntries(rule.headers)
  // A `*` or `{` in a URL would be read as a pattern; rules.ts reports such pages before this.
  return rule.urls.map((route) => ({ route, headers }))
}
