import { existsSync } from 'node:fs'
import { chromium, type BrowserServer } from 'playwright-core'
import type { TestProject } from 'vitest/node'

export const CHROMIUM = process.env.CSPKIT_CHROMIUM ?? '/usr/bin/chromium'

/** Flags for Debian's Chromium on a machine with no network but loopback. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
]

let server: BrowserServer | undefined

export default async function setup(project: TestProject) {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `[cspkit tests] Chromium not found at ${CHROMIUM}. Install Debian's package (apt-get install -y chromium) or set CSPKIT_CHROMIUM.`,
    )
  }
  // playwright gives the server a fresh, throw-away user-data-dir.
  server = await chromium.launchServer({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS })
  project.provide('browserWSEndpoint', server.wsEndpoint())
  return async () => {
    await server?.close()
  }
}

declare module 'vitest' {
  export interface ProvidedContext {
    browserWSEndpoint: string
  }
}
