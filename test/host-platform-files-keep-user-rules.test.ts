/**
 * Issue #14 for the five platform host files (firebase.json, staticwebapp.config.json, Build Output
 * config.json, .netlify/v1/config.json, customHttp.yml), through `processDirectory` (what
 * `cspkit build` runs) on a small site in a temp dir:
 * - a user's own rule setting Content-Security-Policy for an API path (only headers cspkit also
 *   sets: the rule the old content-based recognition deleted as cspkit's) survives two builds byte
 *   for byte, and a user rule at a page is reported with what that host sends there;
 * - a rebuild after a page is removed drops only cspkit's rule for that page;
 * - a second build is byte-identical, and cspkit's record of its own rules is written next to the file;
 * - what the host would read differently from us (a BOM it rejects, a key twice, nesting past the
 *   limit, YAML anchors) is refused with file:line, the file and the pages untouched.
 * No browser, no emulator (test/hosts-emulators.test.ts serves the written files).
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { processDirectory, type Diagnostic, type HostName } from '@cspkit/core'

const require = createRequire(import.meta.url)
// The glob matcher firebase-tools ships (superstatic's `source` globs), to judge the written rules independently.
const minimatch = createRequire(require.resolve('firebase-tools/package.json'))('minimatch') as (path: string, glob: string) => boolean

/** A page whose inline script is its own, so each page gets its own policy (one cspkit rule per page). */
function page(name: string): string {
  return `<!doctype html><html><head><meta charset="utf-8"><title>${name}</title><script>window.__ran = '${name}'</script></head><body><h1>${name}</h1></body></html>`
}
const PAGES: Record<string, string> = { 'index.html': page('home'), 'about.html': page('about'), 'docs/index.html': page('docs') }
const API_CSP = "default-src 'none'; frame-ancestors 'none'"

interface HostCase {
  host: HostName
  /** The host file, relative to the project (the output folder is `dist`, or `.vercel/output/static`). */
  file: string
  out: string
  /** The user's file; `api` is the exact text of their API rule, `docs` of their rule at a page. */
  text: string
  api: string
  docs: string
  /** What the conflict report for the rule at /docs/ must say the host sends. */
  report: RegExp
}

const fb = {
  api: `{
        "source": "/api/**",
        "headers": [ { "key": "Content-Security-Policy", "value": "${API_CSP}" } ]
      }`,
  docs: `{
        "source": "/docs/**",
        "headers": [ { "key": "Content-Security-Policy", "value": "default-src 'self'" }, { "key": "Cache-Control", "value": "max-age=60" } ]
      }`,
}
const swa = {
  api: `{ "route": "/api/*", "headers": { "Content-Security-Policy": "${API_CSP}" } }`,
}
const bo = {
  api: `{ "src": "^/api/(.*)$", "headers": { "Content-Security-Policy": "${API_CSP}" }, "continue": true }`,
  docs: `{ "src": "^/docs(?:/.*)?$", "headers": { "Content-Security-Policy": "default-src 'self'" }, "continue": true }`,
}
const nf = {
  api: `{ "for": "/api/*", "values": { "Content-Security-Policy": "${API_CSP}" } }`,
  docs: `{ "for": "/docs/*", "values": { "Content-Security-Policy": "default-src 'self'" } }`,
}
const am = {
  api: `  - pattern: /api/**
    headers:
      - key: Content-Security-Policy
        value: ${API_CSP}  # the API's own policy`,
  docs: `  - pattern: /docs/**
    headers:
      - key: Content-Security-Policy
        value: default-src 'self'`,
}

