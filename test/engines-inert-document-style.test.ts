/**
 * An engine difference the VitePress real-site visits found: a `style` attribute on an element that
 * a script inserts is checked against `style-src-attr` when the element is parsed into the page, but
 * WebKit does not check one parsed in an inert document (a `<template>`'s content, a DOMParser
 * document) and then moved into the page: it applies it. Vue's static content (VitePress's
 * router-rendered pages) is inserted that way, so a policy missing those attributes' hashes breaks
 * the page in Chromium and Firefox and not in WebKit. Each engine's behaviour is asserted, so a change
 * in an engine fails here (and that Firefox empties a refused attribute, so a selector on its value
 * finds nothing there); the control allows the attribute's hash and every case applies everywhere.
 */
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { createHash } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { processSite } from '@cspkit/core'
import { serveDir, type StaticServer } from './support/browser.js'
import { ENGINES, loadInEngine, warmUp, type EngineName } from './support/engines/index.js'
import { tempDir } from './support/builds.js'

const STYLE = 'color: rgb(255, 0, 0)'
const RED = 'rgb(255, 0, 0)'

/** How the script puts each `<span style>` into the page. */
const CASES = {
  innerHTML: "const d = document.createElement('div'); d.innerHTML = S('innerHTML'); document.body.append(d)",
  templateMoved: "const t = document.createElement('template'); t.innerHTML = S('templateMoved'); document.body.append(t.content)",
  templateCloned: "const t = document.createElement('template'); t.innerHTML = S('templateCloned'); document.body.append(t.content.cloneNode(true))",
  domParserAdopted: "const p = new DOMParser().parseFromString(S('domParserAdopted'), 'text/html'); document.body.append(document.adoptNode(p.getElementById('domParserAdopted')))",
  setAttribute: "const e = document.createElement('span'); e.id = 'setAttribute'; e.setAttribute('style', STYLE); document.body.append(e)",
} as const
type Case = keyof typeof CASES

const PAGE = [
  '<!doctype html><html><head><meta charset="utf-8"><title>inert documents</title></head><body>',
  '<script>',
  `const STYLE = ${JSON.stringify(STYLE)}`,
  "const S = (id) => '<span id=\"' + id + '\" style=\"' + STYLE + '\">x</span>'",
  ...Object.values(CASES).map((code) => `{ ${code} }`),
  '</script>',
  '</body></html>',
].join('\n')

/** Which cases' style applies under the strict policy, per engine (measured: Chromium 156, Firefox 153 ESR, WebKitGTK 2.50). */
const APPLIED: Record<EngineName, readonly Case[]> = {
  chromium: ['templateCloned'],
  firefox: [],
  webkit: ['templateMoved', 'templateCloned', 'domParserAdopted'],
}

const dir = tempDir('inert-document-style')
let server: StaticServer

beforeAll(async () => {
  // The engines start while the build runs.
  warmUp()
  const [page] = processSite([{ fileName: 'index.html', html: PAGE }]).pages
  mkdirSync(join(dir, 'strict'), { recursive: true })
  writeFileSync(join(dir, 'strict', 'index.html'), page!.html)
  // The control: the attribute's hash allowed, as cspkit writes it for a style attribute in the HTML.
  const hash = `'sha256-${createHash('sha256').update(STYLE, 'utf8').digest('base64')}'`
  // No inline style in the HTML: the policy has no style-src (default-src 'self' governs styles), so one is added.
  expect(page!.html).not.toMatch(/style-src/)
  const allowed = page!.html.replace(/(<meta http-equiv="Content-Security-Policy" content="[^"]*)"/i, `$1; style-src 'self' 'unsafe-hashes' ${hash}"`)
  expect(allowed).not.toBe(page!.html)
  mkdirSync(join(dir, 'allowed'), { recursive: true })
  writeFileSync(join(dir, 'allowed', 'index.html'), allowed)
  server = await serveDir(dir)
})

afterAll(async () => {
  await server?.close()
})

const colors = () => ['innerHTML', 'templateMoved', 'templateCloned', 'domParserAdopted', 'setAttribute'].map((id) => [id, document.getElementById(id) ? getComputedStyle(document.getElementById(id)!).color : 'missing'])

describe.each(ENGINES)('%s: style attributes of script-inserted elements', (engine) => {
  it('under the strict policy, only the documented cases apply; the others are refused as style-src-attr', async () => {
    const { page, violations } = await loadInEngine(engine, `${server.url}/strict/`)
    try {
      const seen = Object.fromEntries(await page.evaluate(colors)) as Record<Case, string>
      const applied = (Object.keys(CASES) as Case[]).filter((c) => seen[c] === RED)
      expect(Object.values(seen)).not.toContain('missing')
      expect(applied, JSON.stringify(seen)).toEqual(APPLIED[engine])
      // What a refused attribute reads as: Firefox empties it, Chromium and WebKit keep its text.
      const attributes = await page.evaluate((ids: string[]) => ids.map((id) => document.getElementById(id)!.getAttribute('style')), (Object.keys(CASES) as Case[]).filter((c) => !APPLIED[engine].includes(c)))
      expect(new Set(attributes)).toEqual(new Set([engine === 'firefox' ? '' : STYLE]))
      // The inserting script itself ran under its hash; what fired is the attributes' refusals only.
      expect(new Set(violations.map((v) => v.effectiveDirective)), JSON.stringify(violations)).toEqual(new Set(['style-src-attr']))
    } finally {
      await page.close()
    }
  })

  it("control: with the attribute's hash allowed ('unsafe-hashes'), every case applies with no violation", async () => {
    const { page, violations } = await loadInEngine(engine, `${server.url}/allowed/`)
    try {
      const seen = Object.fromEntries(await page.evaluate(colors)) as Record<Case, string>
      expect(seen).toEqual(Object.fromEntries(Object.keys(CASES).map((c) => [c, RED])))
      expect(violations).toEqual([])
    } finally {
      await page.close()
    }
  })
})
