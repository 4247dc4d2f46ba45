import { execFile } from 'node:child_process'
import { createHash } from 'node:crypto'
import { appendFileSync, cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { getTransformedRoutes } from '@vercel/routing-utils'
import { parseAllHeaders } from '@netlify/headers-parser'
import { pathMatcher, vercelSourceRegExp } from '../packages/core/src/headers/read.js'
import { ENGINES, loadInEngine, warmUp } from './support/engines/index.js'
import { cspkit } from './support/cli.js'
import { startWranglerPages, type WranglerPages } from './support/wrangler.js'

// `cspkit check` with policies delivered by host header files (_headers, netlify.toml, vercel.json):
// the real bin on sites the real bin built, the matchers against the hosts' own parsers, and one
// verdict confirmed by Cloudflare's own server (wrangler pages dev) in Chromium, Firefox and WebKit.

const ROOT = resolve(fileURLToPath(new URL('..', import.meta.url)))
const CSPKIT = join(ROOT, 'packages/cli/dist/bin.js')
const run = promisify(execFile)


const sha = (text: string) => `'sha256-${createHash('sha256').update(text).digest('base64')}'`

/** Different inline content per page, so each page gets its own policy (and its own header rule). */
function page(i: number): string {
  return `<!doctype html>
<html>
<head>
<meta charset="utf-8">
<title>Page ${i}</title>
<style>.n${i} { color: rgb(0, ${i}, 0) }</style>
</head>
<body>
<p class="n${i}">page ${i}</p>
<script>window.ran = ${i}</script>
</body>
</html>
`
}

/** A second, stricter CSP for /docs/ from a user rule of its own path (/docs/*), after cspkit's block. */
const STRICT_DOCS_RULE = "/docs/*\n  Content-Security-Policy: script-src 'self'; style-src 'self'\n"
/** A user rule for exactly the path of one of cspkit's page rules. */
const SAME_PATH_ABOUT_RULE = "/about\n  Content-Security-Policy: script-src 'self'; style-src 'self'\n"

const PAGES = { 'dist/index.html': page(1), 'dist/about.html': page(2), 'dist/docs/index.html': page(3) }

let work: string
function project(name: string, files: Record<string, string>): string {
  const dir = join(work, name)
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(join(dir, file, '..'), { recursive: true })
    writeFileSync(join(dir, file), text)
  }
  return dir
}

/** A site built by `cspkit build` with header files only (no meta), as its config says. */
async function built(name: string, config: object): Promise<string> {
  const dir = project(name, { 'cspkit.config.json': JSON.stringify({ meta: false, ...config }), ...PAGES })
  const result = await cspkit(['build', 'dist'], dir)
  expect(result.code, result.stderr).toBe(0)
  expect(readFileSync(join(dir, 'dist/about.html'), 'utf8')).not.toContain('Content-Security-Policy')
  return dir
}

let cloudflare: string

beforeAll(async () => {
  warmUp() // the engines start while the CLI tests run; only the wrangler block below uses them
  work = mkdtempSync(join(tmpdir(), 'cspkit-cli-check-headers-'))
  cloudflare = await built('cloudflare', { hosts: ['cloudflare'] })
})

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true })
})