const CASES: HostCase[] = [
  {
    host: 'firebase',
    file: 'firebase.json',
    out: 'dist',
    text: `{
  // the site
  "hosting": {
    "public": "dist",
    "headers": [
      ${fb.api},
      ${fb.docs}
    ]
  }
}
`,
    ...fb,
    report: /at '\/docs\/'.* Firebase Hosting sends cspkit's Content-Security-Policy instead, so yours is not sent there/,
  },
  {
    host: 'azure-swa',
    file: 'dist/staticwebapp.config.json',
    out: 'dist',
    text: `{
  "routes": [
    ${swa.api}
  ],
  "navigationFallback": { "rewrite": "/index.html", "exclude": ["/api/*"] }
}
`,
    api: swa.api,
    // Azure applies only the first matching route: a user route at a page is refused (tested in hosts-platform-files), so none here.
    docs: swa.api,
    report: /$^/,
  },
  {
    host: 'vercel-output',
    file: '.vercel/output/config.json',
    out: '.vercel/output/static',
    text: `{
  "version": 3,
  "routes": [
    ${bo.api},
    ${bo.docs},
    { "handle": "filesystem" }
  ]
}
`,
    ...bo,
    report: /'\/docs\/'.* Vercel sends yours, not the value cspkit made for th(at|ose) pages?/,
  },
  {
    host: 'netlify-frameworks',
    file: '.netlify/v1/config.json',
    out: 'dist',
    text: `{
  "headers": [
    ${nf.api},
    ${nf.docs}
  ],
  "redirects": [ { "from": "/old", "to": "/" } ]
}
`,
    ...nf,
    report: /at '\/docs\/'.* Netlify sends cspkit's Content-Security-Policy instead, so yours is not sent there/,
  },
  {
    host: 'amplify',
    file: 'customHttp.yml',
    out: 'dist',
    text: `# headers for the app
customHeaders:
${am.api}
${am.docs}
`,
    ...am,
    report: /at '\/docs\/'.* AWS Amplify Hosting may send yours and cspkit's together/,
  },
]

function project(out: string, files: Record<string, string>, pages = PAGES): { root: string; dist: string } {
  const root = mkdtempSync(join(tmpdir(), 'cspkit-platform-trust-'))
  const dist = join(root, out)
  for (const [name, html] of Object.entries(pages)) {
    mkdirSync(dirname(join(dist, name)), { recursive: true })
    writeFileSync(join(dist, name), html)
  }
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, name)), { recursive: true })
    writeFileSync(join(root, name), text)
  }
  return { root, dist }
}

const run = (c: HostCase, p: { root: string; dist: string }, meta = false) =>
  processDirectory(p.dist, { meta, hosts: [c.host], headers: { security: true } }, { projectRoot: p.root, workers: 0 })

const conflicts = (ds: readonly Diagnostic[]) => ds.filter((d) => d.code === 'HEADERS_USER_RULE_CONFLICT')
const recordOf = (file: string) => join(dirname(file), `.${file.slice(file.lastIndexOf('/') + 1)}.cspkit`)

