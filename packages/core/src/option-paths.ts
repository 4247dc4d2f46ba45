/**
 * Paths in options that cspkit writes to (`headers.vercel.configPath`, `headers.netlifyToml.configPath`)
 * or reads a page by (`headers.spaFallback`): a relative path stays inside the project (or the output
 * folder); only an explicit absolute path may point elsewhere, and the build then says where it writes.
 */
import { isAbsolute, posix, win32 } from 'node:path'
import { diagnostic, type Diagnostic } from './diagnostics.js'
import { showValue } from './show-value.js'
import type { HostName } from './headers/host-options.js'

/** Why the relative `path` leaves its folder (a `..` that climbs out, a drive letter, a NUL), or undefined. */
export function relativePathProblem(path: string): string | undefined {
  if (path.includes('\u0000')) return 'it contains a NUL character'
  if (win32.isAbsolute(path) && !posix.isAbsolute(path)) return 'it starts with a drive or UNC prefix'
  // Backslashes separate folders on Windows: normalised as '/' so 'a\\..\\..\\x' climbs out here too.
  const parts = posix.normalize(path.replace(/\\/g, '/')).split('/')
  if (parts[0] === '..') return `'..' takes it outside the folder`
  return undefined
}

const PATH_OPTIONS: readonly { readonly option: string; readonly host: HostName; readonly get: (h: Record<string, any>) => unknown; readonly file: string }[] = [
  { option: 'headers.vercel.configPath', host: 'vercel', get: (h) => h.vercel?.configPath, file: 'vercel.json' },
  { option: 'headers.netlifyToml.configPath', host: 'netlify-toml', get: (h) => h.netlifyToml?.configPath, file: 'netlify.toml' },
]

/**
 * The path options' problems (OPTION_INVALID) and, for an absolute path of a host in use, an info
 * HEADERS_PATH_ABSOLUTE that says where the file will be written. Options already reported invalid
 * (by headers/host-options.ts) are skipped, so one mistake is one message.
 */
export function checkPathOptions(headers: unknown, hosts: readonly HostName[], diagnostics: Diagnostic[]): void {
  if (typeof headers !== 'object' || headers === null) return
  const h = headers as Record<string, any>
  const reported = (option: string) => diagnostics.some((d) => d.option === option)
  for (const { option, host, get, file } of PATH_OPTIONS) {
    const value = get(h)
    if (typeof value !== 'string' || reported(option)) continue
    if (isAbsolute(value)) {
      if (hosts.includes(host))
        diagnostics.push(
          diagnostic({
            code: 'HEADERS_PATH_ABSOLUTE',
            option,
            file: value,
            message: `cspkit writes the ${file} for '${host}' to ${value}, an absolute path, which may be outside the project.`,
            fix: `Nothing to do if that is where ${file} belongs; for a file inside the project give a relative path.`,
          }),
        )
      continue
    }
    const problem = relativePathProblem(value)
    if (problem)
      diagnostics.push(
        diagnostic({
          code: 'OPTION_INVALID',
          option,
          message: `'${option}' is ${showValue(value)}: ${problem}, but a relative path must stay inside the project root.`,
          fix: `Give a path inside the project (e.g. '${file}' or 'apps/site/${file}'), or an absolute path if you mean to write outside it.`,
        }),
      )
  }
  const spa = h.spaFallback
  if (typeof spa === 'string' && spa !== '' && !reported('headers.spaFallback')) {
    const problem = isAbsolute(spa.replace(/^\/+/, '')) ? 'it is an absolute path' : relativePathProblem(spa.replace(/^\/+/, ''))
    if (problem)
      diagnostics.push(
        diagnostic({
          code: 'OPTION_INVALID',
          option: 'headers.spaFallback',
          message: `'headers.spaFallback' is ${showValue(spa)}: ${problem}, but it must name a page inside the output folder.`,
          fix: "Give the output-relative page, e.g. 'index.html' or '200.html'.",
        }),
      )
  }
}
