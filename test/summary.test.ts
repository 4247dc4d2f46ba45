import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import csp from '@cspkit/vite'
import { EXAMPLES, tempDir } from './support/builds.js'

describe('build summary', () => {
  it('states pages, hashes, the longest policy and each host file\'s headroom, through Vite\'s logger', async () => {
    const { build, createLogger } = await import('vite8')
    const logger = createLogger('silent')
    const infos: string[] = []
    logger.info = (message: string) => void infos.push(message)
    const outDir = tempDir('summary')
    const root = join(EXAMPLES, 'vite-spa')
    await build({ root, configFile: false, customLogger: logger, build: { outDir }, plugins: [csp({ hosts: ['cloudflare'] })] })

    const lines = infos.filter((m) => m.startsWith('[cspkit]'))
    const html = readFileSync(join(outDir, 'index.html'), 'utf8')
    const policy = /content="([^"]*)"/.exec(html)![1]!.replace(/&amp;/g, '&')
    expect(lines[0]).toBe(`[cspkit] 1 page, 2 hashes added, longest policy ${policy.length} characters (index.html).`)
    const headers = readFileSync(join(outDir, '_headers'), 'utf8').split('\n').map((l) => l.trim())
    const rules = headers.filter((l) => l.startsWith('/')).length
    const longest = Math.max(...headers.filter((l) => l && !l.startsWith('#')).map((l) => l.length))
    expect(lines[1]).toBe('[cspkit] scope: page (no client-side router found in 1 page).')
    expect(lines[2]).toBe(`[cspkit] _headers (Cloudflare): ${rules} of 100 rules, longest line ${longest} of 2,000 characters, written.`)
  })
})
