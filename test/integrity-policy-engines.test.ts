/**
 * What each engine does with `Integrity-Policy: blocked-destinations=(script)` (the header
 * headers.integrityPolicy writes), served from 127.0.0.1 with no CSP so only that header acts.
 * One page holds every case side by side; each script records that it ran. The same page with
 * `Integrity-Policy-Report-Only` is the control: there every script runs, in every engine.
 * If an engine's behaviour changes (a browser update), the test says which case moved.
 */
import { createHash } from 'node:crypto'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { serveDir, type StaticServer } from './support/browser.js'
import { ENGINES, loadInEngine, waitInPage, warmUp, type EngineName } from './support/engines/index.js'

const sri = (code: string) => `sha384-${createHash('sha384').update(code, 'utf8').digest('base64')}`
const mark = (name: string) => `;(window.ran ||= []).push(${JSON.stringify(name)})\n`

const FILES: Record<string, string> = {
  'classic-with.js': mark('classic with integrity'),
  'classic-without.js': mark('classic without integrity'),
  'inserted.js': mark('inserted by script without integrity'),
  'inserter.js': `${mark('inserter')}const s = document.createElement('script'); s.src = '/inserted.js'; document.head.append(s)\n`,
  'module-alone.js': `export {}\n${mark('module without imports')}`,
  'dep.js': `export const dep = 1\n${mark('static import (import map integrity)')}`,
  'lazy.js': `export const lazy = 1\n${mark('import() (import map integrity)')}`,
  'lazy-bare.js': `export const bare = 1\n${mark('import() without integrity')}`,
  'graph.js': `import './dep.js'\n${mark('module with imports')}import('./lazy.js')\nimport('./lazy-bare.js').catch(() => {})\n`,
}

const tag = (file: string, attrs = '') => `<script src="/${file}" integrity="${sri(FILES[file]!)}" crossorigin="anonymous"${attrs}></script>`
const PAGE = `<!doctype html><html><head><meta charset="utf-8"><title>Integrity-Policy</title>
<script type="importmap">${JSON.stringify({ imports: {}, integrity: { '/dep.js': sri(FILES['dep.js']!), '/lazy.js': sri(FILES['lazy.js']!) } })}</script>
${tag('classic-with.js')}
<script src="/classic-without.js"></script>
${tag('inserter.js')}
${tag('module-alone.js', ' type="module"')}
${tag('graph.js', ' type="module"')}
<script src="data:text/javascript,window.done%3D1" integrity="${sri('window.done=1')}" defer></script>
</head><body>cases</body></html>`

const EVERY_CASE = [
  'classic with integrity',
  'classic without integrity',
  'inserter',
  'inserted by script without integrity',
  'module without imports',
  'module with imports',
  'static import (import map integrity)',
  'import() (import map integrity)',
  'import() without integrity',
]

/** What runs under the enforced header, per engine (Chromium 156, Firefox ESR 153, WebKitGTK 2.50 as installed here). */
const RUNS: Record<EngineName, string[]> = {
  // Both enforce it: only scripts with integrity run; an import map's integrity covers a module's imports.
  chromium: ['classic with integrity', 'inserter', 'module without imports', 'module with imports', 'static import (import map integrity)', 'import() (import map integrity)'],
  firefox: ['classic with integrity', 'inserter', 'module without imports', 'module with imports', 'static import (import map integrity)', 'import() (import map integrity)'],
  // WebKit enforces it and does not apply the import map's integrity: a module with imports does not run.
  webkit: ['classic with integrity', 'inserter', 'module without imports'],
}

let dir: string
const servers: { enforce?: StaticServer; reportOnly?: StaticServer } = {}

beforeAll(async () => {
  warmUp()
  dir = mkdtempSync(join(tmpdir(), 'cspkit-integrity-policy-'))
  for (const [name, code] of Object.entries(FILES)) writeFileSync(join(dir, name), code)
  writeFileSync(join(dir, 'index.html'), PAGE)
  const page = (name: string) => (path: string) => (path === '/' ? { [name]: 'blocked-destinations=(script)' } : {})
  servers.enforce = await serveDir(dir, { headers: page('Integrity-Policy') })
  servers.reportOnly = await serveDir(dir, { headers: page('Integrity-Policy-Report-Only') })
})
afterAll(async () => {
  await Promise.all(Object.values(servers).map((s) => s.close()))
  rmSync(dir, { recursive: true, force: true })
})

async function ran(engine: EngineName, server: StaticServer): Promise<string[]> {
  const { page } = await loadInEngine(engine, `${server.url}/`, 0)
  try {
    // The data: script with integrity runs last among the parser's scripts; then the imports settle.
    await waitInPage(page, '!!window.done || (window.ran || []).length > 0')
    await new Promise((ok) => setTimeout(ok, 500))
    return ((await page.evaluate('window.ran || []')) as string[]).slice().sort()
  } finally {
    await page.close()
  }
}

describe.each(ENGINES)('Integrity-Policy in %s', (engine) => {
  it('runs exactly the scripts the engine lets through the enforced header', async () => {
    expect(await ran(engine, servers.enforce!)).toEqual([...RUNS[engine]].sort())
  })

  it('runs every script under Integrity-Policy-Report-Only (the control: the page itself works)', async () => {
    expect(await ran(engine, servers.reportOnly!)).toEqual([...EVERY_CASE].sort())
  })
})
