import type { HelpName } from './help.js'

/** Where a command writes; the real process streams in the bin, so tests can spawn the real bin. */
export interface CliIo {
  readonly cwd: string
  readonly stdout: NodeJS.WritableStream & { isTTY?: boolean; columns?: number }
  readonly stderr: NodeJS.WritableStream & { isTTY?: boolean; columns?: number }
  readonly env: Readonly<Record<string, string | undefined>>
}

export function line(stream: NodeJS.WritableStream, text: string): void {
  stream.write(`${text}\n`)
}

/** `--help`'s text for `name`; help.js (every command's text) loads only when help is asked for. */
export async function helpText(name: HelpName): Promise<string> {
  return (await import('./help.js')).HELP[name]
}
