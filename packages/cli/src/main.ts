import { CspkitError, formatDiagnostic } from '@cspkit/core'
import { EXIT } from './codes.js'
import { usage } from './flags.js'
import { helpText, line, type CliIo } from './io.js'

type Command = (args: readonly string[], io: CliIo) => Promise<number>

// Each command's module is loaded when it runs: `cspkit build` does not parse and link check's and
// lint's code (and their help text) in every run, start-up being most of a small site's build.
const COMMANDS: Readonly<Record<string, () => Promise<Command>>> = {
  build: async () => (await import('./build.js')).buildCommand,
  check: async () => (await import('./check.js')).checkCommand,
  lint: async () => (await import('./lint.js')).lintCommand,
}

/** The whole CLI: arguments in, exit code out. Every failure is printed as a `[cspkit]` diagnostic. */
export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  const [command, ...rest] = argv
  try {
    if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
      line(io.stdout, await helpText('main'))
      return command === undefined ? EXIT.USAGE : EXIT.OK
    }
    if (command === '--version' || command === '-v') {
      line(io.stdout, (await import('./version.js')).cliVersion())
      return EXIT.OK
    }
    const load = COMMANDS[command]
    if (!load) {
      const known = Object.keys(COMMANDS)
      const near = known.find((k) => sameLetters(k, command) || k.startsWith(command.slice(0, 3)))
      throw usage('main', `Unknown command "${command}"${near ? `; did you mean "${near}"?` : ''} Commands: ${known.join(', ')}.`)
    }
    return await (await load())(rest, io)
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
