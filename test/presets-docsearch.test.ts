/**
 * The algolia preset against the real DocSearch SDK (npm `@docsearch/js`, installed with VitePress):
 * a Vite app built with and without the preset, loaded in Chromium with Algolia's hosts sent to a
 * local HTTPS stub that answers the search queries. A visitor opens the search, types, and sees
 * results: zero CSP violations with the preset, violations without it.
 *
 * Chromium only: a preset is a host list, and what these tests prove is which hosts the vendor's SDK
 * reaches. Host-source matching is specified exactly (CSP3) and the engine differences this suite
 * found are in hashes, 'strict-dynamic' and inline styles (test/browser-rules, README's browser notes).
 */
import { mkdirSync, realpathSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { chromium, type Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import csp from '@cspkit/vite'
import type { Options } from '@cspkit/core'
import { CHROMIUM, CHROMIUM_ARGS } from './support/global-setup.js'
import { loadPage, readViolations, serveDir, type StaticServer } from './support/browser.js'
import { ROOT, tempDir } from './support/builds.js'
import { startHttpsStub, type HttpsStub, type StubRoute } from './support/https-stub.js'

// DocSearch is not a direct dependency: it comes with VitePress, in pnpm's store.
const DOCSEARCH = realpathSync(join(ROOT, 'node_modules/.pnpm/node_modules/@docsearch'))

const HIT = {
  objectID: 'getting-started',
  url: 'https://docs.example/guide/getting-started',
  type: 'lvl1',
  content: null,
  hierarchy: { lvl0: 'Guide', lvl1: 'Getting started', lvl2: null, lvl3: null, lvl4: null, lvl5: null, lvl6: null },
  _highlightResult: {
    hierarchy: {
      lvl0: { value: 'Guide', matchLevel: 'none', matchedWords: [] },
      lvl1: { value: '<mark>Getting</mark> started', matchLevel: 'full', matchedWords: ['getting'] },
    },
  },
  _snippetResult: { hierarchy: { lvl1: { value: '<mark>Getting</mark> started', matchLevel: 'full' } } },
}

const route: StubRoute = ({ method, host, path }) => {
  if (method === 'POST' && /\.(algolia\.net|algolianet\.com)$/.test(host) && path === '/1/indexes/*/queries')
    return {
      type: 'application/json',
      body: JSON.stringify({
        results: [{ hits: [HIT], nbHits: 1, page: 0, nbPages: 1, hitsPerPage: 20, processingTimeMS: 1, query: 'getting', params: '', exhaustiveNbHits: true, index: 'docs' }],
      }),
    }
  if (host.endsWith('.algolia.io')) return { type: 'application/json', body: '{}' } // insights events
  return undefined
}

const SITES: Record<string, Options> = { preset: { presets: ['algolia'] }, control: {} }

let stub: HttpsStub
let browser: Browser
const sites: Record<string, StaticServer> = {}

beforeAll(async () => {
  stub = await startHttpsStub(route)
  const root = tempDir('docsearch-app')
  writeFileSync(
    join(root, 'index.html'),
    '<!doctype html>\n<html lang="en">\n  <head>\n    <meta charset="UTF-8" />\n    <title>Docs</title>\n    <script type="module" src="./main.js"></script>\n  </head>\n  <body>\n    <div id="docsearch"></div>\n  </body>\n</html>\n',
  )
  writeFileSync(
    join(root, 'main.js'),
    "import docsearch from '@docsearch/js'\nimport '@docsearch/css'\n\ndocsearch({ container: '#docsearch', appId: 'CSPKITAPP', apiKey: 'public-search-only-key', indexName: 'docs', insights: true })\n",
  )
  const { build } = await import('vite8')
  for (const [name, options] of Object.entries(SITES)) {
    const outDir = join(root, `dist-${name}`)
    mkdirSync(outDir)
    await build({
      root,
      configFile: false,
      logLevel: 'silent',
      plugins: [csp(options)],
      resolve: { alias: { '@docsearch/js': join(DOCSEARCH, 'js'), '@docsearch/css': join(DOCSEARCH, 'css') } },
      build: { outDir, emptyOutDir: true },
    })
    sites[name] = await serveDir(outDir)
  }
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [...CHROMIUM_ARGS, ...stub.chromiumArgs(['*.algolia.net', '*.algolianet.com', '*.algolia.io'])],
  })
})

afterAll(async () => {
  await browser?.close()
  await Promise.all(Object.values(sites).map((s) => s.close()))
  await stub?.close()
})

/** Opens the search the way a visitor does and types a query. */
async function search(site: string) {
  stub.requests.length = 0
  const loaded = await loadPage(browser, `${sites[site]!.url}/`)
  await loaded.page.locator('.DocSearch-Button').click()
  await loaded.page.locator('.DocSearch-Input').fill('getting')
  return loaded
}

describe('algolia preset, real DocSearch in Chromium', () => {
  it('shows search results with zero CSP violations', async () => {
    const { page, context, consoleErrors } = await search('preset')
    try {
      await page.locator('.DocSearch-Hit').getByText('started').first().waitFor({ timeout: 15_000 })
      expect(await readViolations(page)).toEqual([])
      expect(consoleErrors.filter((m) => /Content Security Policy/i.test(m))).toEqual([])
      expect(stub.requests.some((r) => r.method === 'POST' && r.host === 'cspkitapp-dsn.algolia.net')).toBe(true)
    } finally {
      await context.close()
    }
  })

  it('control: without the preset the query is blocked and no result appears', async () => {
    const { page, context } = await search('control')
    try {
      await page.locator('.DocSearch-Modal').waitFor()
      await page.waitForTimeout(1_000)
      const blocked = (await readViolations(page)).map((v) => `${v.effectiveDirective} ${URL.canParse(v.blockedURI) ? new URL(v.blockedURI).hostname : v.blockedURI}`)
      expect(blocked).toContain('connect-src cspkitapp-dsn.algolia.net')
      expect(stub.requests.filter((r) => r.host.includes('algolia'))).toEqual([])
      expect(await page.locator('.DocSearch-Hit').count()).toBe(0)
    } finally {
      await context.close()
    }
  })
})
