/**
 * Cloudflare Pages, end to end: a real `vite build` (vite 8) with hosts: ['cloudflare'] and meta off,
 * served by `wrangler pages dev` (Cloudflare's own _headers parser and asset server), loaded in
 * Chromium: every page gets exactly its policy as a header and runs with zero violations.
 */
import { cpSync, mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import csp from '@cspkit/vite'
import type { CspkitApi } from '@cspkit/core'
import { connectBrowser, loadPage } from './support/browser.js'
import { httpHead, startWranglerPages, type WranglerPages } from './support/wrangler.js'

const ROOT = resolve(fileURLToPath(new URL('..', import.meta.url)))
const FIXTURE = join(ROOT, 'test/fixtures/hosts-site')

let browser: Browser
let wrangler: WranglerPages | undefined
let output = () => ''
let base = ''
let api: CspkitApi
let outDir = ''



beforeAll(async () => {
  const project = mkdtempSync(join(tmpdir(), 'cspkit-hosts-cf-'))
  cpSync(FIXTURE, project, { recursive: true })
  outDir = join(project, 'dist')
  const plugin = csp({ meta: false, hosts: ['cloudflare'], headers: { security: true } }) as { api: CspkitApi }
  api = plugin.api
  const { build } = (await import('vite8')) as typeof import('vite')
  await build({
    root: project,
    configFile: false,
    logLevel: 'silent',
    build: {
      outDir,
      emptyOutDir: true,
      rollupOptions: { input: { home: join(project, 'index.html'), about: join(project, 'about.html'), docs: join(project, 'docs/index.html') } },
    },
    plugins: [plugin as never],
  })

  wrangler = await startWranglerPages(outDir, project)
  base = wrangler.base
  output = wrangler.output
  browser = await connectBrowser()
}, 180_000)

afterAll(async () => {
  await browser?.close()
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

  it.each(urls)('%s runs in Chromium with zero violations, and the header policy is enforced', async (url, file) => {
    const loaded = await loadPage(browser, `${base}${url}`)
    try {
      expect(loaded.violations).toEqual([])
      const expected = file === 'docs/index.html' ? ['main'] : [file === 'about.html' ? 'about' : 'home', 'main']
      expect(await loaded.page.evaluate(() => (window as unknown as { __ran: string[] }).__ran)).toEqual(expected)
      // The header is what protects the page: an injected inline script is refused.
      await loaded.page.evaluate(() => {
        const s = document.createElement('script')
        s.textContent = 'window.__injected = true'
        document.head.append(s)
      })
      await loaded.page.waitForTimeout(100)
      expect(await loaded.page.evaluate(() => (window as unknown as { __injected?: boolean }).__injected)).toBeUndefined()
    } finally {
      await loaded.context.close()
    }
  })
})
