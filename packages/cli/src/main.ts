import { CspkitError, formatDiagnostic } from '@cspkit/core'
import { buildCommand } from './build.js'
import { checkCommand } from './check.js'
import { EXIT } from './codes.js'
import { usage } from './flags.js'
import { HELP } from './help.js'
import { line, type CliIo } from './io.js'
import { lintCommand } from './lint.js'
import { cliVersion } from './version.js'

const COMMANDS: Readonly<Record<string, (args: readonly string[], io: CliIo) => Promise<number>>> = {
  build: buildCommand,
  check: checkCommand,
  lint: lintCommand,
}

/** The whole CLI: arguments in, exit code out. Every failure is printed as a `[cspkit]` diagnostic. */
export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  const [command, ...rest] = argv
  try {
    if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
      line(io.stdout, HELP.main!)
      return command === undefined ? EXIT.USAGE : EXIT.OK
    }
    if (command === '--version' || command === '-v') {
      line(io.stdout, cliVersion())
      return EXIT.OK
    }
    const run = COMMANDS[command]
    if (!run) {
      const known = Object.keys(COMMANDS)
      const near = known.find((k) => sameLetters(k, command) || k.startsWith(command.slice(0, 3)))
      throw usage('main', `Unknown command "${command}"${near ? `; did you mean "${near}"?` : ''} Commands: ${known.join(', ')}.`)
    }
    return await run(rest, io)
  } catch (error) {
    if (error instanceof CspkitError) {
      for (const d of error.diagnostics) line(io.stderr, formatDiagnostic(d))
      // Bad options or usage: cspkit could not do what was asked.
      return EXIT.USAGE
    }
    throw error
  }
}

/** `biuld` → `build`: a swapped pair is the usual typo in a command name. */
function sameLetters(a: string, b: string): boolean {
  return [...a].sort().join('') === [...b].sort().join('')
}
