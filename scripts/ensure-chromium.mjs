// The browser tests drive Debian's Chromium (no test tool may download a browser here).
// Installs it with apt-get when missing and we are root; otherwise says exactly what to do.
import { execSync } from 'node:child_process'
import { existsSync } from 'node:fs'

const CHROMIUM = process.env.CSPKIT_CHROMIUM ?? '/usr/bin/chromium'
if (existsSync(CHROMIUM)) process.exit(0)

const canApt = process.getuid?.() === 0 && existsSync('/usr/bin/apt-get')
if (!canApt) {
  console.error(
    `[cspkit tests] Chromium is not at ${CHROMIUM}. Install it (Debian/Ubuntu: sudo apt-get install -y chromium) or point CSPKIT_CHROMIUM at a Chromium binary.`,
  )
  process.exit(1)
}
console.log('[cspkit tests] installing Debian chromium for the browser tests…')
execSync('apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium', { stdio: 'inherit' })
