/**
 * Browsers kept across test files: the run's main process (global-setup) starts an engine's browser
 * the first time a worker slot (VITEST_POOL_ID, 1…maxWorkers) asks for it, and keeps it until the run
 * ends; each test file of that slot connects to it instead of starting its own (seconds each for
 * Firefox). One per slot, not one per run: a slot runs one file at a time, and WebDriver BiDi allows
 * one session per browser. Pages still get a fresh context each (support/engines/*.ts).
 */
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { inject } from 'vitest'
import type { EngineName } from './types.js'

/** A browser process the main process started, and where a test file connects to it. */
export interface BrowserServer {
  readonly endpoint: string
  /** False once the process exited (a crash): the next file gets a new one. */
  alive(): boolean
  close(): Promise<void>
}

export type ServerStarters = Partial<Record<EngineName, () => Promise<BrowserServer>>>

export interface BrowserBroker {
  /** `http://127.0.0.1:<port>`: GET /<engine>/<slot> answers `{ endpoint }`, starting the browser on first ask. */
  readonly url: string
  close(): Promise<void>
}

/** The main process's side: an HTTP server on 127.0.0.1 that starts each slot's browser on first ask. */
export async function startBrowserBroker(starters: ServerStarters): Promise<BrowserBroker> {
  const servers = new Map<string, Promise<BrowserServer>>()
  const serverFor = (engine: EngineName, slot: string): Promise<BrowserServer> => {
    const key = `${engine}/${slot}`
    const running = servers.get(key)
    if (running) {
      return running.then(
        (s) => (s.alive() ? s : (servers.delete(key), serverFor(engine, slot))),
        () => (servers.delete(key), serverFor(engine, slot)),
      )
    }
    const started = starters[engine]!()
    servers.set(key, started)
    return started
  }
  const http = createServer((req, res) => {
    const m = /^\/(chromium|firefox|webkit)\/(\d+)$/.exec(req.url ?? '')
    if (!m || !starters[m[1] as EngineName]) {
      res.writeHead(404).end()
      return
    }
    serverFor(m[1] as EngineName, m[2]!).then(
      (s) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ endpoint: s.endpoint })),
      (e: Error) => res.writeHead(500, { 'content-type': 'application/json' }).end(JSON.stringify({ error: e.message })),
    )
  })
  await new Promise<void>((ok) => http.listen(0, '127.0.0.1', ok))
  http.unref()
  return {
    url: `http://127.0.0.1:${(http.address() as AddressInfo).port}`,
    async close() {
      http.closeAllConnections()
      await new Promise<void>((ok) => http.close(() => ok()))
      await Promise.all([...servers.values()].map((s) => s.then((x) => x.close(), () => undefined)))
      servers.clear()
    },
  }
}

/**
 * A test file's side: where this worker slot's `engine` browser listens, or undefined outside a run
 * with the broker (then the caller starts its own). A browser that failed to start is an error.
 */
export async function sharedBrowserEndpoint(engine: EngineName): Promise<string | undefined> {
  const broker = inject('browserBroker')
  const slot = process.env.VITEST_POOL_ID
  if (!broker || !slot) return undefined
  const answer = (await (await fetch(`${broker}/${engine}/${slot}`)).json()) as { endpoint?: string; error?: string }
  if (!answer.endpoint) throw new Error(answer.error ?? `[cspkit tests] the browser broker has no ${engine}`)
  return answer.endpoint
}

declare module 'vitest' {
  export interface ProvidedContext {
    browserBroker: string
  }
}
