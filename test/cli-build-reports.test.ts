import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { parseAllHeaders } from '@netlify/headers-parser'
import { cspkit } from './support/cli.js'

// What `cspkit build` tells a newcomer: the header files it writes, with flags alone, and where a
// config or host file is wrong (file, line and column, the host name they meant).

const work = mkdtempSync(join(tmpdir(), 'cspkit-build-reports-'))
afterAll(() => rmSync(work, { recursive: true, force: true }))

const PAGE = '<!doctype html><html><head><title>t</title></head><body><p style="color: red">hi</p><script>1</script></body></html>'

function project(name: string, files: Record<string, string> = {}): string {
  const dir = join(work, name)
  mkdirSync(join(dir, 'dist'), { recursive: true })
  writeFileSync(join(dir, 'dist/index.html'), PAGE)
  for (const [file, text] of Object.entries(files)) writeFileSync(join(dir, file), text)
  return dir
}

describe('cspkit build reports', () => {
  it('--hosts writes each header file and names it with its size against the limits; a rebuild says unchanged', async () => {
    const dir = project('hosts')
    const first = await cspkit(['build', 'dist', '--hosts', 'netlify,vercel'], dir)
    expect(first.code, first.stderr).toBe(0)
    expect(first.stdout).toContain('1 updated, 2 header files written')
    expect(first.stdout).toMatch(/^\[cspkit\] build: dist\/_headers \(Netlify\) written: 1 rule\.$/m)
    expect(first.stdout).toMatch(/^\[cspkit\] build: vercel\.json \(Vercel\) written: 1 of 2,048 rules, longest value \d+ of 32,768 characters\.$/m)
    // The files are real and mean what the line says: Netlify's own parser reads one rule with the page's CSP.
    const { headers, errors } = await parseAllHeaders({ headersFiles: [join(dir, 'dist/_headers')], configHeaders: undefined, minimal: true })
    expect(errors).toEqual([])
    expect(headers).toHaveLength(1)
    expect(JSON.parse(readFileSync(join(dir, 'vercel.json'), 'utf8')).headers).toHaveLength(1)

    const again = await cspkit(['build', 'dist', '--hosts', 'netlify,vercel'], dir)
    expect(again.stdout).toContain('0 updated, 0 header files written')
    expect(again.stdout).toMatch(/dist\/_headers \(Netlify\) unchanged: 1 rule\./)
  })

  it('only a header file changing is not reported as "0 updated" alone', async () => {
    const dir = project('headers-only')
    await cspkit(['build', 'dist'], dir)
    const run = await cspkit(['build', 'dist', '--hosts', 'cloudflare'], dir)
    expect(run.stdout).toContain('0 updated, 1 header file written')
    expect(run.stdout).toMatch(/dist\/_headers \(Cloudflare\) written: 1 of 100 rules/)
  })

  it('a misspelled host name gets a did-you-mean and writes nothing', async () => {
    const dir = project('typo')
    const run = await cspkit(['build', 'dist', '--hosts', 'netlfy'], dir)
    expect(run.code).toBe(2)
    expect(run.stderr).toMatch(/^\[cspkit\] OPTION_INVALID \(option hosts\[0\]\): .*"netlfy".* Fix: Did you mean 'netlify'\?$/m)
    expect(readFileSync(join(dir, 'dist/index.html'), 'utf8')).toBe(PAGE)
    expect(existsSync(join(dir, 'dist/_headers'))).toBe(false)
  })

  it('a JSON config with a syntax error names the file, line and column', async () => {
    const dir = project('json', { 'cspkit.config.json': '{\n  "policy": {\n    "default-src": ["\'self\'"],\n  }\n}\n' })
    const run = await cspkit(['build', 'dist'], dir)
    expect(run.code).toBe(2)
    expect(run.stderr).toMatch(/\[cspkit\] CONFIG_UNREADABLE \(\S*cspkit\.config\.json:4:3\): .* at line 4, column 3/)
    expect(run.stderr).not.toMatch(/position \d+/)
  })

  it('a netlify.toml that does not parse is named, with line and column, in the message and the fix', async () => {
    const toml = '[build]\npublish = "dist"\n\n[[headers]]\nfor = "/*\n'
    const dir = project('toml', { 'netlify.toml': toml })
    const run = await cspkit(['build', 'dist', '--hosts', 'netlify-toml'], dir)
    expect(run.code).toBe(1)
    const line = run.stderr.split('\n').find((l) => l.includes('HEADERS_FILE_UNREADABLE'))!
    expect(line).toMatch(/\(netlify\.toml:5:\d+\)/)
    expect(line).toMatch(/Fix: Fix the TOML in netlify\.toml at line 5, column \d+, then build again\./)
    expect(readFileSync(join(dir, 'netlify.toml'), 'utf8')).toBe(toml)
  })
})
