/**
 * Cloudflare Pages, end to end: a real `vite build` (vite 8) with hosts: ['cloudflare'] and meta off,
 * served by `wrangler pages dev` (Cloudflare's own _headers parser and asset server), loaded in
 * Chromium, Firefox and WebKit: every page gets exactly its policy as a header and runs with zero
 * violations in each engine, and the header (not a meta) is what refuses an injected script.
 */
import { readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import csp from '@cspkit/vite'
import type { CspkitApi } from '@cspkit/core'
import { ENGINES } from './support/engines/index.js'
import { buildHostsSite, copyFixture, expectHeaderPolicyHolds } from './support/hosts-site.js'
import { httpHead, startWranglerPages, type WranglerPages } from './support/wrangler.js'

const ROOT = resolve(fileURLToPath(new URL('..', import.meta.url)))
const FIXTURE = join(ROOT, 'test/fixtures/hosts-site')

let wrangler: WranglerPages | undefined
let output = () => ''
let base = ''
let api: CspkitApi
let outDir = ''



beforeAll(async () => {
  const project = copyFixture('hosts-site')
  outDir = join(project, 'dist')
  const plugin = csp({ meta: false, hosts: ['cloudflare'], headers: { security: true } })
  api = await buildHostsSite(project, plugin, outDir)

  wrangler = await startWranglerPages(outDir, project)
  base = wrangler.base
  output = wrangler.output
}, 180_000)

afterAll(async () => {
  wrangler?.stop()
})

describe('Cloudflare _headers from a vite 8 build, served by wrangler pages dev', () => {
  it("keeps the user's public/_headers rules and wrangler reports no invalid rule", () => {
    const text = readFileSync(join(outDir, '_headers'), 'utf8')
    expect(text.startsWith(readFileSync(join(FIXTURE, 'public/_headers'), 'utf8'))).toBe(true)
    expect(output()).toMatch(/Parsed \d+ valid header rules?/)
    expect(output()).not.toMatch(/invalid header rule/i)
  })

  const urls: [string, string][] = [
    ['/', 'index.html'],
    ['/about', 'about.html'],
    ['/docs/', 'docs/index.html'],
    // No 404.html: Cloudflare serves index.html for unknown URLs (SPA mode), with the site rule's policy.
    ['/app/deep/link', 'index.html'],
  ]

  it.each(urls)('%s carries exactly the policy of %s', async (url, file) => {
    const res = await httpHead(`${base}${url}`)
    expect(res.status).toBe(200)
    expect(res.headers['content-security-policy']).toBe(api.page(file)!.headerPolicy)
    expect(res.headers['x-content-type-options']).toBe('nosniff')
    expect(readFileSync(join(outDir, file), 'utf8')).not.toContain('http-equiv="Content-Security-Policy"')
  })

  it("keeps the user's asset rule next to cspkit's", async () => {
    const html = readFileSync(join(outDir, 'index.html'), 'utf8')
    const script = /src="(\/assets\/[^"]+\.js)"/.exec(html)![1]!
    const res = await httpHead(`${base}${script}`)
    expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable')
    expect(res.headers['x-robots-tag']).toBe('noindex')
  })

  // Every URL in every engine (test/support/engines). The injected script is each load's negative
  // control: the header policy must refuse it, in that engine, as a script-src-elem violation.
  const URLS_IN_ENGINES = ENGINES.flatMap((engine) => urls.map(([url, file]) => [url, engine, file] as const))
  it.each(URLS_IN_ENGINES)('%s runs in %s with zero violations, and the header policy is enforced', async (url, engine, file) => {
    const expected = file === 'docs/index.html' ? ['main'] : [file === 'about.html' ? 'about' : 'home', 'main']
    // The header is what protects the page (no meta in the file): an injected inline script is refused.
    await expectHeaderPolicyHolds(engine, `${base}${url}`, expected)
  })
})
