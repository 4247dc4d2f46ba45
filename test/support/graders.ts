/**
 * The three public graders of a Content-Security-Policy deployment, run locally and offline:
 * Google's CSP Evaluator (npm `csp_evaluator`), Lighthouse's `csp-xss` audit (lighthouse 12.2.3 on
 * Debian's Chromium) and the MDN HTTP Observatory (`@mdn/mdn-http-observatory`, its own `scan()`).
 * Each returns the grader's own verdict and findings; tests assert those, never a copy of a policy.
 */
import { spawn } from 'node:child_process'
import { createReadStream, existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { createServer as createHttpServer, type IncomingMessage, type ServerResponse } from 'node:http'
import { createServer as createHttpsServer } from 'node:https'
import { createRequire } from 'node:module'
import { connect, createServer as createNetServer, type AddressInfo, type Socket } from 'node:net'
import { tmpdir } from 'node:os'
import { extname, join, normalize, resolve } from 'node:path'
import selfsigned from 'selfsigned'
import { CONTENT_TYPES } from './browser.js'
import { ROOT } from './builds.js'
import { CHROMIUM, CHROMIUM_ARGS } from './global-setup.js'
import { spawnTied } from './engines/tied-process.js'

const require = createRequire(import.meta.url)

// ---------------------------------------------------------------------------------------------
// CSP Evaluator

/**
 * csp_evaluator's `Severity` enum, by name: HIGH (10), SYNTAX (20), MEDIUM (30), HIGH_MAYBE (40),
 * STRICT_CSP (45), MEDIUM_MAYBE (50), INFO (60), NONE (100). Lower is worse.
 */
export type EvaluatorSeverity = 'HIGH' | 'SYNTAX' | 'MEDIUM' | 'HIGH_MAYBE' | 'STRICT_CSP' | 'MEDIUM_MAYBE' | 'INFO' | 'NONE'

/**
 * What the web tool marks red or yellow: confirmed findings (HIGH: a bypass; SYNTAX; MEDIUM) and
 * possible ones (HIGH_MAYBE, MEDIUM_MAYBE: e.g. a `'self'` allowlist, bypassable when the origin
 * hosts a JSONP endpoint or an old AngularJS). A strict policy has none of them. STRICT_CSP (advice
 * for CSP1/2 browsers), INFO and NONE (notes such as "ignored because of 'strict-dynamic'") do not fail.
 */
export const EVALUATOR_FAILING: readonly EvaluatorSeverity[] = ['HIGH', 'SYNTAX', 'MEDIUM', 'HIGH_MAYBE', 'MEDIUM_MAYBE']

export interface EvaluatorFinding {
  readonly directive: string
  readonly value: string | undefined
  readonly severity: EvaluatorSeverity
  /** csp_evaluator's `Type` name, e.g. `SCRIPT_UNSAFE_INLINE`. */
  readonly type: string
  readonly description: string
}

export interface EvaluatorVerdict {
  readonly pass: boolean
  /** The findings with a failing severity. */
  readonly failing: readonly EvaluatorFinding[]
  readonly findings: readonly EvaluatorFinding[]
}

/**
 * Evaluates `policy` as the CSP Evaluator web tool does for a CSP3 browser: the default checks on
 * the effective policy, and the strict-CSP checks (fallbacks for older browsers) on the policy as written.
 */
export function cspEvaluator(policy: string): EvaluatorVerdict {
  const { CspParser } = require('csp_evaluator/dist/parser.js') as typeof import('csp_evaluator/dist/parser.js')
  const { CspEvaluator, DEFAULT_CHECKS, STRICTCSP_CHECKS } = require('csp_evaluator/dist/evaluator.js') as typeof import('csp_evaluator/dist/evaluator.js')
  const { Version } = require('csp_evaluator/dist/csp.js') as typeof import('csp_evaluator/dist/csp.js')
  const { Severity, Type } = require('csp_evaluator/dist/finding.js') as typeof import('csp_evaluator/dist/finding.js')
  const parsed = new CspParser(policy).csp
  const findings = new CspEvaluator(parsed, Version.CSP3).evaluate(STRICTCSP_CHECKS, DEFAULT_CHECKS).map(
    (f): EvaluatorFinding => ({
      directive: f.directive,
      value: f.value,
      severity: Severity[f.severity] as EvaluatorSeverity,
      type: Type[f.type] ?? String(f.type),
      description: f.description,
    }),
  )
  const failing = findings.filter((f) => EVALUATOR_FAILING.includes(f.severity))
  return { pass: failing.length === 0, failing, findings }
}

// ---------------------------------------------------------------------------------------------
// A static server that sends each URL the headers a host's rules give it


export type HeadersFor = (pathname: string) => Record<string, string>

function fileHandler(dir: string, headersFor: HeadersFor) {
  const root = resolve(dir)
  return (req: IncomingMessage, res: ServerResponse) => {
    const pathname = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname)
    const file = [pathname, join(pathname, 'index.html'), `${pathname}.html`]
      .map((p) => normalize(join(root, p)))
      .find((p) => p.startsWith(root) && existsSync(p) && statSync(p).isFile())
    if (!file) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found')
      return
    }
    res.writeHead(200, { 'content-type': CONTENT_TYPES[extname(file)] ?? 'application/octet-stream', ...headersFor(pathname) })
    if (req.method === 'HEAD' || req.method === 'OPTIONS') res.end()
    else createReadStream(file).pipe(res)
  }
}

