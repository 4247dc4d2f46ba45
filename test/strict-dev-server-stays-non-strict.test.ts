import { join } from 'node:path'
import { afterAll, beforeAll, expect, it } from 'vitest'
import type { ViteDevServer } from 'vite8'
import csp from '@cspkit/vite'
import { viteTerminal } from './support/vite-terminal.js'
import { loadInEngine, waitInPage, warmUp } from './support/engines/index.js'
import { ROOT, tempDir } from './support/builds.js'

// `vite dev` with strict: true. Strict mode allows the build's scripts by the integrity of their final
// bytes; the dev server's modules are not those files, so it sends the non-strict policy, says so once,
// and the app runs (a strict policy there would block every unbundled module: nothing would run).

const APP = join(ROOT, 'test/fixtures/strict-app')

let server: ViteDevServer
const logger = viteTerminal()
const lines = logger.lines

beforeAll(async () => {
  warmUp(['chromium'])
  const { createServer } = await import('vite8')
  server = await createServer({
    root: APP,
    configFile: false,
    cacheDir: tempDir('strict-dev-cache'),
    customLogger: logger,
    plugins: [csp({ strict: true })],
    server: { host: '127.0.0.1', port: 0 },
  })
  await server.listen()
})

afterAll(async () => {
  await server?.close()
})

it('sends the non-strict policy with one notice, and the app runs under it in the browser', async () => {
  const url = server.resolvedUrls!.local[0]!
  const response = await fetch(url)
  const policy = response.headers.get('content-security-policy') ?? ''
  expect(policy).toContain("default-src 'self'")
  expect(policy).not.toContain("'strict-dynamic'")
  await fetch(url) // a second page request: still one notice
  expect(lines.filter((l) => l.includes('STRICT_DEV_NOT_STRICT'))).toHaveLength(1)
  expect(lines.find((l) => l.includes('STRICT_DEV_NOT_STRICT'))).toMatch(/^\[cspkit\] STRICT_DEV_NOT_STRICT/)

  const { page, violations } = await loadInEngine('chromium', url)
  try {
    await waitInPage(page, () => {
      const m = (window as unknown as { __marks?: string[] }).__marks ?? []
      return m.includes('main') && m.includes('dyn') && m.includes('worker:pong')
    })
    expect(violations).toEqual([])
  } finally {
    await page.close()
  }
})
