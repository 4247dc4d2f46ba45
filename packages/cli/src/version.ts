import { readFileSync } from 'node:fs'

/** The CLI's own version, from the package.json installed next to dist/ (what `npm ls cspkit` shows). */
export function cliVersion(): string {
  const manifest = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }
  return manifest.version
}
