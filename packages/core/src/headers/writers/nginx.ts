import type { WriterInput, WriterResult } from './headers-file.js'
import { checkBraces, mergeServerConfig, quoted, serverRules, unsafeInput, type ServerRules, type ServerSyntax } from './server-config.js'

/**
 * nginx: two include files. The maps file (in `http {}`) gives each varying header one variable whose
 * value depends on `$uri`, the URI nginx finally serves (after `index` and `try_files`), with the site
 * value as the map's default; the headers file (in `server {}`) sends them with `add_header … always`,
 * so 404s and errors get them too. An empty value sends no header. nginx drops inherited `add_header`
 * lines in any block that has its own, hence the instructions written into both files.
 */
export function writeNginx(input: WriterInput): WriterResult {
  const headersFile = input.companion?.file ?? 'cspkit-headers.conf'
  // `$uri` is the file finally served (try_files `$uri.html`, the index): one key per page keeps the map small.
  const r = serverRules(input.rules.map((rule) => ({ ...rule, urls: rule.urls.filter((u) => /\.[^/]*$/.test(u)) })))
  // `$` starts a variable in nginx strings (no escape exists); map keys are matched literally.
  const bad = unsafeInput(r, input.file, 'nginx', /\$/, /[\\"$]/, "a '$' (nginx reads it as a variable)")
  if (bad) return { text: undefined, diagnostics: [bad] }
  const maps = mergeServerConfig(input.existing, input.file, NGINX_SYNTAX, renderNginxMaps(r, headersFile), input.owned)
  if (maps.text === undefined) return maps
  const headers = mergeServerConfig(input.companion?.existing, headersFile, NGINX_SYNTAX, renderNginxHeaders(r, input.file), input.owned)
  if (headers.text === undefined) return headers
  return { text: maps.text, diagnostics: [...maps.diagnostics, ...headers.diagnostics], companions: [{ fileName: headersFile, text: headers.text }] }
}

/**
 * Exact keys live in a hash whose buckets are 64 bytes by default (map_hash_bucket_size): a longer
 * key fails `nginx -t` ("could not build map_hash"). Longer paths become `~^…$` regexes, which are
 * not hashed, so the user's http {} settings need no change.
 */
export const MAX_HASHED_KEY = 48

function mapKey(url: string): string {
  if (Buffer.byteLength(url) <= MAX_HASHED_KEY) return url
  return `~^${url.replace(/[\\^$.|?*+()[\]{}]/g, '\\$&')}$`
}

/** `$cspkit_content_security_policy` for `Content-Security-Policy`. */
export function nginxVariable(header: string): string {
  return `$cspkit_${header.toLowerCase().replace(/[^a-z0-9]/g, '_')}`
}

export function renderNginxMaps(r: ServerRules, headersFile: string): string[] {
  const lines = [
    '# nginx: include this file in the http {} block, and ' + headersFile + ' in the server {} that',
    '# serves the output folder. Page URLs that match no key get the default (the site policy).',
    '# Keys over ' + MAX_HASHED_KEY + ' bytes are written as anchored regexes (nginx hashes keys in 64-byte buckets);',
    '# with thousands of pages, nginx -t may ask for map_hash_max_size: set it in http {}.',
  ]
  for (const v of r.varying) {
    lines.push(`map $uri ${nginxVariable(v.name)} {`, `    default ${quoted(v.site ?? '')};`)
    for (const page of v.pages) for (const url of page.urls) lines.push(`    ${quoted(mapKey(url))} ${quoted(page.value)};`)
    lines.push('}')
  }
  return lines
}

export function renderNginxHeaders(r: ServerRules, mapsFile: string): string[] {
  return [
    `# nginx: include this file in the server {} that serves the output folder (${mapsFile} goes in http {}).`,
    '# A location {} with an add_header of its own drops these: include this file there too, and repeat',
    '# your own server-level add_header lines in it (nginx inherits add_header only from a block without any).',
    ...r.fixed.map(([name, value]) => `add_header ${name} ${quoted(value)} always;`),
    ...r.varying.map((v) => `add_header ${v.name} ${nginxVariable(v.name)} always;`),
  ]
}

const NGINX_SYNTAX: ServerSyntax = {
  check: (user, userLines, file) => checkBraces(user, userLines, file, 'nginx'),
  userHeaders: (user, userLines) =>
    user.split('\n').flatMap((line, i) => {
      const m = /^\s*add_header\s+(["']?)([^\s"';]+)\1/.exec(line)
      return m ? [{ name: m[2]!, line: userLines[i] ?? i + 1 }] : []
    }),
}
