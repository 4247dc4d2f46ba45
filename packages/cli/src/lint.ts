import { formatDiagnostic, lintPolicy, LINT_LEVELS, parsePolicyString, resolveOptions, serializePolicy, type LintLevel } from '@cspkit/core'
import { EXIT } from './codes.js'
import { parseFlags, usage } from './flags.js'
import { helpText, line, type CliIo } from './io.js'
import { droppedParts } from './lint-drops.js'
import { count } from './wording.js'

/**
 * `cspkit lint "<policy>"`: the core's policy lint (validation and security advice), then the policy
 * as cspkit serialises it.
 */
export async function lintCommand(args: readonly string[], io: CliIo): Promise<number> {
  const { flags, positionals } = parseFlags('lint', args, {
    'fail-on': { type: 'string' },
    level: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  })
  if (flags.help) {
    line(io.stdout, await helpText('lint'))
    return EXIT.OK
  }
  // Unquoted, the shell splits the policy into words (and eats the single quotes): join them back.
  const text = positionals.join(' ').trim()
  if (!text) throw usage('lint', 'Which policy? cspkit lint needs a policy string.')
  const failOn = resolveOptions({ failOn: (flags['fail-on'] as 'error' | undefined) ?? 'error' }).failOn

  const level = (flags.level as string | undefined) ?? 'recommended'
  if (!LINT_LEVELS.includes(level as LintLevel)) throw usage('lint', `--level must be one of ${LINT_LEVELS.join(', ')}, got "${level}".`)
  const diagnostics = lintPolicy(text, { option: 'policy', level: level as LintLevel })
  const { policy } = parsePolicyString(text, { option: 'policy' })
  for (const d of diagnostics) line(io.stderr, formatDiagnostic(d))
  // The printed policy is what cspkit would write: say what it left out and what that does.
  for (const d of droppedParts(text, policy, diagnostics)) line(io.stderr, formatDiagnostic(d))
  if (policy.directives.length > 0) line(io.stdout, serializePolicy(policy))
  const failing = diagnostics.filter((d) => failOn !== 'never' && (d.severity === 'error' || (failOn === 'warning' && d.severity === 'warning'))).length
  line(io.stdout, `[cspkit] lint: ${diagnostics.length === 0 ? 'no problems found' : count(diagnostics.length, 'problem')}.`)
  return failing > 0 ? EXIT.PROBLEMS : EXIT.OK
}