describe.each(CASES)('$host', (c) => {
  let p: { root: string; dist: string }
  let first: string
  let second: string
  let afterRemoval: string
  let firstDiagnostics: readonly Diagnostic[]
  let secondDiagnostics: readonly Diagnostic[]
  beforeAll(async () => {
    p = project(c.out, { [c.file]: c.text })
    firstDiagnostics = (await run(c, p)).diagnostics
    first = readFileSync(join(p.root, c.file), 'utf8')
    secondDiagnostics = (await run(c, p)).diagnostics
    second = readFileSync(join(p.root, c.file), 'utf8')
    rmSync(join(p.dist, 'index.html'))
    await run(c, p)
    afterRemoval = readFileSync(join(p.root, c.file), 'utf8')
  })

  it("keeps the user's API rule (only headers cspkit sets, a CSP among them) and their rule at a page byte for byte across builds", () => {
    expect(firstDiagnostics.filter((d) => d.severity === 'error')).toEqual([])
    for (const text of [first, second, afterRemoval]) {
      expect(text).toContain(c.api)
      expect(text).toContain(c.docs)
    }
    // cspkit wrote its own rules too: each page's policy, next to the user's.
    expect(first.length).toBeGreaterThan(c.text.length)
    expect(first).toMatch(/sha256-/)
  })

  it('reports what the host sends where the user rule at a page meets a cspkit rule, and nothing for the API rule (the host sends it at /api/)', () => {
    const messages = conflicts(firstDiagnostics).map((d) => d.message)
    if (c.host !== 'azure-swa') expect(messages.some((m) => c.report.test(m)), messages.join('\n')).toBe(true)
    // cspkit's site-wide policy (the one most pages share) never beats the API's own: the host sends the user's policy at /api/.
    expect(messages.filter((m) => m.startsWith(`Your rule '${c.host === 'vercel-output' ? '^' : ''}/api`))).toEqual([])
    // The rebuild reports the same outcome (the rules are still the user's, not adopted as cspkit's), now without the "no record" note.
    const again = conflicts(secondDiagnostics).map((d) => d.message)
    if (c.host !== 'azure-swa') expect(again.some((m) => c.report.test(m))).toBe(true)
    expect(again.filter((m) => /record/.test(m))).toEqual([])
  })

  // Firebase's own walk only: defined for that host alone, not generated (as skipped) for the other four.
  if (c.host === 'firebase') {
    it('Firebase, walked as superstatic does (every match, later wins), sends the API its own policy and each page its own', () => {
      const rules = (JSON.parse(first.replace(/^\s*\/\/.*$/gm, '')) as { hosting: { headers: { source?: string; regex?: string; headers: { key: string; value: string }[] }[] } }).hosting.headers
      const cspAt = (url: string) =>
        rules
          .filter((r) => (r.source !== undefined ? minimatch(url, r.source) : new RegExp(r.regex!).test(url)))
          .flatMap((r) => r.headers.filter((h) => h.key === 'Content-Security-Policy').map((h) => h.value))
          .at(-1)
      expect(cspAt('/api/x')).toBe(API_CSP)
      // The page with a rule of its own (docs) gets cspkit's policy; its hash is in the page's own rule, not the user's.
      expect(cspAt('/docs/')).toMatch(/script-src 'self' 'sha256-/)
      expect(cspAt('/docs/')).not.toBe(cspAt('/about.html'))
    })
  }

  it('a second build is byte-identical and cspkit records the rules it wrote next to the file', () => {
    expect(second).toBe(first)
    const record = JSON.parse(readFileSync(join(p.root, recordOf(c.file)), 'utf8')) as { rules: string[] }
    expect(record.rules.length).toBeGreaterThan(0)
  })

  it("a rebuild after removing a page drops only cspkit's rule for it", () => {
    // The other pages keep their rules: their policies' hashes are all still there, the removed page's is gone.
    const hashes = /'sha256-[^']+'/g
    const before = new Set(first.match(hashes))
    const after = new Set(afterRemoval.match(hashes))
    expect(after.size).toBeGreaterThan(0)
    expect(after.size).toBeLessThan(before.size)
    for (const hash of after) expect(before.has(hash)).toBe(true)
  })
})

/** A refusal: the error's code and file:line, the host file byte for byte as it was, no page written, no record. */
async function expectRefused(c: HostCase, text: string, code: string, where: RegExp) {
  const p = project(c.out, { [c.file]: text })
  const result = await run(c, p, true)
  // The refusal, and (plan.ts) the pages left unwritten because of it.
  const errors = result.diagnostics.filter((d) => d.severity === 'error' && d.code !== 'SITE_NOT_WRITTEN')
  expect(errors.map((d) => d.code)).toEqual([code])
  expect(errors[0]!.file).toMatch(where)
  expect(errors[0]!.message).toMatch(/left as it was/)
  expect(errors[0]!.fix).not.toBe('')
  expect(readFileSync(join(p.root, c.file), 'utf8')).toBe(text)
  expect(existsSync(join(p.root, recordOf(c.file)))).toBe(false)
  for (const [name, html] of Object.entries(PAGES)) expect(readFileSync(join(p.dist, name), 'utf8')).toBe(html)
  expect(result.written).toBe(0)
}

const JSON_CASES = CASES.filter((c) => c.host !== 'amplify')
const deep = (text: string) => text.replace('"headers": [', `"headers": [${'['.repeat(70)}${']'.repeat(70)}, `).replace('"routes": [', `"routes": [${'['.repeat(70)}${']'.repeat(70)}, `)

