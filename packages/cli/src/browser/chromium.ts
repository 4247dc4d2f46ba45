import { existsSync } from 'node:fs'
import { CspkitError, diagnostic } from '@cspkit/core'
import type { Browser } from 'playwright-core'

/** Debian's (and most distributions') Chromium, used when CSPKIT_CHROMIUM is not set. */
export const DEFAULT_CHROMIUM = '/usr/bin/chromium'

/** Flags for a headless visit on a machine without network access beyond loopback: nothing phones home. */
export const CHROMIUM_ARGS: readonly string[] = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
]

/** The Chromium to run: `CSPKIT_CHROMIUM`, else /usr/bin/chromium. cspkit never downloads one. */
export function findChromium(env: Readonly<Record<string, string | undefined>>): string {
  const configured = env.CSPKIT_CHROMIUM
  const path = configured || DEFAULT_CHROMIUM
  if (existsSync(path)) return path
  throw new CspkitError([
    diagnostic({
      code: 'CHECK_BROWSER_NOT_FOUND',
      file: path,
      message: configured
        ? `CSPKIT_CHROMIUM points at ${path}, which does not exist, so check --browser has no browser to visit the site with.`
        : `There is no Chromium at ${path}, so check --browser has no browser to visit the site with.`,
      fix: 'Install one (Debian/Ubuntu: apt-get install -y chromium) or set CSPKIT_CHROMIUM to the path of a Chromium or Chrome binary; cspkit never downloads a browser.',
    }),
  ])
}

/** One headless Chromium with a fresh profile; playwright-core is loaded only here, for --browser. */
export async function launchChromium(executablePath: string): Promise<Browser> {
  const { chromium } = await import('playwright-core')
  try {
    return await chromium.launch({ executablePath, headless: true, args: [...CHROMIUM_ARGS] })
  } catch (error) {
    const first = String((error as Error).message ?? error).split('\n').find((l) => l.trim() !== '') ?? 'unknown error'
    throw new CspkitError([
      diagnostic({
        code: 'CHECK_BROWSER_FAILED',
        file: executablePath,
        message: `Chromium at ${executablePath} did not start: ${first.trim()}`,
        fix: 'Check that the binary runs (`chromium --headless --version`), or set CSPKIT_CHROMIUM to a working Chromium or Chrome.',
      }),
    ])
  }
}
