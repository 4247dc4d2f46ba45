/**
 * Debian's real nginx, Caddy and Apache serving a built folder on 127.0.0.1, each in a private temp
 * prefix (config, pid, logs, temp files there; /etc's default sites and port 80 untouched), in the
 * foreground under the tied-process watchdog so a dying test worker takes them down too.
 */
import { execFileSync } from 'node:child_process'
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { createServer, get } from 'node:http'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { spawnTied, type TiedProcess } from './engines/tied-process.js'

/** The binaries (Debian's, on PATH), or where CSPKIT_NGINX / CSPKIT_CADDY / CSPKIT_APACHE point. */
const NGINX = process.env.CSPKIT_NGINX ?? 'nginx'
const CADDY = process.env.CSPKIT_CADDY ?? 'caddy'
const APACHE = process.env.CSPKIT_APACHE ?? 'apache2'

export interface WebServer {
  /** `http://127.0.0.1:<port>` */
  readonly base: string
  /** The server's error log so far. */
  log(): string
  stop(): Promise<void>
}

/** The raw response: status and every header line as sent (name lower-cased, one entry per line). */
export interface RawResponse {
  readonly status: number
  readonly lines: readonly (readonly [name: string, value: string])[]
}

/** A GET whose body is discarded; `rawHeaders` keeps repeated header lines apart. */
export function rawGet(url: string): Promise<RawResponse> {
  return new Promise((ok, fail) => {
    get(url, (res) => {
      res.resume()
      const lines: [string, string][] = []
      for (let i = 0; i < res.rawHeaders.length; i += 2) lines.push([res.rawHeaders[i]!.toLowerCase(), res.rawHeaders[i + 1]!])
      res.on('end', () => ok({ status: res.statusCode ?? 0, lines }))
    }).on('error', fail)
  })
}

/** Each value of one header, in the order sent. */
export function headerLines(res: RawResponse, name: string): string[] {
  return res.lines.filter(([n]) => n === name.toLowerCase()).map(([, v]) => v)
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

/** A private prefix other users can read (Apache's workers run as www-data). */
function prefix(name: string): string {
  const dir = mkdtempSync(join(tmpdir(), `cspkit-${name}-`))
  chmodSync(dir, 0o755)
  return dir
}

/** Runs a config test (`nginx -t`, `caddy validate`, `apache2 -t`); throws its output when it fails. */
export function configTest(command: string, args: readonly string[], env?: NodeJS.ProcessEnv): string {
  try {
    return execFileSync(command, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], env: env ?? process.env })
  } catch (error) {
    const e = error as { stdout?: string; stderr?: string }
    throw new Error(`${command} ${args.join(' ')} failed:\n${e.stdout ?? ''}${e.stderr ?? ''}`)
  }
}

async function waitUp(base: string, server: TiedProcess, log: () => string, what: string): Promise<void> {
  const deadline = Date.now() + 20_000
  for (;;) {
    if ((await rawGet(`${base}/`).catch(() => ({ status: 0 }))).status > 0) return
    if (Date.now() > deadline || server.child.exitCode !== null) {
      await server.stop()
      throw new Error(`${what} did not start:\n${server.stderrTail()}\n${log()}`)
    }
    await new Promise((r) => setTimeout(r, 100))
  }
}

function readLog(path: string): () => string {
  return () => {
    try {
      return readFileSync(path, 'utf8')
    } catch {
      return ''
    }
  }
}

/**
 * nginx with `http { include <maps>; server { root <root>; include <headers>; location / {
 * try_files $uri $uri.html $uri/ =404; } } }` plus `extraServer` lines. `nginx -t` runs first.
 */
