import { existsSync, readFileSync } from 'node:fs'
import { join, relative, resolve } from 'node:path'
import {
  CspkitError,
  cspPoliciesAt,
  diagnostic,
  hostTitle,
  pageUrls,
  enforcedPolicies,
  readHeadersFile,
  readNetlifyToml,
  readVercelJson,
  readNginxConfig,
  readCaddyfile,
  readApacheHtaccess,
  readFirebaseJson,
  readAzureSwaConfig,
  readVercelOutputConfig,
  readNetlifyFrameworksConfig,
  readAmplifyCustomHttp,
  type Diagnostic,
  type HeaderHost,
  type HeaderRules,
  type ResolvedOptions,
} from '@cspkit/core'
import { usage } from './flags.js'
import type { DeliveredPolicy } from './check.js'

export const CHECK_HOSTS: readonly HeaderHost[] = ['netlify', 'cloudflare', 'vercel', 'nginx', 'caddy', 'apache', 'firebase', 'azure-swa', 'vercel-output', 'netlify-frameworks', 'amplify']

/**
 * The hosts whose file is one JSON/YAML config (not `_headers`): where it is (the output folder for
 * Azure SWA, the project otherwise), its usual name, and its reader.
 */
const CONFIG_HOSTS: Partial<Record<HeaderHost, { where: 'output' | 'project'; path: (o: ResolvedOptions) => string; read: (text: string, file: string, o: ResolvedOptions) => HeaderRules }>> = {
  firebase: { where: 'project', path: (o) => o.headers.firebase.configPath, read: (t, f, o) => readFirebaseJson(t, f, o.headers.firebase) },
  'azure-swa': { where: 'output', path: (o) => o.headers.azureSwa.configPath, read: (t, f) => readAzureSwaConfig(t, f) },
  'vercel-output': { where: 'project', path: (o) => o.headers.vercelOutput.configPath, read: (t, f, o) => readVercelOutputConfig(t, f, o.headers.vercelOutput) },
  'netlify-frameworks': { where: 'project', path: (o) => o.headers.netlifyFrameworks.configPath, read: (t, f) => readNetlifyFrameworksConfig(t, f) },
  amplify: { where: 'project', path: (o) => o.headers.amplify.configPath, read: (t, f) => readAmplifyCustomHttp(t, f) },
}

/** The policies one host sends with a page at one of its URLs. */
export interface HeaderDelivery {
  readonly host: HeaderHost
  readonly url: string
  readonly policies: readonly DeliveredPolicy[]
  /** Headers here that browsers read as no policy at all (an empty value, only commas), by rule. */
  readonly unreadable: readonly { readonly origin: string; readonly text: string }[]
}

export interface HeaderSetup {
  /** One entry per host the site is checked for (several when the `_headers` dialect is unknown). */
  readonly hosts: readonly HeaderRules[]
  readonly diagnostics: readonly Diagnostic[]
}

export interface HeaderFlags {
  readonly host?: string
  readonly vercelConfig?: string
  readonly netlifyConfig?: string
}

/**
 * Which host header files apply, read the way their hosts read them. The host comes from --host, else
 * the config's `hosts`, else the files present: `vercel.json` / `netlify.toml` only when named with a
 * flag (they live in the project, not the output); a `_headers` in the folder is read as Cloudflare
 * when it uses Cloudflare-only syntax, otherwise as both Netlify and Cloudflare (it must pass on both).
 */
export function loadHeaderRules(root: string, cwd: string, flags: HeaderFlags, options: ResolvedOptions): HeaderSetup {
  if (flags.host !== undefined && !(CHECK_HOSTS as readonly string[]).includes(flags.host))
    throw usage('check', `--host must be one of ${CHECK_HOSTS.join(', ')}, got "${flags.host}".`)
  const headersPath = join(root, '_headers')
  const headersText = readText(headersPath)
  const vercelPath = resolve(cwd, flags.vercelConfig ?? options.headers.vercel.configPath)
  const tomlPath = resolve(cwd, flags.netlifyConfig ?? options.headers.netlifyToml.configPath)
  const configured = [...new Set(options.hosts.map((h) => (h === 'netlify-toml' ? 'netlify' : h)))].filter((h): h is HeaderHost => (CHECK_HOSTS as readonly string[]).includes(h))

  let hosts: HeaderHost[]
  if (flags.host) hosts = [flags.host as HeaderHost]
  else if (configured.length > 0) hosts = configured
  else {
    hosts = []
    if (flags.vercelConfig) hosts.push('vercel')
    if (flags.netlifyConfig) hosts.push('netlify')
    if (headersText !== undefined && hosts.length === 0) hosts.push(...(usesCloudflareSyntax(headersText) ? ['cloudflare' as const] : ['netlify' as const, 'cloudflare' as const]))
  }

  const out: HeaderRules[] = []
  const diagnostics: Diagnostic[] = []
  const name = (path: string) => displayPath(cwd, path)
  for (const host of hosts) {
    const parts: HeaderRules[] = []
    const config = CONFIG_HOSTS[host]
    if (config) {
      const path = config.where === 'output' ? join(root, config.path(options)) : resolve(cwd, config.path(options))
      const text = readText(path)
      if (text === undefined) throw missing(name(path), config.path(options), `hosts: ['${host}'] in the config when running cspkit build (it writes the file)`)
      // Netlify applies the folder's `_headers` together with the Frameworks API's rules.
      if (host === 'netlify-frameworks' && headersText !== undefined) parts.push(readHeadersFile(headersText, name(headersPath), 'netlify'))
      parts.push(config.read(text, name(path), options))
    } else if (host === 'vercel') {
      const text = readText(vercelPath)
      if (text === undefined) throw missing(name(vercelPath), 'vercel.json', '--vercel-config <file>')
      parts.push(readVercelJson(text, name(vercelPath), options.headers.vercel))
    } else if (host === 'nginx' || host === 'caddy' || host === 'apache') {
      parts.push(readServerConfig(host, root, cwd, options, name))
    } else {
      if (headersText !== undefined) parts.push(readHeadersFile(headersText, name(headersPath), host as 'netlify' | 'cloudflare'))
      const toml = host === 'netlify' ? readText(tomlPath) : undefined
      if (toml !== undefined) parts.push(readNetlifyToml(toml, name(tomlPath)))
      else if (host === 'netlify' && flags.netlifyConfig) throw missing(name(tomlPath), 'netlify.toml', '--netlify-config <file>')
      if (parts.length === 0) throw missing(name(headersPath), '_headers', `hosts: ['${host}'] in the config when running cspkit build (it writes the file)`)
    }
    const fatal = parts.flatMap((p) => p.diagnostics).filter((d) => d.severity === 'error')
    if (fatal.length > 0) throw new CspkitError(fatal)
    diagnostics.push(...parts.flatMap((p) => p.diagnostics))
    // Netlify applies `_headers` rules first, then netlify.toml's: one ordered list.
    out.push({ host, rules: parts.flatMap((p) => p.rules), diagnostics: [], routing: parts.find((p) => p.routing)?.routing })
  }
  return { hosts: out, diagnostics }
}

