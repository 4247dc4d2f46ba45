import { relative, resolve } from 'node:path'
import { headroom, hostTitle, processDirectory, reportDiagnostics, resolveOptions, scopeSummary, type DirectoryResult } from '@cspkit/core'
import { EXIT } from './codes.js'
import { loadConfig } from './config.js'
import { OPTION_FLAGS, optionsFromFlags, parseFlags, usage } from './flags.js'
import { helpText, line, type CliIo } from './io.js'
import { progressLine } from './progress.js'
import { count } from './wording.js'

/** `cspkit build <dir>`: processDirectory over a built folder, diagnostics through failOn. */
export async function buildCommand(args: readonly string[], io: CliIo): Promise<number> {
  const { flags, positionals } = parseFlags('build', args, {
    ...OPTION_FLAGS,
    hosts: { type: 'string' },
    origin: { type: 'string' },
    workers: { type: 'string' },
    scope: { type: 'string' },
    strict: { type: 'boolean' },
    'dry-run': { type: 'boolean' },
    'allow-empty': { type: 'boolean' },
    progress: { type: 'boolean' },
    quiet: { type: 'boolean' },
  })
  if (flags.help) {
    line(io.stdout, await helpText('build'))
    return EXIT.OK
  }
  const [dir, ...extra] = positionals
  if (!dir || extra.length > 0) throw usage('build', dir ? `Expected one folder, got ${positionals.length}.` : 'Which folder? cspkit build needs the folder your site was built into.')

  const config = await loadConfig(io.cwd, flags.config as string | undefined)
  const options = optionsFromFlags(config.options, flags)
  const resolved = resolveOptions(options)
  const failOn = resolved.failOn
  // io.stderr only when a progress line may be drawn: reading it makes the stream (bin.ts).
  const progress = progressLine(flags.progress !== false && !flags.quiet ? io.stderr : undefined)
  // hrtime, not the `performance` global: that global loads perf_hooks on first use (~2 ms of a small build).
  const started = process.hrtime.bigint()
  let result: DirectoryResult
  try {
    result = await processDirectory(dir, options, {
      workers: workersFlag(flags.workers as string | undefined),
      write: !flags['dry-run'],
      projectRoot: io.cwd,
      allowEmpty: Boolean(flags['allow-empty']),
      onProgress: (p) => progress.update(p),
    })
  } finally {
    progress.end()
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9

  let failed = false
  reportDiagnostics(result.diagnostics, failOn, {
    info: (m) => !flags.quiet && line(io.stderr, m),
    warn: (m) => line(io.stderr, m),
    fail: (messages) => {
      failed = true
      for (const m of messages) line(io.stderr, m)
    },
  })
  if (!flags.quiet) {
    line(io.stdout, summary(result, io.cwd, seconds, Boolean(flags['dry-run']), config.file))
    // Page scope's line needs no page; site scope's reads them (they share one policy and one hash list).
    line(io.stdout, scopeSummary(result.scope, result.scope.scope === 'site' ? result.pages : [], resolved.hosts, resolved.headers))
    for (const text of hostFileLines(result, io.cwd, Boolean(flags['dry-run']), io.cwd)) line(io.stdout, text)
  }
  return failed ? EXIT.PROBLEMS : EXIT.OK
}

function workersFlag(value: string | undefined): number | 'auto' {
  if (value === undefined || value === 'auto') return 'auto'
  const n = Number(value)
  if (!Number.isInteger(n) || n < 0) throw usage('build', `--workers must be a whole number or "auto", got "${value}".`)
  return n
}

function summary(result: DirectoryResult, cwd: string, seconds: number, dryRun: boolean, configFile: string | undefined): string {
  // Site scope: every page holds the same hashes, so the site's count is one page's, not their sum.
  const hashes = result.scope.scope === 'site' ? result.totals.mostHashes : result.totals.hashes
  const changed = result.totals.changed
  const where = displayPath(cwd, result.dir)
  const parts = [
    `${count(result.totals.pages, 'page')} in ${where}`,
    `${changed} ${dryRun ? 'would change' : 'updated'}`,
    ...(result.hostFiles.length > 0 ? [count(result.hostFiles.filter((f) => f.changed).length, `header file ${dryRun ? 'would change' : 'written'}`, `header files ${dryRun ? 'would change' : 'written'}`)] : []),
    count(hashes, 'hash', 'hashes'),
    `${seconds.toFixed(2)} s${result.workers ? ` on ${count(result.workers, 'worker thread')}` : ''}`,
  ]
  return `[cspkit] build: ${parts.join(', ')}${configFile ? ` (config ${relative(cwd, configFile)})` : ''}.`
}

/** One line per host header file: where it is, how much of the host's limits it uses, and whether it changed. */
function hostFileLines(result: DirectoryResult, cwd: string, dryRun: boolean, projectRoot: string): string[] {
  return result.hostFiles.map((file) => {
    const path = displayPath(cwd, resolve(file.location === 'output' ? result.dir : projectRoot, file.fileName))
    const state = file.changed ? (dryRun ? 'would be written' : 'written') : 'unchanged'
    return `[cspkit] build: ${path} (${hostTitle(file.host)}) ${state}: ${headroom(file)}.`
  })
}

/** Relative to the working directory when inside it, else absolute. */
function displayPath(cwd: string, path: string): string {
  const rel = relative(cwd, path)
  return rel === '' ? '.' : rel.startsWith('..') ? path : rel
}
