/**
 * The hosts' own local servers on 127.0.0.1, each tied to this process (tied-process.ts) so it dies
 * with the test worker: the Firebase Hosting emulator (firebase-tools, hosting only, a demo- project,
 * no login) and the Azure Static Web Apps CLI emulator (HOSTS.md 4.6, 4.7). Each has a throw-away HOME.
 */
import { mkdtempSync } from 'node:fs'
import { createServer, get } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { ROOT } from './builds.js'
import { spawnTied, type TiedProcess } from './engines/tied-process.js'

export interface HostEmulator {
  /** `http://127.0.0.1:<port>` */
  readonly base: string
  /** What the emulator printed so far. */
  output(): string
  stop(): Promise<void>
}

export function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const s = createServer()
    s.once('error', fail)
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number }
      s.close(() => ok(port))
    })
  })
}

/** A GET as it comes off the wire: status, and every header line (name lower-cased) in order, repeats kept. */
export function rawGet(url: string): Promise<{ status: number; lines: [string, string][]; location?: string }> {
  return new Promise((ok, fail) => {
    get(url, (res) => {
      res.resume()
      const lines: [string, string][] = []
      for (let i = 0; i < res.rawHeaders.length; i += 2) lines.push([res.rawHeaders[i]!.toLowerCase(), res.rawHeaders[i + 1]!])
      res.on('end', () => ok({ status: res.statusCode ?? 0, lines, location: res.headers.location }))
    }).on('error', fail)
  })
}

/** Every value a response carries for `name`, one per header line. */
export function headerLines(res: { lines: [string, string][] }, name: string): string[] {
  return res.lines.filter(([n]) => n === name.toLowerCase()).map(([, v]) => v)
}

async function started(child: TiedProcess, base: string, output: () => string, what: string, seconds = 90): Promise<void> {
  const deadline = Date.now() + seconds * 1000
  for (;;) {
    if ((await rawGet(`${base}/`).catch(() => ({ status: 0 }))).status > 0) return
    if (Date.now() > deadline || child.child.exitCode !== null) {
      await child.stop()
      throw new Error(`${what} did not start:\n${output().slice(-3000)}`)
    }
    await new Promise((r) => setTimeout(r, 250))
  }
}

function spawnIn(cwd: string, command: string, args: readonly string[], env: NodeJS.ProcessEnv): { child: TiedProcess; output: () => string } {
  // spawnTied has no cwd, and kills only its direct child: this shell changes into the folder, runs the
  // command, and when it is killed takes down the command's whole process tree (the SWA CLI's server
  // is a grandchild that ignores SIGTERM and would outlive its parent).
  const group =
    'cd "$0" || exit 1; killtree() { for c in $(pgrep -P "$1"); do killtree "$c"; done; kill -KILL "$1" 2>/dev/null; }; ' +
    '"$@" & pid=$!; trap \'killtree $pid; exit 0\' TERM INT HUP; wait $pid'
  const child = spawnTied('/bin/sh', ['-c', group, cwd, command, ...args], env)
  let output = ''
  child.child.stdout!.on('data', (d: Buffer) => (output = (output + d.toString()).slice(-20000)))
  child.child.stderr!.on('data', (d: Buffer) => (output = (output + d.toString()).slice(-20000)))
  return { child, output: () => output }
}

/**
 * `firebase emulators:start --only hosting` in `project` (which holds firebase.json; its
 * `emulators` section must name the ports, see firebaseEmulatorPorts).
 */
export async function startFirebaseHosting(project: string, port: number): Promise<HostEmulator> {
  const home = mkdtempSync(join(tmpdir(), 'cspkit-firebase-home-'))
  const { child, output } = spawnIn(project, join(ROOT, 'node_modules/.bin/firebase'), ['emulators:start', '--only', 'hosting', '--project', 'demo-cspkit'], {
    ...process.env,
    HOME: home,
    CI: '1',
    NO_COLOR: '1',
    FIREBASE_CLI_EXPERIMENTS: '',
  })
  const base = `http://127.0.0.1:${port}`
  await started(child, base, output, 'the Firebase Hosting emulator')
  return { base, output, stop: () => child.stop() }
}

/** The `emulators` section of a firebase.json: hosting on `port`, the hub and logging on free ports too (their defaults are fixed). */
export async function firebaseEmulatorPorts(port: number): Promise<Record<string, unknown>> {
  return {
    hosting: { host: '127.0.0.1', port },
    hub: { host: '127.0.0.1', port: await freePort() },
    logging: { host: '127.0.0.1', port: await freePort() },
    ui: { enabled: false },
  }
}

/** `swa start <dir>` with `dir` as the app location (where it reads staticwebapp.config.json). */
export async function startAzureSwa(dir: string): Promise<HostEmulator> {
  const port = await freePort()
  const home = mkdtempSync(join(tmpdir(), 'cspkit-swa-home-'))
  const { child, output } = spawnIn(dir, join(ROOT, 'node_modules/.bin/swa'), ['start', '.', '--app-location', '.', '--host', '127.0.0.1', '--port', String(port), '--open', 'false'], {
    ...process.env,
    HOME: home,
    CI: '1',
    NO_COLOR: '1',
    SWA_CLI_DEBUG: '',
  })
  const base = `http://127.0.0.1:${port}`
  await started(child, base, output, 'the Azure Static Web Apps emulator')
  return { base, output, stop: () => child.stop() }
}
