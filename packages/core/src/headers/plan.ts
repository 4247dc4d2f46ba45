import { dedupeDiagnostics, diagnostic, type Diagnostic } from '../diagnostics.js'
import { fsErrorDiagnostic } from '../fs/fs-error.js'
import { NotUtf8Error } from '../fs/read-text.js'
import type { ResolvedOptions } from '../options.js'
import type { PageResult } from '../page.js'
import { HEADERLESS_HOSTS, type HostName } from './host-options.js'
import type { ScopeDecision } from '../scope/choose-scope.js'
import { integrityPolicyHeaderName } from './integrity-policy.js'
import { cspHeaderName, planRules, type HeaderRule, type RuleStrategy } from './rules.js'
import { pageUrls, type VercelRouting } from './routes.js'
import { writeCloudflareHeaders } from './writers/cloudflare.js'
import type { WriterInput, WriterResult } from './writers/headers-file.js'
import { hostTitle } from './host-title.js'
import { writeNetlifyToml } from './writers/netlify-toml.js'
import { writeNetlifyHeaders } from './writers/netlify.js'
import { parseVercelJson, vercelRouting, writeVercelJson } from './writers/vercel.js'
import { writeNginx } from './writers/nginx.js'
import { writeCaddy } from './writers/caddy.js'
import { writeApache } from './writers/apache.js'
import { ownedRecordName, parseRecord, renderRecord } from './owned-record.js'
import { FIREBASE_JSON, firebaseHosting, firebaseRouting, writeFirebaseJson } from './writers/firebase.js'
import { AZURE_SWA_JSON, writeAzureSwaConfig } from './writers/azure-swa.js'
import { VERCEL_OUTPUT_JSON, vercelOutputRouting, writeVercelOutputConfig } from './writers/vercel-output.js'
import { writeNetlifyFrameworksConfig } from './writers/netlify-frameworks.js'
import { parseJsonConfig } from './writers/json-edit.js'
import { writeAmplifyCustomHttp } from './writers/amplify.js'

/** Where a host file lives: in the bundler's output folder, or in the project (next to package.json). */
export type HostFileLocation = 'output' | 'project'

export interface HostFile {
  readonly host: HostName
  readonly location: HostFileLocation
  /** Relative to the output folder (`_headers`) or the project root (`vercel.json`, `netlify.toml`). */
  readonly fileName: string
  readonly text: string
  /** False when the file already holds exactly this text (a rebuild). */
  readonly changed: boolean
  /** The rules written, for integrators and tests. */
  readonly rules: readonly HeaderRule[]
  readonly strategy: RuleStrategy
  /**
   * A file written with this one: vercel.json's record of the rules cspkit wrote (the format has no
   * room for a marker), so the next build changes only those. Same location as the host file.
   */
  readonly companion?: { readonly fileName: string; readonly text: string; readonly changed: boolean }
}

export interface HostPlan {
  readonly files: readonly HostFile[]
  readonly diagnostics: readonly Diagnostic[]
}

/**
 * Reads a host file that is already there: the text, or undefined when there is none. Doors decide
 * where `_headers` comes from (a bundle asset, the public folder); a thrown error is reported with
 * the file's name and the file is left alone.
 */
export type ReadExisting = (location: HostFileLocation, fileName: string) => string | undefined

const FILES: Record<HostName, { location: HostFileLocation; fileName: (o: ResolvedOptions) => string; companion?: (o: ResolvedOptions) => string }> = {
  netlify: { location: 'output', fileName: () => '_headers' },
  cloudflare: { location: 'output', fileName: () => '_headers' },
  'netlify-toml': { location: 'project', fileName: (o) => o.headers.netlifyToml.configPath },
  vercel: { location: 'project', fileName: (o) => o.headers.vercel.configPath },
  nginx: { location: 'project', fileName: (o) => o.headers.nginx.mapsPath, companion: (o) => o.headers.nginx.headersPath },
  caddy: { location: 'project', fileName: (o) => o.headers.caddy.configPath },
  apache: { location: 'output', fileName: () => '.htaccess' },
  'github-pages': { location: 'output', fileName: () => '' },
  firebase: { location: 'project', fileName: (o) => o.headers.firebase.configPath },
  'azure-swa': { location: 'output', fileName: (o) => o.headers.azureSwa.configPath },
  'vercel-output': { location: 'project', fileName: (o) => o.headers.vercelOutput.configPath },
  'netlify-frameworks': { location: 'project', fileName: (o) => o.headers.netlifyFrameworks.configPath },
  amplify: { location: 'project', fileName: (o) => o.headers.amplify.configPath },
}

/** Whether any configured host's file lives in the project (vercel.json, netlify.toml), written after the bundle. */
export function writesProjectFiles(options: ResolvedOptions): boolean {
  return options.hosts.some((host) => FILES[host].location === 'project')
}