export interface GradedServer {
  /** `https://127.0.0.1:<port>`; the same port answers plain HTTP with a redirect to it. */
  readonly url: string
  /** `127.0.0.1:<port>`, as the Observatory takes a host. */
  readonly host: string
  /** The server's self-signed certificate (PEM), a CA for the clients that should trust it. */
  readonly certificate: string
  close(): Promise<void>
}

/**
 * Serves `dir` over HTTPS (self-signed certificate for 127.0.0.1) with `headersFor(path)` on every
 * file, and plain HTTP on the same port with a 301 to HTTPS, as a host with TLS does: the
 * Observatory asks for `http://host` and `https://host` and grades the redirect between them.
 */
export async function serveGraded(dir: string, headersFor: HeadersFor): Promise<GradedServer> {
  const pems = await selfsigned.generate([{ name: 'commonName', value: '127.0.0.1' }], {
    keyType: 'ec',
    curve: 'P-256',
    extensions: [
      { name: 'basicConstraints', cA: true },
      { name: 'keyUsage', digitalSignature: true, keyCertSign: true },
      { name: 'extKeyUsage', serverAuth: true },
      { name: 'subjectAltName', altNames: [{ type: 7, ip: '127.0.0.1' }] },
    ],
  } as never)
  const https = createHttpsServer({ key: pems.private, cert: pems.cert }, fileHandler(dir, headersFor))
  let port = 0
  const http = createHttpServer((req, res) => {
    res.writeHead(301, { location: `https://127.0.0.1:${port}${req.url ?? '/'}` }).end()
  })
  await Promise.all([https, http].map((s) => new Promise<void>((ok) => s.listen(0, '127.0.0.1', ok))))
  const inner = { tls: (https.address() as AddressInfo).port, plain: (http.address() as AddressInfo).port }
  const sockets = new Set<Socket>()
  // One port, two protocols: a TLS handshake starts with byte 0x16, an HTTP request with a letter.
  // Each connection is piped to the inner server of its protocol (which read their sockets' handles
  // directly, so a sniffed byte cannot be handed back to them).
  const front = createNetServer((socket) => {
    sockets.add(socket)
    socket.once('close', () => sockets.delete(socket))
    socket.on('error', () => socket.destroy())
    socket.once('data', (first) => {
      const upstream = connect(first[0] === 0x16 ? inner.tls : inner.plain, '127.0.0.1')
      sockets.add(upstream)
      upstream.once('close', () => sockets.delete(upstream))
      upstream.on('error', () => socket.destroy())
      upstream.write(first)
      socket.pipe(upstream).pipe(socket)
    })
  })
  await new Promise<void>((ok) => front.listen(0, '127.0.0.1', ok))
  for (const s of [front, https, http]) s.unref()
  port = (front.address() as AddressInfo).port
  return {
    url: `https://127.0.0.1:${port}`,
    host: `127.0.0.1:${port}`,
    certificate: pems.cert,
    close: () =>
      new Promise<void>((ok) => {
        for (const s of sockets) s.destroy()
        // As serveDir does: close() alone waits for the clients' keep-alive connections.
        for (const s of [https, http]) {
          s.closeAllConnections()
          s.close()
        }
        front.close(() => ok())
      }),
  }
}