describe('refusals: what the host would read differently', () => {
  it.each(JSON_CASES)('$host: a key twice in one object is refused at its second line', async (c) => {
    const duplicated = c.text.replace(/\n(\s*)"(headers|routes)": \[/, '\n$1"$2": [],\n$1"$2": [')
    expect(duplicated).not.toBe(c.text)
    await expectRefused(c, duplicated, 'HEADERS_DUPLICATE_KEY', new RegExp(`${c.file.slice(c.file.lastIndexOf('/') + 1).replace(/[.*]/g, '\\$&')}:\\d+:\\d+$`))
  })

  it.each(JSON_CASES)('$host: nesting deeper than the limit is refused with its line', async (c) => {
    await expectRefused(c, deep(c.text), 'HEADERS_FILE_TOO_DEEP', /:\d+:\d+$/)
  })

  it.each(JSON_CASES.filter((c) => c.host !== 'firebase'))('$host: a BOM (the host reads the file with JSON.parse) is refused', async (c) => {
    await expectRefused(c, `\ufeff${c.text}`, 'HEADERS_FILE_BOM', /:1:1$/)
  })

  it('firebase: a BOM, which firebase-tools strips, stays and the file is edited as without it', async () => {
    const c = CASES.find((x) => x.host === 'firebase')!
    const p = project(c.out, { [c.file]: `\ufeff${c.text}` })
    const result = await run(c, p)
    expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([])
    const text = readFileSync(join(p.root, c.file), 'utf8')
    const plain = project(c.out, { [c.file]: c.text })
    await run(c, plain)
    expect(text).toBe(`\ufeff${readFileSync(join(plain.root, c.file), 'utf8')}`)
  })

  it('amplify: a BOM (YAML allows one) stays, and the file is edited as without it', async () => {
    const c = CASES.find((x) => x.host === 'amplify')!
    const p = project(c.out, { [c.file]: `\ufeff${c.text}` })
    expect((await run(c, p)).diagnostics.filter((d) => d.severity === 'error')).toEqual([])
    const plain = project(c.out, { [c.file]: c.text })
    await run(c, plain)
    expect(readFileSync(join(p.root, c.file), 'utf8')).toBe(`\ufeff${readFileSync(join(plain.root, c.file), 'utf8')}`)
  })

  it('amplify: a duplicate key and a YAML anchor are refused with their line', async () => {
    const c = CASES.find((x) => x.host === 'amplify')!
    await expectRefused(c, `${c.text}customHeaders: []\n`, 'HEADERS_DUPLICATE_KEY', /customHttp\.yml:\d+:\d+$/)
    const anchored = `customHeaders:\n  - pattern: /api/**\n    headers: &api\n      - key: Content-Security-Policy\n        value: default-src 'none'\n  - pattern: /v2/**\n    headers: *api\n`
    await expectRefused(c, anchored, 'HEADERS_FILE_UNREADABLE', /customHttp\.yml:\d+$/)
  })
})

describe('without a record (a file from before cspkit kept one)', () => {
  it.each(CASES)("$host: a rule that looks like an old cspkit rule stays, with a warning to delete it", async (c) => {
    const p = project(c.out, { [c.file]: c.text })
    await run(c, p)
    const written = readFileSync(join(p.root, c.file), 'utf8')
    rmSync(join(p.root, recordOf(c.file)))
    // A page's policy changes: its old rule is no longer one cspkit writes, and no record says it was cspkit's.
    writeFileSync(join(p.dist, 'docs/index.html'), page('docs, changed'))
    const result = await run(c, p)
    const text = readFileSync(join(p.root, c.file), 'utf8')
    const warned = conflicts(result.diagnostics).filter((d) => /delete/.test(d.fix) && /record/.test(d.message + d.fix))
    if (c.host === 'azure-swa') {
      // Azure: the old route for /docs/ now comes first and would hide the page's new policy: refused, file untouched.
      expect(result.diagnostics.some((d) => d.severity === 'error' && d.code === 'HEADERS_USER_RULE_CONFLICT')).toBe(true)
      expect(text).toBe(written)
    } else {
      expect(text).toContain(c.api)
      // The old rule for /about is kept (it may be the user's: every old hash is still there) and the warning says to delete it.
      for (const hash of written.match(/'sha256-[^']+'/g) ?? []) expect(text).toContain(hash)
      expect(text).not.toBe(written)
    }
    expect(warned.length).toBeGreaterThan(0)
  })
})