/** For each host and each URL the page is served at: the CSP policies sent in headers. */
export function headerDeliveries(fileName: string, hosts: readonly HeaderRules[]): HeaderDelivery[] {
  return hosts.flatMap((rules) =>
    pageUrls(fileName, rules.host, rules.routing).map((url) => {
      const sent = cspPoliciesAt(rules, url)
      const label = (origin: string, reading?: string) => `Content-Security-Policy header ${hostTitle(rules.host)} sends (${origin}${reading ? `, ${reading}` : ''})`
      return {
        host: rules.host,
        url,
        // A header's "," separates policies, each enforced (browser-read.ts): never one unreadable policy.
        policies: sent.flatMap(({ policy, origin }) =>
          enforcedPolicies(policy, 'header').policies.map((p) => ({ label: label(origin, p.reading), policy: p.policy, from: 0 })),
        ),
        unreadable: sent.filter(({ policy }) => enforcedPolicies(policy, 'header').unreadable.length > 0).map(({ policy, origin }) => ({ origin, text: policy })),
      }
    }),
  )
}

/**
 * nginx's include files and Caddy's snippet live in the project (the headers.nginx / headers.caddy
 * paths), Apache's `.htaccess` in the output folder; each is read the way its server matches it.
 */
function readServerConfig(host: 'nginx' | 'caddy' | 'apache', root: string, cwd: string, options: ResolvedOptions, name: (path: string) => string): HeaderRules {
  if (host === 'apache') {
    const path = join(root, '.htaccess')
    const text = readText(path)
    if (text === undefined) throw missing(name(path), '.htaccess', "hosts: ['apache'] in the config when running cspkit build (it writes the file)")
    return readApacheHtaccess(text, name(path))
  }
  if (host === 'caddy') {
    const path = resolve(cwd, options.headers.caddy.configPath)
    const text = readText(path)
    if (text === undefined) throw missing(name(path), 'Caddyfile snippet', "hosts: ['caddy'] (and headers.caddy.configPath) in the config when running cspkit build")
    return readCaddyfile(text, name(path))
  }
  const headersPath = resolve(cwd, options.headers.nginx.headersPath)
  const mapsPath = resolve(cwd, options.headers.nginx.mapsPath)
  const headers = readText(headersPath)
  if (headers === undefined) throw missing(name(headersPath), 'nginx add_header file', "hosts: ['nginx'] (and headers.nginx paths) in the config when running cspkit build")
  const maps = readText(mapsPath)
  return readNginxConfig(maps === undefined ? undefined : { text: maps, file: name(mapsPath) }, { text: headers, file: name(headersPath) })
}

/** `! Name` detach lines and `https://` rule lines exist only in Cloudflare's dialect (HOSTS.md 2.1). */
function usesCloudflareSyntax(text: string): boolean {
  return text.split('\n').some((raw) => {
    const line = raw.trim()
    return line.startsWith('! ') || /^https:\/\//.test(line)
  })
}

function readText(path: string): string | undefined {
  return existsSync(path) ? readFileSync(path, 'utf8') : undefined
}

function missing(file: string, what: string, flag: string): CspkitError {
  return new CspkitError([
    diagnostic({
      code: 'CHECK_HEADERS_UNREADABLE',
      file,
      message: `There is no ${what} here, so the headers the host sends cannot be checked.`,
      fix: `Write it (or point at it) with ${flag}, or leave out --host and the config's hosts to check <meta> policies only.`,
    }),
  ])
}

function displayPath(cwd: string, path: string): string {
  const rel = relative(cwd, path)
  return rel === '' ? '.' : rel.startsWith('..') ? path : rel
}