describe('Cloudflare _headers', () => {
  it('a site built with hosts: [cloudflare], meta: false passes check (config, --host, and no hint at all)', async () => {
    expect(readFileSync(join(cloudflare, 'dist/_headers'), 'utf8')).toContain('! Content-Security-Policy')
    const withConfig = await cspkit(['check', 'dist'], cloudflare)
    expect(withConfig.stderr).toBe('')
    expect(withConfig.code).toBe(0)
    expect(withConfig.stdout).toMatch(/check: 3 pages in dist, every inline script and style and every URL the HTML loads is allowed by their policies \(with the headers Cloudflare sends\)\./)
    const flagged = await cspkit(['check', 'dist', '--host', 'cloudflare'], cloudflare)
    expect(flagged.code, flagged.stderr).toBe(0)
    // Without a config the `! Name` lines mark the file as Cloudflare's.
    const bare = project('cloudflare-bare', {})
    cpSync(join(cloudflare, 'dist'), join(bare, 'dist'), { recursive: true })
    const detected = await cspkit(['check', 'dist'], bare)
    expect(detected.code, detected.stderr).toBe(0)
    expect(detected.stdout).toContain('(with the headers Cloudflare sends)')
  })

  it('without the header file the same pages have no policy at all', async () => {
    const bare = project('cloudflare-no-headers', {})
    cpSync(join(cloudflare, 'dist'), join(bare, 'dist'), { recursive: true })
    rmSync(join(bare, 'dist/_headers'))
    const checked = await cspkit(['check', 'dist'], bare)
    expect(checked.code).toBe(1)
    expect(checked.stderr).toContain('[cspkit] CHECK_NO_POLICY (about.html): The page has no Content-Security-Policy <meta> in <head>, so nothing restricts it.')
  })

  it('fails on a page whose inline script changed after processing, naming page, element, header rule and missing hash', async () => {
    const dir = project('cloudflare-tampered', {})
    cpSync(cloudflare, dir, { recursive: true })
    const file = join(dir, 'dist/about.html')
    writeFileSync(file, readFileSync(file, 'utf8').replace('window.ran = 2', 'window.ran = 666'))
    const rules = readFileSync(join(dir, 'dist/_headers'), 'utf8').split('\n')
    const aboutRule = rules.indexOf('/about') + 1
    const checked = await cspkit(['check', 'dist'], dir)
    expect(checked.code).toBe(1)
    const messages = checked.stderr.trim().split('\n')
    expect(messages).toHaveLength(1)
    expect(messages[0]).toMatch(/^\[cspkit\] CHECK_INLINE_BLOCKED \(about\.html:10:1\): The inline <script> is blocked by 'script-src' of the Content-Security-Policy header Cloudflare sends \(dist\/_headers:(\d+)\): it lacks /)
    // The header line that sets the policy, inside the /about rule.
    expect(Number(/_headers:(\d+)/.exec(messages[0]!)![1])).toBeGreaterThan(aboutRule)
    expect(messages[0]).toContain(`lacks ${sha('window.ran = 666')}`)
    expect(checked.stdout).toMatch(/1 of 3 pages in dist fails \(1 blocked inline item\)/)
  })

  it("a user rule after cspkit's block adds a second, stricter policy: both are enforced, so check fails", async () => {
    const dir = project('cloudflare-two-policies', {})
    cpSync(cloudflare, dir, { recursive: true })
    appendFileSync(join(dir, 'dist/_headers'), STRICT_DOCS_RULE)
    const userLine = readFileSync(join(dir, 'dist/_headers'), 'utf8').trimEnd().split('\n').length
    const checked = await cspkit(['check', 'dist'], dir)
    expect(checked.code).toBe(1)
    const messages = checked.stderr.trim().split('\n')
    // The <style> and the <script> of docs/index.html, each blocked by the user's policy; cspkit's own allows them.
    expect(messages).toHaveLength(2)
    for (const m of messages)
      expect(m).toMatch(new RegExp(`^\\[cspkit\\] CHECK_INLINE_BLOCKED \\(docs/index\\.html:\\d+:\\d+\\): .* of the Content-Security-Policy header Cloudflare sends \\(dist/_headers:${userLine}\\)`))
    expect(messages.join('\n')).toContain(`lacks ${sha('window.ran = 3')}`)
    expect(checked.stdout).toMatch(/1 of 3 pages in dist fails \(2 blocked inline items\)/)
  })

  it("a user rule for the same path as cspkit's replaces it (Cloudflare keys rules by path), leaving the site policy and the user's", async () => {
    const dir = project('cloudflare-same-path', {})
    cpSync(cloudflare, dir, { recursive: true })
    appendFileSync(join(dir, 'dist/_headers'), SAME_PATH_ABOUT_RULE)
    const checked = await cspkit(['check', 'dist'], dir)
    expect(checked.code).toBe(1)
    const messages = checked.stderr.trim().split('\n')
    // Script and style of about.html, each blocked by the site rule's policy (line 3) and by the user's.
    expect(messages).toHaveLength(4)
    expect(messages.filter((m) => m.includes('(dist/_headers:3)'))).toHaveLength(2)
    expect(messages.every((m) => m.startsWith('[cspkit] CHECK_INLINE_BLOCKED (about.html:'))).toBe(true)
  })
})

describe('meta and header together', () => {
  it('a page with both is checked against both: a stricter meta fails even where the header allows', async () => {
    const dir = project('cloudflare-meta-too', {})
    cpSync(cloudflare, dir, { recursive: true })
    const file = join(dir, 'dist/docs/index.html')
    writeFileSync(file, readFileSync(file, 'utf8').replace('<meta charset="utf-8">', `<meta charset="utf-8">\n<meta http-equiv="Content-Security-Policy" content="script-src 'self'">`))
    const checked = await cspkit(['check', 'dist'], dir)
    expect(checked.code).toBe(1)
    expect(checked.stderr.trim().split('\n')).toEqual([
      expect.stringMatching(/^\[cspkit\] CHECK_INLINE_BLOCKED \(docs\/index\.html:11:1\): The inline <script> is blocked by 'script-src' of the <meta> CSP at line 5: it lacks /),
    ])
  })
})

