import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createHash } from 'node:crypto'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { load } from 'cheerio'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DIAGNOSTIC_CODES } from '@cspkit/core'
import { serveDir, type StaticServer } from './support/browser.js'
import { cspkit, type CliRun } from './support/cli.js'
import { ENGINES, warmUp } from './support/engines/index.js'
import { announcement, assertSameDocument, isInlineViolation, markDocument, Reader, visitAsReader, visitSummary, type FrameViolation, type ReaderStep, type ReaderVisit } from './support/reader-visit.js'
import { docSearchStep, reactRootMounted, vueAppMounted } from './support/reader-steps.js'
import { KYSELY, kyselyOutput, VITEPRESS_DOCS, vitepressDocsOutput } from './support/real-site-recipes.js'
import { filesUnder } from './support/files-under.js'

// Strict mode on two real sites, each built by its own generator (cached: test/support/real-sites.ts) and
// processed by the real `cspkit build --strict` with the site's own cspkit.config.mjs: VitePress 2's docs
// (a Vite module graph: module entries, modulepreloads, a client router importing each page's chunk) and
// Kysely's Docusaurus 3 docs (webpack: classic entries, route chunks inserted by its JSONP runtime). Each is
// read in Chromium, Firefox and WebKit: hydrated, navigated by its router (a lazy chunk each time), searched.
// The controls: one emitted script changed by one byte after the build. A module the entry imports (VitePress)
// and a classic entry (Kysely) run nowhere, and a rebuild names the file; a route chunk webpack's runtime inserts
// has no integrity, so every engine runs it changed: asserted as the allowance it is (README, Strict mode).

interface StrictSite {
  readonly title: string
  readonly siteDir: string
  output(): Promise<string>
  readonly reader: readonly ReaderStep[]
  /** Third-party scripts in the pages' HTML, which strict mode cannot hash: blocked, and the build names them (STRICT_SCRIPT_UNHASHED). */
  readonly unhashedScripts: readonly string[]
  /** Frames whose URL exists only at run time (no build can announce them). */
  readonly runtimeFrames: readonly string[]
  /** One emitted script changed by one byte after the build, each on its own copy of the output. */
  readonly controls: readonly Control[]
}

interface Control {
  readonly title: string
  /** The emitted file it changes (output-relative), found in the output. */
  target(dir: string): string
  /** The reader's steps after landing on `/`: enough to need the changed file. */
  readonly steps: readonly ReaderStep[]
  /** What the visit must show in every engine. */
  expect(visit: ReaderVisit): Promise<void>
  /** The changed file is named by an integrity attribute in the pages, so `cspkit build --strict` run again reports it. */
  readonly rebuildReports: boolean
}

const VITEPRESS_SITE: StrictSite = {
  title: 'VitePress 2 docs (vuejs/vitepress)',
  siteDir: VITEPRESS_DOCS,
  output: vitepressDocsOutput,
  reader: [
    {
      name: 'the home page hydrates',
      act: async (r) => {
        await r.waitUntil(vueAppMounted)
        await markDocument(r)
      },
      proof: (r) => r.waitFor('.VPHero .name', { text: 'VitePress' }),
    },
    {
      name: 'click the hero\'s "What is VitePress?" (the router imports the page\'s chunk)',
      act: (r) => r.click('.VPHero a', { text: 'What is VitePress?' }),
      proof: async (r) => {
        await r.waitForURL(/\/guide\/what-is-vitepress$/)
        await r.waitFor('.vp-doc h1', { text: 'What is VitePress?' })
        await assertSameDocument(r)
        await loadedLater(r, /\/assets\/guide_what-is-vitepress\.md\.[^/]*\.js$/)
      },
    },
    {
      name: 'click "Getting Started" in the sidebar',
      act: (r) => r.click('.VPSidebar a', { text: 'Getting Started' }),
      proof: async (r) => {
        await r.waitForURL(/\/guide\/getting-started$/)
        await r.waitFor('.vp-doc h1', { text: 'Getting Started' })
        await assertSameDocument(r)
      },
    },
    docSearchStep('.VPNavBarSearch button', 'routing', { nth: 0 }),
  ],
  unhashedScripts: ['https://cdn.usefathom.com/script.js'],
  runtimeFrames: [],
  controls: [
    {
      // The entry imports it statically; each page modulepreloads it with its integrity, and the page's import map gives that to the module loader's own fetch.
      title: 'a module the entry imports (the theme chunk)',
      target: (dir) => only(filesUnder(dir).filter((f) => /^assets\/chunks\/theme\.[^/]+\.js$/.test(f))),
      steps: [],
      expect: async (visit) => {
        // The entry's module graph fails: nothing of the app runs (SRI refuses the file; CSP allowed the request, so no violation: CSP-RULES e2).
        await new Promise((ok) => setTimeout(ok, 1_000))
        expect(await visit.page.evaluate(vueAppMounted), visitSummary(visit)).toBe(false)
        expect(visit.all.filter((v) => !v.blockedURI.startsWith('https://cdn.usefathom.com/')), visitSummary(visit)).toEqual([])
      },
      rebuildReports: true,
    },
  ],
}