const WRITERS: Record<HostName, (input: WriterInput, options: ResolvedOptions) => WriterResult> = {
  netlify: writeNetlifyHeaders,
  cloudflare: writeCloudflareHeaders,
  'netlify-toml': writeNetlifyToml,
  vercel: writeVercelJson,
  nginx: writeNginx,
  caddy: writeCaddy,
  apache: writeApache,
  'github-pages': () => ({ text: undefined, diagnostics: [] }),
  firebase: (input, options) => writeFirebaseJson(input, options.headers.firebase.target),
  'azure-swa': writeAzureSwaConfig,
  'vercel-output': writeVercelOutputConfig,
  'netlify-frameworks': writeNetlifyFrameworksConfig,
  amplify: writeAmplifyCustomHttp,
}

/**
 * The header files for every configured host, merged with what is already there. Pure apart from
 * `readExisting`: nothing is written; doors emit output files through the bundler and write project
 * files atomically (write.ts).
 */
export function planHostFiles(
  pages: readonly PageResult[],
  options: ResolvedOptions,
  readExisting: ReadExisting,
  scope?: ScopeDecision,
): HostPlan {
  const files: HostFile[] = []
  const diagnostics: Diagnostic[] = []
  for (const host of options.hosts) {
    if (HEADERLESS_HOSTS.includes(host)) {
      diagnostics.push(...headerlessDiagnostics(host, options))
      continue
    }
    const { location } = FILES[host]
    const fileName = FILES[host].fileName(options)
    const companionName = FILES[host].companion?.(options)
    let existing: string | undefined
    let companion: { file: string; existing: string | undefined } | undefined
    try {
      existing = readExisting(location, fileName)
      if (companionName !== undefined) companion = { file: companionName, existing: readExisting(location, companionName) }
    } catch (error) {
      diagnostics.push(unreadableHostFile(error, fileName))
      continue
    }
    let routing: VercelRouting | undefined
    if (host === 'vercel') {
      const parsed = existing?.trim() ? parseVercelJson(existing, fileName) : undefined
      if (parsed && 'code' in parsed) {
        diagnostics.push(parsed)
        continue
      }
      routing = vercelRouting(parsed?.config, options.headers.vercel)
    }
    if (host === 'azure-swa') {
      const parsed = existing?.trim() ? parseJsonConfig(existing, fileName, false, AZURE_SWA_JSON) : undefined
      routing = { cleanUrls: parsed !== undefined && !('code' in parsed) && typeof parsed.config.trailingSlash === 'string', trailingSlash: undefined }
    }
    if (host === 'firebase' || host === 'vercel-output') {
      const parsed = existing?.trim() ? parseJsonConfig(existing, fileName, host === 'firebase', host === 'firebase' ? FIREBASE_JSON : VERCEL_OUTPUT_JSON) : undefined
      if (parsed && 'code' in parsed) {
        diagnostics.push(parsed)
        continue
      }
      if (host === 'vercel-output') routing = vercelOutputRouting(parsed?.config, options.headers.vercelOutput)
      else {
        const site = parsed ? firebaseHosting(parsed, fileName, options.headers.firebase.target) : undefined
        routing = firebaseRouting(site && !('code' in site) ? site.hosting : undefined, options.headers.firebase)
      }
    }
    // The record of cspkit's own rules, for formats without a marker (owned-record.ts); used only by writers that return one.
    let record: { fileName: string; text: string | undefined; rules: readonly string[] | undefined }
    const recordName = ownedRecordName(fileName)
    try {
      const text = readExisting(location, recordName)
      record = { fileName: recordName, text, rules: text === undefined ? undefined : parseRecord(text) }
    } catch (error) {
      diagnostics.push(unreadableHostFile(error, recordName))
      continue
    }
    const owned = ownedHeaders(options)
    const urls = pages.flatMap((p) => pageUrls(p.fileName, host, routing))
    const attempt = (strategy: RuleStrategy) => {
      const plan = planRules(pages, host, options.headers, strategy, routing)
      const input = { rules: plan.rules, existing, file: fileName, owned, pageUrls: urls, ...(record.rules ? { ownedRecord: record.rules } : {}), ...(companion ? { companion } : {}) }
      return { plan, strategy, result: WRITERS[host](input, options) }
    }
    let chosen = attempt('per-page')
    if (chosen.result.overLimit && options.headers.overflow !== 'error') {
      const first = chosen.result.overLimit
      chosen = attempt(options.headers.overflow)
      if (!chosen.result.overLimit)
        diagnostics.push(
          diagnostic({
            code: 'HEADERS_OVERFLOW_APPLIED',
            file: fileName,
            option: 'headers.overflow',
            message: `${first.message} So ${options.headers.overflow === 'union' ? 'one site-wide policy holding every page\'s hashes is sent instead' : 'the policies stay in each page\'s meta tag, and the header keeps only what a meta cannot carry'}.`,
            fix: 'Nothing to do; to keep per-page header policies, reduce the number of pages with their own inline scripts or styles.',
          }),
        )
    }
    diagnostics.push(...chosen.plan.diagnostics, ...chosen.result.diagnostics)
    if (chosen.result.overLimit) diagnostics.push(scope?.scope === 'site' ? unionTooLarge(chosen.result.overLimit, scope) : chosen.result.overLimit)
    if (chosen.result.text === undefined || chosen.result.overLimit || chosen.plan.diagnostics.some((d) => d.severity === 'error')) continue
    files.push({
      host,
      location,
      fileName,
      text: chosen.result.text,
      changed: chosen.result.text !== existing,
      rules: chosen.plan.rules,
      strategy: chosen.strategy,
      ...(chosen.result.ownedRecord ? { companion: companionRecord(record, chosen.result.ownedRecord) } : {}),
    })
    for (const extra of chosen.result.companions ?? [])
      files.push({ host, location, fileName: extra.fileName, text: extra.text, changed: extra.text !== companion?.existing, rules: chosen.plan.rules, strategy: chosen.strategy })
  }
  return { files, diagnostics: dedupeDiagnostics(diagnostics) }
}