export async function startNginx(root: string, opts: { maps?: string; headers?: string; extraServer?: string } = {}): Promise<WebServer> {
  const dir = prefix('nginx')
  const port = await freePort()
  mkdirSync(join(dir, 'temp'))
  const conf = join(dir, 'nginx.conf')
  writeFileSync(
    conf,
    `worker_processes 1;
daemon off;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events { worker_connections 64; }
http {
  include /etc/nginx/mime.types;
  access_log off;
  client_body_temp_path ${dir}/temp; proxy_temp_path ${dir}/temp; fastcgi_temp_path ${dir}/temp; uwsgi_temp_path ${dir}/temp; scgi_temp_path ${dir}/temp;
  ${opts.maps ? `include ${opts.maps};` : ''}
  server {
    listen 127.0.0.1:${port};
    root ${root};
    ${opts.headers ? `include ${opts.headers};` : ''}
    location / { try_files $uri $uri.html $uri/ =404; }
    ${opts.extraServer ?? ''}
  }
}
`,
  )
  configTest(NGINX, ['-t', '-q', '-p', dir, '-c', conf])
  const server = spawnTied(NGINX, ['-p', dir, '-c', conf], process.env)
  const base = `http://127.0.0.1:${port}`
  const log = readLog(join(dir, 'error.log'))
  await waitUp(base, server, log, 'nginx')
  return { base, log, stop: () => server.stop() }
}

/**
 * Caddy with `{ admin off; auto_https off }` and one site: `root`, `import <snippet>`, `try_files
 * {path} {path}.html {path}/`, `file_server`. `caddy validate` runs first; HOME and XDG folders are
 * private so Caddy writes nothing outside its prefix.
 */
export async function startCaddy(root: string, opts: { snippet?: string } = {}): Promise<WebServer> {
  const dir = prefix('caddy')
  const port = await freePort()
  const caddyfile = join(dir, 'Caddyfile')
  writeFileSync(
    caddyfile,
    `{
\tadmin off
\tauto_https off
}
http://127.0.0.1:${port} {
\troot * ${root}
${opts.snippet ? `\timport ${opts.snippet}\n` : ''}\ttry_files {path} {path}.html {path}/
\tfile_server
\tlog {
\t\toutput file ${dir}/access.log
\t}
}
`,
  )
  const env = { ...process.env, HOME: dir, XDG_CONFIG_HOME: join(dir, 'config'), XDG_DATA_HOME: join(dir, 'data') }
  configTest(CADDY, ['validate', '--config', caddyfile, '--adapter', 'caddyfile'], env)
  const server = spawnTied(CADDY, ['run', '--config', caddyfile, '--adapter', 'caddyfile'], env)
  const base = `http://127.0.0.1:${port}`
  const log = () => server.stderrTail()
  await waitUp(base, server, log, 'Caddy')
  return { base, log, stop: () => server.stop() }
}

const APACHE_MODULES = ['mpm_event', 'authz_core', 'dir', 'mime', 'headers', 'negotiation']

/**
 * Apache with its own ServerRoot: the modules a static site needs, `<Directory root>` with
 * `AllowOverride FileInfo Options` (so the output's `.htaccess` applies) and `Options MultiViews`
 * (`/about` serves about.html), DirectorySlash as Debian ships it. `apache2 -t` runs first.
 */
export async function startApache(root: string): Promise<WebServer> {
  const dir = prefix('apache')
  const port = await freePort()
  const conf = join(dir, 'apache2.conf')
  writeFileSync(
    conf,
    `ServerRoot ${dir}
ServerName 127.0.0.1
Listen 127.0.0.1:${port}
PidFile ${dir}/apache2.pid
DefaultRuntimeDir ${dir}
Mutex file:${dir} default
ErrorLog ${dir}/error.log
LogLevel warn
${APACHE_MODULES.map((m) => `LoadModule ${m}_module /usr/lib/apache2/modules/mod_${m}.so`).join('\n')}
User www-data
Group www-data
TypesConfig /etc/mime.types
DocumentRoot ${root}
DirectoryIndex index.html
<Directory />
\tAllowOverride None
\tRequire all denied
</Directory>
<Directory ${root}>
\tOptions MultiViews
\tAllowOverride FileInfo Options
\tRequire all granted
</Directory>
<Files ".ht*">
\tRequire all denied
</Files>
`,
  )
  // Apache's workers run as www-data: every folder down to the output must be readable.
  for (let d = root; d.startsWith(`${tmpdir()}/`); d = dirname(d)) chmodSync(d, 0o755)
  configTest(APACHE, ['-t', '-f', conf])
  const server = spawnTied(APACHE, ['-f', conf, '-DFOREGROUND'], process.env)
  const base = `http://127.0.0.1:${port}`
  const log = readLog(join(dir, 'error.log'))
  await waitUp(base, server, log, 'Apache')
  return { base, log, stop: () => server.stop() }
}
