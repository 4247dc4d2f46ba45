/**
 * Child processes that cannot outlive this one. Each runs under a tiny `sh` watchdog that holds a pipe
 * from us on its stdin: when this process ends in any way (even SIGKILL), the pipe closes, `cat`
 * returns and the watchdog kills the child. A browser left behind would keep a display or port busy.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { basename, join } from 'node:path'

export interface TiedProcess {
  readonly child: ChildProcess
  /** The last lines the process wrote to stderr (for an error message). */
  stderrTail(): string
  /** Stops it and waits until the watchdog has exited. */
  stop(): Promise<void>
}

const WATCHDOG = '"$@" & child=$!; cat >/dev/null; kill "$child" 2>/dev/null; wait "$child" 2>/dev/null; exit 0'

/**
 * The same tie for a browser another library spawns (puppeteer spawns Firefox with a pipe on its
 * stdin): an executable script that runs `binary` and kills it when stdin closes, and that exits
 * when the browser exits, so a normal close is not held up. fd 3 keeps stdin for the watcher: a
 * background job's own stdin is /dev/null.
 */
export function tiedExecutable(binary: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'cspkit-tied-'))
  const script = join(dir, basename(binary))
  const quoted = `'${binary.replace(/'/g, `'\\''`)}'`
  writeFileSync(
    script,
    [
      '#!/bin/sh',
      'exec 3<&0',
      `${quoted} "$@" & child=$!`,
      '( while read -r _ <&3; do :; done; kill "$child" 2>/dev/null ) & watcher=$!',
      'wait "$child"; status=$?',
      'kill "$watcher" 2>/dev/null',
      'exit $status',
      '',
    ].join('\n'),
  )
  chmodSync(script, 0o755)
  return script
}

export function spawnTied(command: string, args: readonly string[], env: NodeJS.ProcessEnv): TiedProcess {
  const child = spawn('/bin/sh', ['-c', WATCHDOG, 'sh', command, ...args], { env, stdio: ['pipe', 'pipe', 'pipe'] })
  let stderr = ''
  child.stderr!.on('data', (d: Buffer) => {
    stderr = (stderr + d.toString()).slice(-4000)
  })
  // Nobody must wait on our end of the pipes.
  child.unref()
  ;(child.stdin as unknown as { unref?: () => void }).unref?.()
  const exited = new Promise<void>((ok) => child.once('exit', () => ok()))
  return {
    child,
    stderrTail: () => stderr.split('\n').slice(-8).join('\n'),
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.stdin!.end()
      await Promise.race([exited, new Promise((ok) => setTimeout(ok, 5000))])
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL')
    },
  }
}