/** Header-only settings that a host without custom headers cannot send (only when no other host is configured). */
function headerlessDiagnostics(host: HostName, options: ResolvedOptions): Diagnostic[] {
  if (options.hosts.some((h) => !HEADERLESS_HOSTS.includes(h))) return []
  const h = options.headers
  const unsent = [
    ...(h.security.length > 0 || h.frameOptions !== false ? ['headers.security'] : []),
    ...(h.reportingEndpoints ? ['headers.reportingEndpoints'] : []),
    ...(h.integrityPolicy !== false ? ['headers.integrityPolicy'] : []),
  ]
  if (unsent.length === 0) return []
  return [
    diagnostic({
      code: 'HEADERS_HOST_HEADERLESS',
      option: unsent[0]!,
      message: `${hostTitle(host)} sends no custom response headers, so ${unsent.join(' and ')} ${unsent.length === 1 ? 'has' : 'have'} no effect there (only each page's meta policy applies).`,
      fix: `Remove ${unsent.join(' and ')}, or serve the site from a host that sends headers (e.g. put Cloudflare or Netlify in front and add it to hosts).`,
    }),
  ]
}

/** Header names cspkit sets; the same names in the user's own rules are reported as conflicts. */
export function ownedHeaders(options: ResolvedOptions): string[] {
  const h = options.headers
  return [
    cspHeaderName(h),
    ...h.security.map(([name]) => name),
    ...(h.frameOptions !== false ? ['X-Frame-Options'] : []),
    ...(h.reportingEndpoints ? ['Reporting-Endpoints'] : []),
    ...(h.integrityPolicy !== false ? [integrityPolicyHeaderName(h.integrityPolicy)] : []),
  ]
}

/**
 * Site scope puts every page's hashes into one policy; when that is over a host's limit, the fix
 * names the scope too (a site without a client-side router needs no union).
 */
function unionTooLarge(overLimit: Diagnostic, scope: ScopeDecision): Diagnostic {
  return diagnostic({
    code: 'SCOPE_UNION_TOO_LARGE',
    ...(overLimit.file ? { file: overLimit.file } : {}),
    option: 'scope',
    message: `With scope 'site' (${scope.reason}) every page's policy holds every page's hashes, and it does not fit: ${overLimit.message}`,
    fix: "Set headers.overflow: 'meta' (the policy stays in each page's meta tag; the header keeps what a meta cannot carry), move inline scripts and styles into files so the site needs fewer hashes, or set scope: 'page' if the site has no client-side router.",
  })
}

/** A host file that could not be read exactly: not UTF-8 (decoding would change its bytes), or a file-system error. */
function unreadableHostFile(error: unknown, fileName: string): Diagnostic {
  if (error instanceof NotUtf8Error)
    return diagnostic({
      code: 'HEADERS_FILE_NOT_UTF8',
      file: `${fileName}:${error.line}`,
      message: `${fileName} is not valid UTF-8 (from line ${error.line}); cspkit would have to change those bytes to edit it, so it was left as it was.`,
      fix: `Save ${fileName} as UTF-8 (hosts read header files as UTF-8), then build again.`,
    })
  return fsErrorDiagnostic(error, fileName, 'read', 'It was left as it was.')
}

function companionRecord(record: { fileName: string; text: string | undefined }, rules: readonly string[]): NonNullable<HostFile['companion']> {
  const text = renderRecord(rules)
  return { fileName: record.fileName, text, changed: text !== record.text }
}
