import { createHash } from 'node:crypto'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { defaultPolicy, type Diagnostic, type Options } from '@cspkit/core'
import csp from '@cspkit/vite'
import { serveDir, type StaticServer } from './support/browser.js'
import { ENGINES, loadInEngine, warmUp, type EngineName } from './support/engines/index.js'
import { tempDir } from './support/builds.js'

// An <iframe srcdoc> document inherits its page's policy, so its inline script needs a hash there
// that cspkit does not add. A real Vite build must say so, and Chromium, Firefox and WebKit must each
// show the script blocked; with the script's hash in the policy, the build is quiet and the script runs
// in each (negative control). Each build once, each engine loads it.
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

const servers: StaticServer[] = []
let warned: { url: string; diagnostics: readonly Diagnostic[] }
let hashed: { url: string; diagnostics: readonly Diagnostic[] }

async function served(options: Options): Promise<{ url: string; diagnostics: readonly Diagnostic[] }> {
  const { out, diagnostics } = await build(options)
  const server = await serveDir(out)
  servers.push(server)
  return { url: `${server.url}/index.html`, diagnostics }
}

beforeAll(async () => {
  // The engines start while the build runs.
  warmUp()
  warned = await served({})
  const hash = `'sha256-${createHash('sha256').update(FRAME_SCRIPT).digest('base64')}'`
  hashed = await served({ policy: { ...defaultPolicy, 'script-src': ["'self'", hash] } })
})
afterAll(async () => {
  for (const s of servers) await s.close()
})

async function frameRan(engine: EngineName, url: string): Promise<boolean> {
  const loaded = await loadInEngine(engine, url)
  try {
    return await loaded.page.evaluate(() => document.body.dataset.frame === 'ran')
  } finally {
    await loaded.page.close()
  }
}

describe('<iframe srcdoc> in a Vite build', () => {
  it('the build warns SRCDOC_INLINE_BLOCKED', () => {
    expect(warned.diagnostics).toHaveLength(1)
    expect(warned.diagnostics[0]!.file).toMatch(/^index\.html:\d+:\d+$/)
  })

  it.each(ENGINES)("in %s the frame's script does not run", async (engine) => {
    expect(await frameRan(engine, warned.url)).toBe(false)
  })

  it('with the frame script\'s hash in the policy the build is quiet', () => {
    expect(hashed.diagnostics).toEqual([])
  })

  it.each(ENGINES)('with that hash, in %s the script runs', async (engine) => {
    expect(await frameRan(engine, hashed.url)).toBe(true)
  })
})
