/**
 * Chromium is the judge of hashing: a page full of the cases from CSP-RULES.md (CRLF, lone CR,
 * `&amp;` in HTML vs SVG scripts, CDATA, NUL, non-ASCII, U+2028, importmap, speculation rules,
 * template, handlers, style attributes, javascript: URLs, empty and whitespace-only elements), run
 * through processSite and loaded with its policy as meta or as header: every script must run and no
 * violation may fire.
 */
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { processSite, type Options } from '@cspkit/core'
import { connectBrowser, loadPage, readViolations, serveDir, type StaticServer } from './support/browser.js'
import { tempDir } from './support/builds.js'

const push = (marker: string) => `(window.r ||= []).push(${JSON.stringify(marker)})`

const RULES_PAGE = [
  '<!DOCTYPE html>\r\n<html>\r\n<head>\r\n<meta charset="utf-8">\r\n<title>rules</title>',
  `<script>\r\n${push('crlf')}\r\n</script>`,
  `<script>\r${push('lone-cr')}\r</script>`,
  `<script>(window.r ||= []).push('amp&amp;')</script>`,
  `<script>${push('héllo ✓ \u2028')}</script>`,
  `<script>(window.r ||= []).push('nul\u0000'.length === 4 ? 'nul' : 'nul?')</script>`,
  '<script> </script>',
  '<script type="importmap">{ "imports": { "greeting": "./greeting.js" } }</script>',
  `<script type="module">import g from 'greeting'; ${push('module+importmap:')} ; window.r.push(g)</script>`,
  '<script type="speculationrules">{ "prefetch": [{ "source": "list", "urls": ["./next.html"] }] }</script>',
  '<script type="application/ld+json">{ "@type": "Thing" }</script>',
  `<script nomodule>${push('nomodule must not run in Chromium')}</script>`,
  '<style></style>',
  '<style>\r\n#styled { color: rgb(1, 2, 3); }\r\n</style>',
  '</head>\r\n<body>',
  `<svg width="0" height="0"><script>(window.r ||= []).push('svg &amp; <![CDATA[cdata]]>')</script></svg>`,
  `<template id="t"><script>${push('template')}</script></template>`,
  `<script>document.body.append(document.getElementById('t').content.cloneNode(true))</script>`,
  `<img src="data:," alt="" onerror="${push('onerror').replace(/"/g, '&quot;')}">`,
  '<p id="styled">styled</p><p id="attr" style="color: rgb(4, 5, 6)">attr</p>',
  `<a id="js" href="javascript:${push('javascript-url').replace(/"/g, '&quot;')}">js</a>`,
  '</body>\r\n</html>\r\n',
].join('\r\n')

const EXPECTED = ['crlf', 'lone-cr', 'amp&amp;', 'héllo ✓ \u2028', 'nul', 'svg & cdata', 'template', 'module+importmap:', 'hi from the import map', 'onerror']

let browser: Browser
let server: StaticServer
const dir = tempDir('rules')

function build(name: string, options: Options): string {
  const [page] = processSite([{ fileName: 'index.html', html: RULES_PAGE }], options).pages
  mkdirSync(join(dir, name), { recursive: true })
  writeFileSync(join(dir, name, 'index.html'), page!.html)
  writeFileSync(join(dir, name, 'greeting.js'), "export default 'hi from the import map'")
  writeFileSync(join(dir, name, 'next.html'), '<!doctype html><title>next</title>')
  writeFileSync(join(dir, name, 'policy.txt'), page!.headerPolicy)
  return page!.headerPolicy
}

const headerPolicies: Record<string, string> = {}

beforeAll(async () => {
  for (const algorithm of ['sha256', 'sha384', 'sha512'] as const) build(algorithm, { algorithm })
  headerPolicies['header'] = build('header', { meta: false })
  build('no-handlers', { hash: { eventHandlers: false } })
  server = await serveDir(dir, {
    headers: (path): Record<string, string> =>
      path.startsWith('/header/') ? { 'content-security-policy': headerPolicies['header']! } : {},
  })
  browser = await connectBrowser()
})
afterAll(async () => {
  await server?.close()
  await browser?.close()
})

async function check(name: string) {
  const loaded = await loadPage(browser, `${server.url}/${name}/`)
  const { page } = loaded
  await page.waitForFunction((n) => ((window as any).r ?? []).length >= n, EXPECTED.length)
  await page.click('#js')
  await page.waitForFunction(() => (window as any).r.includes('javascript-url'))
  return {
    ...loaded,
    ran: (await page.evaluate(() => (window as any).r)) as string[],
    colors: await page.evaluate(() => ['styled', 'attr'].map((id) => getComputedStyle(document.getElementById(id)!).color)),
    sheets: await page.evaluate(() => [...document.querySelectorAll('head style')].map((s) => (s as HTMLStyleElement).sheet !== null)),
    violations: await readViolations(page),
  }
}

describe('hashes equal Chromium\'s own on every rule of CSP-RULES.md', () => {
  it.each(['sha256', 'sha384', 'sha512', 'header'])('%s: every script runs, every style applies, zero violations', async (name) => {
    const result = await check(name)
    try {
      expect(result.violations).toEqual([])
      // No refusal and no "invalid source" complaint (the favicon 404 is not ours to judge).
      expect(result.consoleErrors.filter((e) => /Content.Security.Policy|Refused/i.test(e))).toEqual([])
      expect(new Set(result.ran)).toEqual(new Set([...EXPECTED, 'javascript-url']))
      expect(result.colors).toEqual(['rgb(1, 2, 3)', 'rgb(4, 5, 6)'])
      expect(result.sheets).toEqual([true, true])
    } finally {
      await result.context.close()
    }
  })

  it('negative control: with event-handler hashing off, Chromium blocks the handler at parse time', async () => {
    const { page, context, violations } = await loadPage(browser, `${server.url}/no-handlers/`)
    try {
      expect(violations.map((v) => v.effectiveDirective)).toEqual(['script-src-attr'])
      expect(await page.evaluate(() => (window as any).r.includes('onerror'))).toBe(false)
    } finally {
      await context.close()
    }
  })
})
