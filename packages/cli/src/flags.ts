import { parseArgs, type ParseArgsConfig } from 'node:util'
import { CspkitError, diagnostic, type Options } from '@cspkit/core'

/** Flags that map onto plugin options, shared by build and check. */
export const OPTION_FLAGS = {
  config: { type: 'string' },
  policy: { type: 'string' },
  algorithm: { type: 'string' },
  include: { type: 'string' },
  'unsafe-inline': { type: 'string' },
  meta: { type: 'boolean' },
  'fail-on': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const satisfies ParseArgsConfig['options']

export type Flags = Record<string, string | boolean | undefined>

/** util.parseArgs, with its errors turned into a CLI_USAGE diagnostic that points at --help. */
export function parseFlags(
  command: string,
  args: readonly string[],
  options: NonNullable<ParseArgsConfig['options']>,
): { flags: Flags; positionals: string[] } {
  try {
    const { values, positionals } = parseArgs({ args: [...args], options, allowPositionals: true, allowNegative: true, strict: true })
    return { flags: values as Flags, positionals }
  } catch (error) {
    // Node's own text goes on to explain `--` escaping, which is rarely the point: keep its first sentence.
    throw usage(command, `${(error as Error).message.split(/\.( |$)/)[0]!}.`)
  }
}

export function usage(command: string, message: string): CspkitError {
  return new CspkitError([
    diagnostic({
      code: 'CLI_USAGE',
      message,
      fix: `Run \`cspkit ${command === 'main' ? '' : `${command} `}--help\` for the usage.`,
    }),
  ])
}

/** Flags over config: a flag given on the command line replaces that option; the rest comes from the config. */
export function optionsFromFlags(config: Options, flags: Flags): Options {
  const out: Record<string, unknown> = { ...config }
  if (flags.policy !== undefined) out.policy = flags.policy
  if (flags.algorithm !== undefined) out.algorithm = flags.algorithm
  if (flags['unsafe-inline'] !== undefined) out.unsafeInline = flags['unsafe-inline']
  if (flags.meta !== undefined) out.meta = flags.meta
  if (flags['fail-on'] !== undefined) out.failOn = flags['fail-on']
  if (flags.scope !== undefined) out.scope = flags.scope
  if (flags.origin !== undefined) out.origin = flags.origin
  // --strict keeps the config's strict settings ({ fallbacks, sriAlgorithm }) when it has some; --no-strict turns it off.
  if (flags.strict === false) out.strict = false
  else if (flags.strict === true && (config.strict === undefined || config.strict === false)) out.strict = true
  if (flags.include !== undefined) out.include = includePattern(String(flags.include))
  // Comma-separated, as in `--hosts netlify,vercel`; the names are validated with the other options.
  if (typeof flags.hosts === 'string') out.hosts = flags.hosts.split(',').map((h) => h.trim()).filter(Boolean)
  return out as Options
}

function includePattern(source: string): RegExp {
  try {
    return new RegExp(source, 'i')
  } catch (error) {
    throw new CspkitError([
      diagnostic({
        code: 'CLI_USAGE',
        option: 'include',
        message: `--include is not a valid regular expression: ${(error as Error).message}.`,
        fix: 'Pass a JavaScript regular expression source, e.g. --include "\\.html?$".',
      }),
    ])
  }
}