describe('what check cannot count is said, not guessed', () => {
  it('a rule for another host name and a line Cloudflare ignores are reported with their lines; the rest is checked', async () => {
    const dir = project('cloudflare-unsupported', {})
    cpSync(cloudflare, dir, { recursive: true })
    const extra = "https://preview.example.com/*\n  Content-Security-Policy: default-src 'none'\n/about\n  X-Long: " + 'x'.repeat(2001) + '\n'
    const before = readFileSync(join(dir, 'dist/_headers'), 'utf8').trimEnd().split('\n').length
    appendFileSync(join(dir, 'dist/_headers'), extra)
    const checked = await cspkit(['check', 'dist'], dir)
    expect(checked.stderr.trim().split('\n')).toEqual([
      expect.stringMatching(new RegExp(`^\\[cspkit\\] CHECK_HEADERS_LINE_IGNORED \\(dist/_headers:${before + 4}\\): Cloudflare ignores this line: it is 2009 characters, over the 2,000 limit\\.`)),
      // Left without headers, that /about rule is dropped, so it does not replace cspkit's /about rule.
      expect.stringMatching(new RegExp(`^\\[cspkit\\] CHECK_HEADERS_LINE_IGNORED \\(dist/_headers:${before + 3}\\): Cloudflare ignores this line: the rule '/about' sets no headers`)),
      expect.stringMatching(new RegExp(`^\\[cspkit\\] CHECK_HEADER_PATTERN_UNSUPPORTED \\(dist/_headers:${before + 1}\\): cspkit check cannot evaluate the pattern 'https://preview\\.example\\.com/\\*', so the Content-Security-Policy it sets is not counted`)),
    ])
    // Warnings only: the pages themselves pass.
    expect(checked.code).toBe(0)
  })
})

describe('Cloudflare agrees (wrangler pages dev, three engines)', () => {
  let wrangler: WranglerPages | undefined
  let base = ''
  let site = ''
  let checked: { code: number; stdout: string; stderr: string }

  beforeAll(async () => {
    // Both user rules at once: / is untouched, /docs/ gets two policies, /about loses cspkit's rule.
    const dir = project('cloudflare-served', {})
    cpSync(cloudflare, dir, { recursive: true })
    appendFileSync(join(dir, 'dist/_headers'), STRICT_DOCS_RULE + SAME_PATH_ABOUT_RULE)
    site = dir
    checked = await cspkit(['check', 'dist'], site)
    wrangler = await startWranglerPages(join(dir, 'dist'), dir)
    base = wrangler.base
  }, 180_000)

  afterAll(async () => {
    wrangler?.stop()
  })

  // What check says per URL, and what each engine reports there when Cloudflare's own server sends the headers.
  const urls = [
    ['/', 'index.html', 0],
    ['/docs/', 'docs/index.html', 2],
    ['/about', 'about.html', 4],
  ] as const
  it.each(ENGINES.flatMap((engine) => urls.map(([url, file, blocked]) => [url, engine, file, blocked] as const)))(
    '%s: check reports the same blocked items as %s served by wrangler',
    async (url, engine, file, blocked) => {
      expect(checked.code).toBe(1)
      const mine = checked.stderr.split('\n').filter((m) => m.startsWith(`[cspkit] CHECK_INLINE_BLOCKED (${file}:`))
      expect(mine).toHaveLength(blocked)
      const { page, violations } = await loadInEngine(engine, `${base}${url}`)
      try {
        expect(violations).toHaveLength(blocked)
        expect(await page.evaluate(() => (window as unknown as { ran?: number }).ran)).toBe(blocked === 0 ? 1 : undefined)
      } finally {
        await page.close()
      }
    },
  )
})

