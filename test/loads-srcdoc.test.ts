import { createHash } from 'node:crypto'
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Diagnostic, Options } from '@cspkit/core'
import csp from '@cspkit/vite'
import { connectBrowser, loadPage, serveDir, type StaticServer } from './support/browser.js'
import { tempDir } from './support/builds.js'

// An <iframe srcdoc> document inherits its page's policy, so its inline script needs a hash there.
// A real Vite build adds it, quietly, and the frame's script runs in Chromium; with script hashing
// turned off the build says SRCDOC_INLINE_BLOCKED and the script is blocked (negative control).
// All three engines: test/check-reads-policies-and-build-reaches-inline-content.test.ts.
const FRAME_SCRIPT = "parent.document.body.dataset.frame = 'ran'"
const PAGE = `<!doctype html>
<html lang="en">
  <head><meta charset="utf-8" /><title>srcdoc</title></head>
  <body>
    <iframe srcdoc="&lt;script&gt;${FRAME_SCRIPT}&lt;/script&gt;"></iframe>
  </body>
</html>
`

async function build(options: Options): Promise<{ out: string; diagnostics: readonly Diagnostic[] }> {
  const root = tempDir('loads-srcdoc-app')
  writeFileSync(join(root, 'index.html'), PAGE)
  const out = tempDir('loads-srcdoc')
  const { build: viteBuild } = (await import('vite8')) as typeof import('vite8')
  const plugin = csp({ ...options, failOn: 'never' })
  await viteBuild({ root, configFile: false, logLevel: 'silent', plugins: [plugin], build: { outDir: out, emptyOutDir: true } })
  return { out, diagnostics: plugin.api.diagnostics.filter((d) => d.code === 'SRCDOC_INLINE_BLOCKED') }
}

let browser: Browser
const servers: StaticServer[] = []
beforeAll(async () => {
  browser = await connectBrowser()
})
afterAll(async () => {
  for (const s of servers) await s.close()
  await browser?.close()
})

async function frameRan(out: string): Promise<boolean> {
  const server = await serveDir(out)
  servers.push(server)
  const loaded = await loadPage(browser, `${server.url}/index.html`)
  const ran = await loaded.page.evaluate(() => document.body.dataset.frame === 'ran')
  await loaded.context.close()
  return ran
}

describe('<iframe srcdoc> in a Vite build', () => {
  it('the frame script\'s hash goes into the page\'s policy: the build is quiet and the script runs', async () => {
    const { out, diagnostics } = await build({})
    expect(diagnostics).toEqual([])
    expect(readFileSync(join(out, 'index.html'), 'utf8')).toContain(`'sha256-${createHash('sha256').update(FRAME_SCRIPT).digest('base64')}'`)
    expect(await frameRan(out)).toBe(true)
  })

  it('with script hashing off the build warns SRCDOC_INLINE_BLOCKED, and in Chromium the frame\'s script does not run', async () => {
    const { out, diagnostics } = await build({ hash: { scripts: false } })
    expect(diagnostics).toHaveLength(1)
    expect(diagnostics[0]!.file).toMatch(/^index\.html:\d+:\d+$/)
    expect(await frameRan(out)).toBe(false)
  })
})