const KYSELY_SITE: StrictSite = {
  title: 'Docusaurus 3 docs (kysely-org/kysely)',
  siteDir: KYSELY,
  output: kyselyOutput,
  reader: [
    {
      name: 'the home page hydrates',
      act: async (r) => {
        await r.waitFor('header.hero h1', { text: 'Kysely' })
        await r.waitUntil(reactRootMounted)
        await markDocument(r)
      },
      proof: (r) => r.waitFor('header.hero a', { text: 'Getting started' }),
    },
    {
      name: 'click "Docs" in the navbar (the runtime inserts the route\'s chunks)',
      act: (r) => r.click('.navbar a.navbar__link', { text: /^Docs$/ }),
      proof: async (r) => {
        await r.waitForURL(/\/docs\/intro$/)
        await r.waitFor('article h1', { text: 'Introduction' })
        await assertSameDocument(r)
        await loadedLater(r, /\/assets\/js\/(?!main\.|runtime~main\.)[^/]+\.js$/)
      },
    },
    {
      name: 'click "Getting started" in the sidebar',
      act: (r) => r.click('nav.menu a.menu__link', { text: /^Getting started$/ }),
      proof: async (r) => {
        await r.waitForURL(/\/docs\/getting-started$/)
        await r.waitFor('article h1', { text: 'Getting started' })
        await assertSameDocument(r)
      },
    },
    docSearchStep('.navbar .DocSearch-Button', 'select'),
  ],
  unhashedScripts: [],
  runtimeFrames: ['https://kyse.link'],
  controls: [
    {
      // A classic <script src defer> in every page, with its integrity.
      title: 'the main bundle',
      target: (dir) => only(filesUnder(dir).filter((f) => /^assets\/js\/main\.[^/]+\.js$/.test(f))),
      steps: [],
      expect: async (visit) => {
        await new Promise((ok) => setTimeout(ok, 1_000))
        // React never took over: its root container is not on the server-rendered root.
        expect(await visit.page.evaluate(reactRootMounted), visitSummary(visit)).toBe(false)
      },
      rebuildReports: true,
    },
    {
      // The allowance: a route chunk exists only in webpack's runtime, which inserts it by script without integrity. 'strict-dynamic'
      // trusts scripts inserted by trusted ones (CSP-RULES e1), and SRI checks only an element with integrity (e2): no engine checks it.
      title: "the /docs/intro route chunk, which webpack's runtime inserts without integrity (not checked: the allowance)",
      target: (dir) => only(filesUnder(dir).filter((f) => f.startsWith('assets/js/') && readFileSync(join(dir, f), 'utf8').includes(`JSON.parse('{"id":"intro",`))),
      steps: [
        {
          name: 'click "Docs" in the navbar',
          act: (r) => r.click('.navbar a.navbar__link', { text: /^Docs$/ }),
          proof: (r) => r.waitForURL(/\/docs\/intro$/),
        },
      ],
      expect: async (visit) => {
        const rendered = await new Reader(visit.page).waitFor('article h1', { text: 'Introduction' }).then(() => true, () => false)
        expect(rendered, visitSummary(visit)).toBe(true)
      },
      rebuildReports: false,
    },
  ],
}

const SITES = [VITEPRESS_SITE, KYSELY_SITE]

function only(found: readonly string[]): string {
  expect(found).toHaveLength(1)
  return found[0]!
}

/** The page fetched a script matching `pattern` (resource timing): the chunk the router needed was loaded. */
async function loadedLater(r: Reader, pattern: RegExp): Promise<void> {
  const names = await r.evaluate(() => performance.getEntriesByType('resource').map((e) => e.name))
  if (!names.some((n: string) => pattern.test(n))) throw new Error(`no script matching ${pattern} was fetched`)
}

const sri = (bytes: Buffer) => `sha384-${createHash('sha384').update(bytes).digest('base64')}`

interface Built {
  readonly dir: string
  readonly run: CliRun
  readonly printed: string
  readonly server: StaticServer
  /** Per control: a copy of the processed output with its file changed, served. */
  readonly tampered: ReadonlyMap<Control, { readonly dir: string; readonly file: string; readonly server: StaticServer }>
}

