// The browser tests judge pages in three engines, all from Debian packages (no test tool may
// download a browser here): Chromium, Firefox ESR, and WebKitGTK's MiniBrowser under Xvfb.
// Installs what is missing with apt-get when we are root; otherwise says exactly what to install
// or which CSPKIT_* variable to set.
import { execFileSync, execSync } from 'node:child_process'
import { existsSync, readdirSync } from 'node:fs'

function miniBrowser() {
  if (process.env.CSPKIT_MINIBROWSER) return process.env.CSPKIT_MINIBROWSER
  const lib = '/usr/lib'
  const found = (existsSync(lib) ? readdirSync(lib) : [])
    .map((dir) => `${lib}/${dir}/webkit2gtk-4.1/MiniBrowser`)
    .find((path) => existsSync(path))
  return found ?? '/usr/lib/<triplet>/webkit2gtk-4.1/MiniBrowser'
}

/** What the tests need: where it is looked for, the Debian package, the variable that overrides it. */
const needs = () => [
  { name: 'Chromium', path: process.env.CSPKIT_CHROMIUM ?? '/usr/bin/chromium', apt: 'chromium', env: 'CSPKIT_CHROMIUM' },
  { name: 'Firefox', path: process.env.CSPKIT_FIREFOX ?? '/usr/bin/firefox-esr', apt: 'firefox-esr', env: 'CSPKIT_FIREFOX' },
  { name: "WebKitGTK's MiniBrowser", path: miniBrowser(), apt: 'webkit2gtk-driver', env: 'CSPKIT_MINIBROWSER' },
  { name: 'Xvfb (the X server WebKit runs under)', path: process.env.CSPKIT_XVFB ?? '/usr/bin/Xvfb', apt: 'xvfb', env: 'CSPKIT_XVFB' },
  { name: 'nginx (test/hosts-nginx-caddy-apache)', path: process.env.CSPKIT_NGINX ?? '/usr/sbin/nginx', apt: 'nginx', env: 'CSPKIT_NGINX' },
  { name: 'Apache (test/hosts-nginx-caddy-apache)', path: process.env.CSPKIT_APACHE ?? '/usr/sbin/apache2', apt: 'apache2', env: 'CSPKIT_APACHE' },
  { name: 'Caddy (test/hosts-nginx-caddy-apache)', path: process.env.CSPKIT_CADDY ?? '/usr/bin/caddy', apt: 'caddy', env: 'CSPKIT_CADDY' },
  { name: 'Hugo (test/recipe-hugo.test.ts)', path: process.env.CSPKIT_HUGO ?? '/usr/bin/hugo', apt: 'hugo', env: 'CSPKIT_HUGO' },
  { name: 'MkDocs with Material (test/real-site-mkdocs-material.test.ts)', path: process.env.CSPKIT_MKDOCS ?? '/usr/share/mkdocs/themes/material', apt: 'mkdocs mkdocs-material', env: 'CSPKIT_MKDOCS' },
  { name: "xdotool (sizes WebKit's window)", path: process.env.CSPKIT_XDOTOOL ?? '/usr/bin/xdotool', apt: 'xdotool', env: 'CSPKIT_XDOTOOL' },
]
const missing = () => needs().filter((n) => !existsSync(n.path))

/** `--versions`: each engine's version, from its binary (WebKitGTK's from its package: MiniBrowser has no --version). */
function printVersions() {
  const run = (cmd, args) => execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim()
  const [chromium, firefox] = needs()
  console.log(run(chromium.path, ['--version']))
  console.log(run(firefox.path, ['--version']))
  console.log(`WebKitGTK ${run('dpkg-query', ['-W', '-f', '${Version}', 'libwebkit2gtk-4.1-0'])}`)
}

let lacking = missing()
if (lacking.length === 0) {
  if (process.argv.includes('--versions')) printVersions()
  process.exit(0)
}

const canApt = process.getuid?.() === 0 && existsSync('/usr/bin/apt-get')
// A path set through its variable is the user's choice: apt would not put anything there.
const installable = lacking.filter((n) => !process.env[n.env])
if (canApt && installable.length > 0) {
  const packages = installable.map((n) => n.apt).join(' ')
  console.log(`[cspkit tests] installing Debian ${packages} for the browser tests…`)
  execSync(`apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq ${packages}`, { stdio: 'inherit' })
  lacking = missing()
  if (lacking.length === 0) {
    if (process.argv.includes('--versions')) printVersions()
    process.exit(0)
  }
}
for (const n of lacking) {
  console.error(`[cspkit tests] ${n.name} is not at ${n.path}. Install it (Debian/Ubuntu: sudo apt-get install -y ${n.apt}) or point ${n.env} at the binary.`)
}
process.exit(1)
