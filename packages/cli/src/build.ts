import { relative } from 'node:path'
import { processDirectory, reportDiagnostics, resolveOptions, type DirectoryResult } from '@cspkit/core'
import { EXIT } from './codes.js'
import { loadConfig } from './config.js'
import { OPTION_FLAGS, optionsFromFlags, parseFlags, usage } from './flags.js'
import { HELP } from './help.js'
import { line, type CliIo } from './io.js'
import { progressLine } from './progress.js'
import { count } from './wording.js'

/** `cspkit build <dir>`: processDirectory over a built folder, diagnostics through failOn. */
export async function buildCommand(args: readonly string[], io: CliIo): Promise<number> {
  const { flags, positionals } = parseFlags('build', args, {
    ...OPTION_FLAGS,
    workers: { type: 'string' },
    'dry-run': { type: 'boolean' },
    progress: { type: 'boolean' },
    quiet: { type: 'boolean' },
  })
  if (flags.help) {
    line(io.stdout, HELP.build!)
    return EXIT.OK
  }
  const [dir, ...extra] = positionals
  if (!dir || extra.length > 0) throw usage('build', dir ? `Expected one folder, got ${positionals.length}.` : 'Which folder? cspkit build needs the folder your site was built into.')

  const config = await loadConfig(io.cwd, flags.config as string | undefined)
  const options = optionsFromFlags(config.options, flags)
  const failOn = resolveOptions(options).failOn
  const progress = progressLine(io.stderr, flags.progress !== false && !flags.quiet)
  const started = performance.now()
  let result: DirectoryResult
  try {
    result = await processDirectory(dir, options, {
      workers: workersFlag(flags.workers as string | undefined),
      write: !flags['dry-run'],
      onProgress: (p) => progress.update(p),
    })
  } finally {
    progress.end()
  }
  const seconds = (performance.now() - started) / 1000

  let failed = false
  reportDiagnostics(result.diagnostics, failOn, {
    info: (m) => !flags.quiet && line(io.stderr, m),
    warn: (m) => line(io.stderr, m),
    fail: (messages) => {
      failed = true
      for (const m of messages) line(io.stderr, m)
    },
  })
  if (!flags.quiet) line(io.stdout, summary(result, io.cwd, seconds, Boolean(flags['dry-run']), config.file))
  return failed ? EXIT.PROBLEMS : EXIT.OK
}

function workersFlag(value: string | undefined): number | 'auto' {
  if (value === undefined || value === 'auto') return 'auto'
  const n = Number(value)
  if (!Number.isInteger(n) || n < 0) throw usage('build', `--workers must be a whole number or "auto", got "${value}".`)
  return n
}

function summary(result: DirectoryResult, cwd: string, seconds: number, dryRun: boolean, configFile: string | undefined): string {
  const hashes = result.pages.reduce((n, p) => n + p.hashes.length, 0)
  const changed = result.pages.filter((p) => p.changed).length
  const where = displayPath(cwd, result.dir)
  const parts = [
    `${count(result.pages.length, 'page')} in ${where}`,
    `${changed} ${dryRun ? 'would change' : 'updated'}`,
    count(hashes, 'hash', 'hashes'),
    `${seconds.toFixed(2)} s${result.workers ? ` on ${count(result.workers, 'worker thread')}` : ''}`,
  ]
  return `[cspkit] build: ${parts.join(', ')}${configFile ? ` (config ${relative(cwd, configFile)})` : ''}.`
}

/** Relative to the working directory when inside it, else absolute. */
function displayPath(cwd: string, path: string): string {
  const rel = relative(cwd, path)
  return rel === '' ? '.' : rel.startsWith('..') ? path : rel
}