let work: string
const built = new Map<StrictSite, Built>()

beforeAll(async () => {
  warmUp(ENGINES)
  work = mkdtempSync(join(tmpdir(), 'cspkit-strict-real-'))
  await Promise.all(
    SITES.map(async (site, i) => {
      const dir = join(work, `site-${i}`)
      cpSync(await site.output(), dir, { recursive: true })
      const run = await cspkit(['build', dir, '--strict', '--no-progress'], site.siteDir)
      const tampered = new Map<Control, { dir: string; file: string; server: StaticServer }>()
      for (const [j, control] of site.controls.entries()) {
        const copy = join(work, `site-${i}-tampered-${j}`)
        cpSync(dir, copy, { recursive: true })
        const file = control.target(copy)
        writeFileSync(join(copy, file), `${readFileSync(join(copy, file), 'utf8')};`)
        tampered.set(control, { dir: copy, file, server: await serveDir(copy) })
      }
      built.set(site, { dir, run, printed: `${run.stdout}\n${run.stderr}`, server: await serveDir(dir), tampered })
    }),
  )
  // A cold cache builds both sites with their generators first.
}, 600_000)

afterAll(async () => {
  for (const b of built.values()) await Promise.all([b.server.close(), ...[...b.tampered.values()].map((t) => t.server.close())])
  if (work) rmSync(work, { recursive: true, force: true })
})

/** Every `<script src>`, cspkit loader, `<link rel=modulepreload>` and `<link rel=preload as=script>` of a page, with its integrity. */
function scriptElements(html: string): { url: string; integrity: string | undefined; loader: boolean; module: boolean }[] {
  const $ = load(html)
  return $('script[src], script[data-cspkit-src], link[rel~=modulepreload][href], link[rel~=preload][as=script][href]')
    .toArray()
    .map((el) => {
      const loader = $(el).attr('data-cspkit-src')
      const module = loader !== undefined || $(el).attr('type') === 'module' || /\bmodulepreload\b/.test($(el).attr('rel') ?? '')
      return loader !== undefined
        ? { url: loader, integrity: $(el).attr('data-cspkit-integrity'), loader: true, module }
        : { url: $(el).attr('src') ?? $(el).attr('href')!, integrity: $(el).attr('integrity'), loader: false, module }
    })
}

function directive(html: string, name: string): string[] | undefined {
  const policy = load(html)('meta[http-equiv="Content-Security-Policy"]').attr('content')
  expect(policy).toBeDefined()
  const m = new RegExp(`(?:^|;\\s*)${name} ([^;]*)`).exec(policy!)
  return m ? m[1]!.trim().split(/\s+/) : undefined
}

const codes = (stderr: string) => [...new Set([...stderr.matchAll(/^\[cspkit\] ([A-Z_]+)\b/gm)].map((m) => m[1]!))]

