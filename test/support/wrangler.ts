import { spawn } from 'node:child_process'
import { mkdtempSync } from 'node:fs'
import { createServer, get } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { ROOT } from './builds.js'

export interface WranglerPages {
  /** `http://127.0.0.1:<port>` */
  readonly base: string
  /** Everything wrangler printed so far (its _headers diagnostics come at start-up). */
  output(): string
  stop(): void
}

/**
 * `wrangler pages dev <dir>` (Cloudflare's own _headers parser and asset server) on 127.0.0.1, with a
 * throw-away HOME and a pinned compatibility date (HOSTS.md 4.4); resolves once it answers.
 */
export async function startWranglerPages(dir: string, cwd: string): Promise<WranglerPages> {
  const port = await freePort()
  const base = `http://127.0.0.1:${port}`
  const home = mkdtempSync(join(tmpdir(), 'cspkit-wrangler-home-'))
  let output = ''
  const wrangler = spawn(
    join(ROOT, 'node_modules/.bin/wrangler'),
    ['pages', 'dev', dir, '--ip', '127.0.0.1', '--port', String(port), '--compatibility-date=2025-01-01'],
    { cwd, env: { ...process.env, HOME: home, WRANGLER_SEND_METRICS: 'false', CI: '1', NO_COLOR: '1' }, detached: true, stdio: ['ignore', 'pipe', 'pipe'] },
  )
  wrangler.stdout!.on('data', (d) => (output += d))
  wrangler.stderr!.on('data', (d) => (output += d))
  const stop = () => {
    if (wrangler.pid && wrangler.exitCode === null) process.kill(-wrangler.pid, 'SIGTERM')
  }
  const deadline = Date.now() + 90_000
  for (;;) {
    if ((await httpHead(`${base}/`).catch(() => ({ status: 0 }))).status > 0) break
    if (Date.now() > deadline || wrangler.exitCode !== null) {
      stop()
      throw new Error(`wrangler did not start:\n${output}`)
    }
    await new Promise((r) => setTimeout(r, 250))
  }
  return { base, output: () => output, stop }
}

/** A GET whose body is discarded: status and headers. */
export function httpHead(url: string): Promise<{ status: number; headers: Record<string, string | string[] | undefined> }> {
  return new Promise((ok, fail) => {
    get(url, (res) => {
      res.resume()
      res.on('end', () => ok({ status: res.statusCode ?? 0, headers: res.headers }))
    }).on('error', fail)
  })
}

function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const s = createServer()
    s.once('error', fail)
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number }
      s.close(() => ok(port))
    })
  })
}
