/**
 * The engine judge (test/support/engines) reports what a page did the same way in every engine:
 * a violation by the very first element after the policy (the listener is in before the first
 * byte), violations inside a same-origin and a cross-origin frame, whether a style applied, what
 * the page's scripts recorded. Where an engine cannot tell (WebKit's preload script runs in the main
 * frame only, so a cross-origin frame is seen only in its refusal lines; Firefox's console is not
 * delivered over BiDi), what each engine reports is asserted here.
 */
import { createHash } from 'node:crypto'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { serveDir, type StaticServer } from './support/browser.js'
import { tempDir } from './support/builds.js'
import { computedStyle, ENGINES, loadInEngine, type EngineName } from './support/engines/index.js'

const sha256 = (text: string) => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`
const RAN = 'window.ran = true'
const STYLE = '#allowed { color: rgb(1, 2, 3) }'
const dir = tempDir('judge')
let server: StaticServer
let otherOrigin: StaticServer

beforeAll(async () => {
  server = await serveDir(dir)
  otherOrigin = await serveDir(dir)
  const policy = `script-src ${sha256(RAN)}; style-src ${sha256(STYLE)}`
  writeFileSync(
    join(dir, 'index.html'),
    `<!DOCTYPE html><html><head><meta http-equiv="Content-Security-Policy" content="${policy}">` +
      `<script>window.first = true</script><script>${RAN}</script>` +
      `<style>${STYLE}</style><style>#blocked { color: rgb(4, 5, 6) }</style></head>` +
      `<body><p id="allowed">a</p><p id="blocked">b</p><iframe src="frame.html"></iframe>` +
      `<iframe src="${otherOrigin.url}/frame.html"></iframe></body></html>`,
  )
  writeFileSync(
    join(dir, 'frame.html'),
    `<!DOCTYPE html><html><head><meta http-equiv="Content-Security-Policy" content="script-src 'none'"><script>window.framed = true</script></head></html>`,
  )
})
afterAll(async () => {
  await server?.close()
  await otherOrigin?.close()
})

/**
 * A cross-origin frame's violations: Chromium and Firefox preload into every frame; WebKit's listener
 * reaches same-origin frames only (its refusal line is there).
 */
const SEES_CROSS_ORIGIN_FRAMES: Record<EngineName, boolean> = { chromium: true, firefox: true, webkit: false }
/** The engine's own "refused" console lines: one per blocked script and style, from every frame; none in Firefox. */
const REFUSAL_LINES: Record<EngineName, number> = { chromium: 4, firefox: 0, webkit: 4 }

describe.each(ENGINES)('%s', (engine) => {
  it('reports the first element\'s violation, the frame\'s, the styles and the scripts\' markers', async () => {
    const { page, violations } = await loadInEngine(engine, `${server.url}/`)
    try {
      const main = `${server.url}/`
      const frame = `${server.url}/frame.html`
      const crossOriginFrame = `${otherOrigin.url}/frame.html`
      const seen = violations.map((v) => [v.documentURL, v.effectiveDirective, v.blockedURI, v.target])
      expect(seen).toEqual(
        expect.arrayContaining([
          [main, 'script-src-elem', 'inline', 'SCRIPT'],
          [main, 'style-src-elem', 'inline', 'STYLE'],
        ]),
      )
      expect(seen.filter(([url]) => url === frame)).toEqual([[frame, 'script-src-elem', 'inline', 'SCRIPT']])
      expect(seen.filter(([url]) => url === crossOriginFrame)).toEqual(
        SEES_CROSS_ORIGIN_FRAMES[engine] ? [[crossOriginFrame, 'script-src-elem', 'inline', 'SCRIPT']] : [],
      )
      expect(violations).toHaveLength(SEES_CROSS_ORIGIN_FRAMES[engine] ? 4 : 3)
      expect(await page.refusals()).toHaveLength(REFUSAL_LINES[engine])
      expect(await page.evaluate(() => [(window as any).first ?? false, (window as any).ran ?? false])).toEqual([false, true])
      expect(await computedStyle(page, '#allowed', 'color')).toBe('rgb(1, 2, 3)')
      expect(await computedStyle(page, '#blocked', 'color')).not.toBe('rgb(4, 5, 6)')
    } finally {
      await page.close()
    }
  })
})