describe('Netlify _headers and netlify.toml', () => {
  it('a site built with hosts: [netlify] passes; a netlify.toml /* CSP comes later and wins, so check fails naming it', async () => {
    const dir = await built('netlify', { hosts: ['netlify'] })
    const ok = await cspkit(['check', 'dist'], dir)
    expect(ok.stderr).toBe('')
    expect(ok.code).toBe(0)
    expect(ok.stdout).toContain('(with the headers Netlify sends)')

    writeFileSync(join(dir, 'netlify.toml'), `[[headers]]\n  for = "/*"\n  [headers.values]\n    Content-Security-Policy = "default-src 'self'"\n`)
    const overridden = await cspkit(['check', 'dist'], dir)
    expect(overridden.code).toBe(1)
    // Last wins on Netlify: only the toml policy applies, at every URL of every page (pretty and file URL fold into one message).
    const messages = overridden.stderr.trim().split('\n')
    expect(messages).toHaveLength(6)
    for (const m of messages) expect(m).toMatch(/^\[cspkit\] CHECK_INLINE_BLOCKED .* of the Content-Security-Policy header Netlify sends \(netlify\.toml \[\[headers\]\] #1\)/)
  })

  it('path matching equals @netlify/headers-parser (case-insensitive, optional trailing slash, * and :name)', async () => {
    const patterns = ['/*', '/about', '/docs/*', '/a*b/c', '/:lang/intro', '/Blog/post.html', '/x-y/z']
    const paths = ['/', '/about', '/about/', '/About', '/docs', '/docs/', '/docs/a/b', '/axxb/c', '/ab/c', '/en/intro', '/en/x/intro', '/blog/post.html', '/x-y/z', '/x-y/z/']
    const file = join(work, 'netlify-matching-headers')
    writeFileSync(file, patterns.map((p) => `${p}\n  X-Rule: ${p}\n`).join(''))
    const parsed = await parseAllHeaders({ headersFiles: [file], configHeaders: [], minimal: false })
    expect(parsed.errors).toEqual([])
    const theirs = (parsed.headers as { for: string; forRegExp: RegExp }[]).map((h) => [h.for, h.forRegExp] as const)
    expect(theirs.map(([p]) => p)).toEqual(patterns)
    for (const [pattern, regExp] of theirs) {
      const mine = pathMatcher(pattern, 'netlify')!
      for (const path of paths) expect(mine.test(path), `${pattern} ~ ${path}`).toBe(regExp.test(path))
    }
  })
})

describe('Vercel vercel.json', () => {
  it('a site built with hosts: [vercel] passes with --vercel-config; a later user rule with a stricter CSP wins and fails', async () => {
    const dir = await built('vercel', { hosts: ['vercel'], headers: { vercel: { cleanUrls: true } } })
    const ok = await cspkit(['check', 'dist', '--vercel-config', 'vercel.json', '--config', 'cspkit.config.json'], dir)
    expect(ok.stderr).toBe('')
    expect(ok.code).toBe(0)
    expect(ok.stdout).toContain('(with the headers Vercel sends)')

    const config = JSON.parse(readFileSync(join(dir, 'vercel.json'), 'utf8')) as { headers: unknown[] }
    config.headers.push({ source: '/docs/(.*)', headers: [{ key: 'Content-Security-Policy', value: "script-src 'self'" }] })
    config.headers.push({ source: '/about', has: [{ type: 'cookie', key: 'preview' }], headers: [{ key: 'Content-Security-Policy', value: "default-src 'none'" }] })
    writeFileSync(join(dir, 'vercel.json'), JSON.stringify(config, null, 2))
    const failed = await cspkit(['check', 'dist'], dir)
    expect(failed.code).toBe(1)
    const messages = failed.stderr.trim().split('\n')
    // The conditional rule cannot be evaluated from a folder: said so, not guessed.
    expect(messages[0]).toMatch(/^\[cspkit\] CHECK_HEADER_PATTERN_UNSUPPORTED \(vercel\.json headers\[\d+\]\): The rule for '\/about' has "has"\/"missing" conditions/)
    expect(messages.slice(1)).toHaveLength(1)
    expect(messages[1]).toMatch(/^\[cspkit\] CHECK_INLINE_BLOCKED \(docs\/index\.html:10:1\): The inline <script> is blocked by 'script-src' of the Content-Security-Policy header Vercel sends \(vercel\.json headers\[\d+\]\)/)
  })

  it('source matching equals the regular expressions @vercel/routing-utils compiles', () => {
    const sources = ['/(.*)', '/:path*', '/blog/:slug', '/(.*).html', '/about{/}?', '/a\\(b\\)', '/docs/:p+', '/x/:id?', '/:lang(en|de)/intro', '/about', '/a.b/c', '/((?!api).*)']
    const paths = ['/', '/about', '/about/', '/About', '/blog/x', '/blog/x/y', '/a.html', '/docs', '/docs/a/b', '/x', '/x/1', '/en/intro', '/fr/intro', '/a.b/c', '/axb/c', '/a(b)', '/api/x']
    const { routes, error } = getTransformedRoutes({ headers: sources.map((source) => ({ source, headers: [{ key: 'x', value: 'y' }] })) })
    expect(error).toBeNull()
    for (const [i, source] of sources.entries()) {
      const theirs = new RegExp(routes![i]!.src!)
      const mine = vercelSourceRegExp(source)!
      for (const path of paths) expect(mine.test(path), `${source} ~ ${path}`).toBe(theirs.test(path))
    }
    // What Vercel itself rejects is never guessed at.
    expect(getTransformedRoutes({ headers: [{ source: '/*', headers: [{ key: 'x', value: 'y' }] }] }).error).not.toBeNull()
    expect(vercelSourceRegExp('/*')).toBeUndefined()
  })
})