// ---------------------------------------------------------------------------------------------
// MDN HTTP Observatory

export interface ObservatoryTest {
  readonly pass: boolean
  /** The Observatory's expectation name, e.g. `csp-implemented-with-no-unsafe`. */
  readonly result: string
  readonly scoreModifier: number
}

export interface ObservatoryGrade {
  readonly grade: string
  readonly score: number
  readonly tests: Readonly<Record<string, ObservatoryTest>>
}

/**
 * Runs the Observatory's own `scan()` on each server (see {@link serveGraded}), one after the other in
 * one child process (its import is most of the time) that trusts the servers' certificates
 * (NODE_EXTRA_CA_CERTS is read at start-up only). The
 * package's HSTS preload list is fetched by its postinstall, which does not run here (no network):
 * the child reads an empty list instead, which is right for 127.0.0.1 (it is on no preload list).
 */
export async function observatoryScans(servers: readonly GradedServer[]): Promise<ObservatoryGrade[]> {
  const dir = mkdtempSync(join(tmpdir(), 'cspkit-observatory-'))
  const ca = join(dir, 'ca.pem')
  writeFileSync(ca, servers.map((s) => s.certificate).join('\n'))
  const script = `
import fs from 'node:fs'
const read = fs.readFileSync
fs.readFileSync = function (path, ...rest) {
  if (String(path).endsWith('hsts-preload.json') && !fs.existsSync(path)) return '{}'
  return read.call(this, path, ...rest)
}
const { scan } = await import('@mdn/mdn-http-observatory')
const grades = []
for (const host of ${JSON.stringify(servers.map((s) => s.host))}) {
  const result = await scan(host)
  const tests = Object.fromEntries(Object.values(result.tests).map((t) => [t.constructor.name, { pass: t.pass, result: t.result, scoreModifier: t.scoreModifier ?? 0 }]))
  grades.push({ grade: result.scan.grade, score: result.scan.score, tests })
}
process.stdout.write(JSON.stringify(grades))
`
  try {
    const out = await new Promise<string>((ok, fail) => {
      const child = spawn(process.execPath, ['--input-type=module', '-e', script], {
        cwd: ROOT,
        env: { ...process.env, NODE_EXTRA_CA_CERTS: ca },
        stdio: ['ignore', 'pipe', 'pipe'],
      })
      let stdout = ''
      let stderr = ''
      child.stdout.on('data', (d) => (stdout += d))
      child.stderr.on('data', (d) => (stderr += d))
      const timer = setTimeout(() => child.kill(), 60_000)
      child.on('exit', (code) => {
        clearTimeout(timer)
        if (code === 0) ok(stdout)
        else fail(new Error(`[cspkit tests] the Observatory scan of ${servers.map((s) => s.host).join(', ')} failed (exit ${code}):\n${stderr.slice(-2000)}`))
      })
    })
    return JSON.parse(out) as ObservatoryGrade[]
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

// ---------------------------------------------------------------------------------------------
// Lighthouse csp-xss

export interface LighthouseChromium {
  /** The DevTools port Lighthouse connects to. */
  readonly port: number
  close(): Promise<void>
}

/**
 * Debian's Chromium with a DevTools port for Lighthouse (which drives Chrome over CDP, so it cannot
 * use the run's shared Playwright server). It trusts no certificate it should not: Lighthouse gets
 * plain-HTTP URLs. Tied to this worker: it stops with it.
 */
export async function startLighthouseChromium(): Promise<LighthouseChromium> {
  const profile = mkdtempSync(join(tmpdir(), 'cspkit-lighthouse-profile-'))
  const chromium = spawnTied(
    CHROMIUM,
    [...CHROMIUM_ARGS, '--headless=new', '--remote-debugging-port=0', '--remote-debugging-address=127.0.0.1', `--user-data-dir=${profile}`, 'about:blank'],
    process.env,
  )
  const port = await new Promise<number>((ok, fail) => {
    let seen = ''
    const timer = setTimeout(() => fail(new Error(`[cspkit tests] Chromium gave no DevTools port:\n${chromium.stderrTail()}`)), 30_000)
    chromium.child.stderr!.on('data', (d: Buffer) => {
      seen += d.toString()
      const m = /DevTools listening on ws:\/\/127\.0\.0\.1:(\d+)\//.exec(seen)
      if (m) {
        clearTimeout(timer)
        ok(Number(m[1]))
      }
    })
  })
  return {
    port,
    async close() {
      await chromium.stop()
      rmSync(profile, { recursive: true, force: true })
    },
  }
}

export interface LighthouseItem {
  readonly description: string
  readonly directive: string | undefined
  /** `High` (a bypass, or no enforced CSP), `Medium` (a warning), `Syntax`. */
  readonly severity: string
}

export interface LighthouseVerdict {
  /**
   * The audit's own pass/fail: its score is `bypasses.length ? 0 : 1`, and no CSP at all is one High
   * item. The audit is informative (weight 0), so the report's `score` is always 1 and the verdict
   * lives in the items: it passes when none is High.
   */
  readonly pass: boolean
  readonly items: readonly LighthouseItem[]
  /** The report's scoreDisplayMode: `informative`, or `notApplicable` when the audit found nothing. */
  readonly displayMode: string
}

/** Lighthouse's `csp-xss` audit, alone, on `url`, in `chromium`. */
export async function lighthouseCspXss(url: string, chromium: LighthouseChromium): Promise<LighthouseVerdict> {
  const { default: lighthouse } = (await import('lighthouse')) as { default: (url: string, flags: object) => Promise<{ lhr: LighthouseReport } | undefined> }
  const result = await lighthouse(url, { port: chromium.port, onlyAudits: ['csp-xss'], output: 'json', logLevel: 'error', disableStorageReset: false })
  const audit = result?.lhr.audits['csp-xss']
  if (!audit) throw new Error(`[cspkit tests] Lighthouse returned no csp-xss audit for ${url}`)
  if (audit.scoreDisplayMode === 'error') throw new Error(`[cspkit tests] Lighthouse's csp-xss audit failed on ${url}: ${audit.errorMessage}`)
  const items: LighthouseItem[] = []
  for (const item of audit.details?.items ?? []) {
    const description = typeof item.description === 'string' ? item.description : String(item.description?.value ?? '')
    items.push({ description, directive: item.directive, severity: item.severity })
    for (const sub of item.subItems?.items ?? []) items.push({ description: String(sub.description), directive: sub.directive, severity: item.severity })
  }
  return { pass: !items.some((i) => i.severity === 'High'), items, displayMode: audit.scoreDisplayMode }
}

interface LighthouseReport {
  audits: Record<
    string,
    {
      scoreDisplayMode: string
      errorMessage?: string
      details?: { items?: { description: string | { value?: string }; directive?: string; severity: string; subItems?: { items?: { description: string; directive?: string }[] } }[] }
    }
  >
}