describe.each(SITES)('$title, cspkit build --strict', (site) => {
  it('builds every page; the only errors are the third-party scripts strict mode cannot hash and the loads the policy blocks on purpose', () => {
    const b = built.get(site)!
    const errors = codes(b.run.stderr).filter((c) => DIAGNOSTIC_CODES[c as keyof typeof DIAGNOSTIC_CODES] === 'error')
    expect(errors.filter((c) => c !== 'LOAD_BLOCKED' && c !== 'STRICT_SCRIPT_UNHASHED'), b.printed).toEqual([])
    expect(b.run.code, b.printed).toBe(errors.length > 0 ? 1 : 0)
    for (const url of site.unhashedScripts) expect(b.printed).toMatch(new RegExp(`^\\[cspkit\\] STRICT_SCRIPT_UNHASHED .*${url.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`, 'm'))
    if (site.unhashedScripts.length === 0) expect(errors).not.toContain('STRICT_SCRIPT_UNHASHED')
    expect(b.run.stdout).toMatch(/^\[cspkit\] build: \d+ pages in .*, \d+ updated/m)
  })

  it("every page's meta is a strict policy, and every script of the build in it carries the sha384 of the file as served", async () => {
    const b = built.get(site)!
    const pages = filesUnder(b.dir).filter((f) => f.endsWith('.html'))
    const served = new Map<string, string>()
    expect(pages.length).toBeGreaterThan(2)
    for (const page of pages) {
      const html = readFileSync(join(b.dir, page), 'utf8')
      const scriptSrc = directive(html, 'script-src')!
      expect(scriptSrc[0], page).toBe("'strict-dynamic'")
      // Nothing but 'strict-dynamic', hashes and the CSP1/2 fallbacks (which CSP3 browsers ignore beside them).
      expect(scriptSrc.filter((s) => !/^'(sha256|sha384|sha512)-[A-Za-z0-9+/]+=*'$/.test(s) && !["'strict-dynamic'", "'unsafe-inline'", 'https:'].includes(s)), page).toEqual([])
      expect(directive(html, 'script-src-elem'), page).toBeUndefined()
      expect(directive(html, 'object-src'), page).toEqual(["'none'"])
      expect(directive(html, 'base-uri'), page).toEqual(["'none'"])
      const own = scriptElements(html).filter((el) => !/^(https?:)?\/\//.test(el.url))
      expect(own.length, page).toBeGreaterThan(0)
      for (const el of own) {
        const url = new URL(el.url, `${b.server.url}/${page}`).href
        if (!served.has(url)) served.set(url, sri(Buffer.from(await (await fetch(url)).arrayBuffer())))
        expect(el.integrity, `${page}: ${el.url}`).toBe(served.get(url))
        // A loader's script is trusted by 'strict-dynamic'; an element in the HTML by its integrity hash.
        if (!el.loader) expect(scriptSrc, `${page}: ${el.url}`).toContain(`'${el.integrity}'`)
      }
      // Module entries are inserted by cspkit's loader: none is left parser-inserted.
      expect(load(html)('script[type=module][src]').length, page).toBe(0)
      // The import map gives each module file the page loads the same integrity, for the module loader's own fetches.
      const modules = own.filter((el) => el.module)
      const map = load(html)('script[type=importmap]').text()
      if (modules.length === 0) expect(map, page).toBe('')
      else expect(JSON.parse(map).integrity, page).toEqual(Object.fromEntries(modules.map((el) => [el.url, el.integrity])))
    }
  })
})

/** Violations the site's own policy causes on purpose, each named by the build (or, for run-time frames, only visible at run time). */
function expected(site: StrictSite, printed: string) {
  return (v: FrameViolation) =>
    announcement(v, printed) !== undefined ||
    site.runtimeFrames.some((origin) => v.effectiveDirective === 'frame-src' && v.blockedURI.startsWith(origin)) ||
    (v.effectiveDirective.startsWith('script-src') && site.unhashedScripts.includes(v.blockedURI) && printed.includes(`STRICT_SCRIPT_UNHASHED`))
}

describe.each(SITES)('$title, strict, read in every engine', (site) => {
  // The engines' browsers are separate: their visits run side by side.
  it.concurrent.each(ENGINES)('%s: every step of the visit happened; no script of the site was blocked and no inline content', async (engine) => {
    const b = built.get(site)!
    const visit = await visitAsReader(engine, `${b.server.url}/`, site.reader)
    try {
      const summary = visitSummary(visit)
      expect(visit.failed, summary).toBeUndefined()
      expect(visit.steps).toHaveLength(site.reader.length + 1)
      expect(visit.all.filter(isInlineViolation), summary).toEqual([])
      expect(visit.all.filter((v) => !expected(site, b.printed)(v)), `${summary}\n${b.printed}`).toEqual([])
      expect(visit.pageErrors.filter((e) => !/Unreachable hosts/.test(e)), summary).toEqual([])
    } finally {
      await visit.close()
    }
  })
})

const controls = SITES.flatMap((site) => site.controls.map((control) => ({ site, control, title: `${site.title}, control: ${control.title}` })))

describe.each(controls)('$title, changed by one byte after the build', ({ site, control }) => {
  it.concurrent.each(ENGINES)('%s', async (engine) => {
    const t = built.get(site)!.tampered.get(control)!
    const visit = await visitAsReader(engine, `${t.server.url}/`, control.steps)
    try {
      expect(visit.failed, visitSummary(visit)).toBeUndefined()
      await control.expect(visit)
    } finally {
      await visit.close()
    }
  })

  if (control.rebuildReports)
    it('cspkit build --strict run again on the changed output names the file (STRICT_INTEGRITY_MISMATCH) and fails', async () => {
      const t = built.get(site)!.tampered.get(control)!
      const copy = `${t.dir}-rebuilt`
      cpSync(t.dir, copy, { recursive: true })
      const run = await cspkit(['build', copy, '--strict', '--no-progress'], site.siteDir)
      expect(run.code, run.stderr).toBe(1)
      const line = run.stderr.split('\n').find((l) => l.startsWith('[cspkit] STRICT_INTEGRITY_MISMATCH '))
      expect(line, run.stderr).toContain(t.file)
    })
})
