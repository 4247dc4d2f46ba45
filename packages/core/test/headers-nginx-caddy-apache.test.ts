/**
 * nginx, Caddy and Apache files through the public doors (processSite + planHostFiles, and
 * processDirectory for what reaches the disk): the user's lines around cspkit's block survive byte for
 * byte, a file the server would refuse is refused with its file:line and left untouched, values the
 * config syntax cannot carry are errors, and the user's own CSP lines are reported. The real servers
 * reading these files are in test/hosts-nginx-caddy-apache.test.ts.
 */
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { processSite } from '../src/site.js'
import { resolveOptions, type Options } from '../src/options.js'
import { CspkitError, formatDiagnostic } from '../src/diagnostics.js'
import { planHostFiles } from '../src/headers/plan.js'
import { processDirectory } from '../src/directory.js'

const page = (body: string) => `<!doctype html><html><head><title>t</title></head><body>${body}</body></html>`
const SITE = [
  { fileName: 'index.html', html: page("<script>console.log('home')</script>") },
  { fileName: 'about.html', html: page("<script>console.log('about')</script>") },
  { fileName: 'docs/index.html', html: page('<p>docs</p>') },
]

function plan(options: Options, existing: Record<string, string> = {}, pages = SITE) {
  const resolved = resolveOptions({ meta: false, ...options })
  const site = processSite(pages, resolved)
  const result = planHostFiles(site.pages, resolved, (_location, fileName) => existing[fileName])
  const text = (fileName: string) => result.files.find((f) => f.fileName === fileName)?.text
  const policyOf = (fileName: string) => site.pages.find((p) => p.fileName === fileName)!.headerPolicy
  return { result, text, policyOf }
}

const BLOCK = /# >>> cspkit[^\n]*\n[\s\S]*?# <<< cspkit\n/

/** A realistic file of each host's, with the user's lines before and after an old cspkit block. */
const USER_FILES: Record<string, { before: string; after: string }> = {
  '.htaccess': {
    before: '# Site rules\nOptions -Indexes\nErrorDocument 404 /404.html\n<FilesMatch "\\.(js|css)$">\n\tHeader set Cache-Control "public, max-age=31536000, immutable"\n</FilesMatch>\n\n',
    after: '\n<IfModule mod_rewrite.c>\n\tRewriteEngine On\n\tRewriteRule ^old$ /about [R=301,L]\n</IfModule>\n',
  },
  'cspkit.caddy': {
    before: '# my snippet\nencode zstd gzip\n@assets path /assets/*\nheader @assets Cache-Control "public, max-age=31536000, immutable"\n',
    after: 'redir /old /about 301\nhandle_errors {\n\trewrite * /404.html\n\tfile_server\n}\n',
  },
  'nginx/cspkit-maps.conf': {
    before: 'map $http_upgrade $connection_upgrade {\n    default upgrade;\n    "" close;\n}\n',
    after: '\n# my own map after cspkit\'s\nmap $host $site_name { default "site"; }\n',
  },
  'nginx/cspkit-headers.conf': { before: 'add_header X-Robots-Tag "noindex" always;\n', after: 'gzip_static on;\n' },
}

describe("the user's lines around cspkit's block", () => {
  it.each(Object.keys(USER_FILES))('%s: kept byte for byte before and after; the old block is replaced in place', (fileName) => {
    const hosts = { '.htaccess': 'apache', 'cspkit.caddy': 'caddy' }[fileName] ?? 'nginx'
    const old = '# >>> cspkit (generated on every build; edits between these markers are replaced)\n# an old policy\n# <<< cspkit\n'
    const { before, after } = USER_FILES[fileName]!
    const existing = Object.fromEntries(Object.entries(USER_FILES).map(([name, u]) => [name, u.before + old + u.after]))
    const { result, text, policyOf } = plan({ hosts: [hosts as 'nginx'] }, existing)
    expect(result.diagnostics.filter((d) => d.severity !== 'info')).toEqual([])
    const out = text(fileName)!
    expect(out.startsWith(before)).toBe(true)
    expect(out.endsWith(after)).toBe(true)
    const block = out.slice(before.length, out.length - after.length)
    expect(block).toMatch(new RegExp(`^${BLOCK.source}$`))
    expect(block).not.toContain('an old policy')
    // Each page's own policy is in the block (the nginx headers file carries the variable instead).
    if (fileName !== 'nginx/cspkit-headers.conf') for (const f of ['index.html', 'docs/index.html']) expect(block).toContain(policyOf(f))
    // Planning again over the result changes nothing (a rebuild is byte-identical).
    const again = plan({ hosts: [hosts as 'nginx'] }, { ...existing, [fileName]: out })
    expect(again.text(fileName)).toBe(out)
  })
})

describe('a file the server would refuse is refused with its line, and left as it was', () => {
  const cases: [string, 'apache' | 'caddy' | 'nginx', string, number][] = [
    ['.htaccess', 'apache', 'Options -Indexes\n<FilesMatch "\\.js$">\n\tHeader set X-A "1"\n</Files>\n', 4],
    ['.htaccess', 'apache', '<IfModule mod_headers.c>\n\tHeader set X-A "1"\n', 1],
    ['cspkit.caddy', 'caddy', 'encode gzip\nhandle_errors {\n\tfile_server\n', 2],
    ['cspkit.caddy', 'caddy', 'encode gzip\n}\n', 2],
    ['nginx/cspkit-maps.conf', 'nginx', 'map $a $b {\n    default "x";\n', 1],
    ['nginx/cspkit-maps.conf', 'nginx', '# >>> cspkit\nmap $a $b { default "x"; }\n', 1],
  ]
  it.each(cases)('%s (%s) with a broken line %#', async (fileName, host, text, line) => {
    const dir = mkdtempSync(join(tmpdir(), 'cspkit-servers-bad-'))
    const out = join(dir, 'dist')
    mkdirSync(join(out, 'docs'), { recursive: true })
    mkdirSync(join(dir, 'nginx'))
    for (const p of SITE) writeFileSync(join(out, p.fileName), p.html)
    const path = join(fileName === '.htaccess' ? out : dir, fileName)
    writeFileSync(path, text)
    const result = await processDirectory(out, { meta: false, hosts: [host] }, { projectRoot: dir })
    const errors = result.diagnostics.filter((d) => d.severity === 'error')
    expect(errors.map((d) => [d.code, d.file])).toEqual([['HEADERS_FILE_UNREADABLE', `${fileName}:${line}`]])
    const printed = formatDiagnostic(errors[0]!)
    expect(printed).toMatch(/^\[cspkit\] /)
    expect(printed).toContain(`${fileName}:${line}`)
    expect(printed).toContain('left as it was')
    expect(readFileSync(path, 'utf8')).toBe(text)
    expect(result.hostFiles.filter((f) => f.fileName === fileName)).toEqual([])
  })
})

describe('values and URLs the config syntax cannot carry', () => {
  it("nginx refuses a '$' in a header value (nginx would read it as a variable)", () => {
    const { result, text } = plan({ hosts: ['nginx'], policy: { 'default-src': ["'self'"], 'report-uri': ['https://r.example/csp?k=$x'] } })
    expect(result.diagnostics.map((d) => d.code)).toContain('HEADERS_VALUE_INVALID')
    expect(text('nginx/cspkit-maps.conf')).toBeUndefined()
  })

  it("Caddy refuses '{' in a header value (a placeholder); Apache doubles '%' (a format string)", () => {
    const policy = { 'default-src': ["'self'"], 'report-uri': ['https://r.example/a%20b{x}'] }
    expect(plan({ hosts: ['caddy'], policy }).result.diagnostics.map((d) => d.code)).toContain('HEADERS_VALUE_INVALID')
    const apache = plan({ hosts: ['apache'], policy: { 'default-src': ["'self'"], 'report-uri': ['https://r.example/a%20b'] } })
    expect(apache.text('.htaccess')).toContain('https://r.example/a%%20b')
  })
})

describe("the user's own CSP lines", () => {
  it.each([
    ['.htaccess', 'apache', 'Header always set Content-Security-Policy "default-src *"\n'],
    ['cspkit.caddy', 'caddy', 'header {\n\tContent-Security-Policy "default-src *"\n}\n'],
    ['nginx/cspkit-headers.conf', 'nginx', 'add_header Content-Security-Policy "default-src *" always;\n'],
  ] as const)('%s: a line setting Content-Security-Policy is reported with its line (two policies would apply)', (fileName, host, text) => {
    const line = host === 'caddy' ? 3 : 2
    const { result, text: out } = plan({ hosts: [host] }, { [fileName]: `# mine\n${text}` })
    const conflict = result.diagnostics.find((d) => d.code === 'HEADERS_USER_RULE_CONFLICT')
    expect(conflict?.file).toBe(`${fileName}:${line}`)
    expect(out(fileName)!.startsWith(`# mine\n${text}`)).toBe(true)
  })
})

describe('options', () => {
  it('nginx, Caddy and Apache combine with each other and with one _headers host', () => {
    expect(() => resolveOptions({ hosts: ['nginx', 'caddy', 'apache', 'netlify', 'vercel'] })).not.toThrow()
  })

  it('headers.nginx paths must differ, and unknown keys are named', () => {
    expect(() => resolveOptions({ hosts: ['nginx'], headers: { nginx: { mapsPath: 'a.conf', headersPath: 'a.conf' } } })).toThrow(CspkitError)
    expect(() => resolveOptions({ hosts: ['caddy'], headers: { caddy: { path: 'x' } as never } })).toThrow(/headers\.caddy\.path/)
  })

  it('writes the nginx files where headers.nginx says', () => {
    const { result } = plan({ hosts: ['nginx'], headers: { nginx: { mapsPath: 'deploy/maps.conf', headersPath: 'deploy/headers.conf' } } })
    expect(result.files.map((f) => [f.fileName, f.location])).toEqual([
      ['deploy/maps.conf', 'project'],
      ['deploy/headers.conf', 'project'],
    ])
    expect(result.files[0]!.text).toContain('deploy/headers.conf in the server {}')
  })
})

describe("hosts: ['github-pages'] (no custom headers)", () => {
  it('writes no file, and meta: false is an error naming the option (no page would get a policy)', () => {
    expect(() => resolveOptions({ hosts: ['github-pages'], meta: false })).toThrow(/meta/)
    const resolved = resolveOptions({ hosts: ['github-pages'], policy: { 'default-src': ["'self'"], 'frame-ancestors': ["'none'"] } })
    const site = processSite(SITE, resolved)
    expect(planHostFiles(site.pages, resolved, () => undefined)).toEqual({ files: [], diagnostics: [] })
    // The meta tag carries the policy; what a meta cannot carry is reported per page (existing META_IGNORED_DIRECTIVE).
    expect(site.pages[0]!.html).toContain('http-equiv="Content-Security-Policy"')
    expect(site.diagnostics.find((d) => d.code === 'META_IGNORED_DIRECTIVE')?.directive).toBe('frame-ancestors')
  })

  it('warns that headers.security has no effect there, unless another host sends headers', () => {
    const alone = resolveOptions({ hosts: ['github-pages'], headers: { security: true } })
    const site = processSite(SITE, alone)
    const warned = planHostFiles(site.pages, alone, () => undefined).diagnostics
    expect(warned.map((d) => [d.code, d.option])).toEqual([['HEADERS_HOST_HEADERLESS', 'headers.security']])
    const withNginx = resolveOptions({ hosts: ['github-pages', 'nginx'], headers: { security: true } })
    const planned = planHostFiles(processSite(SITE, withNginx).pages, withNginx, () => undefined)
    expect(planned.diagnostics).toEqual([])
    expect(planned.files.map((f) => f.host)).toEqual(['nginx', 'nginx'])
  })
})

describe('SPA fallback', () => {
  it("deep links get headers.spaFallback's policy: nginx's map default, Caddy's `not path` rule, Apache's <Else>", () => {
    const pages = [...SITE, { fileName: '404.html', html: page('<style>p{color:red}</style>') }]
    const { text, policyOf } = plan({ hosts: ['nginx', 'caddy', 'apache'], headers: { spaFallback: 'index.html' } }, {}, pages)
    const index = policyOf('index.html')
    expect(text('nginx/cspkit-maps.conf')).toContain(`default "${index}";`)
    expect(text('cspkit.caddy')).toMatch(new RegExp(`@cspkit_0_site not path [^\\n]*\\nheader @cspkit_0_site Content-Security-Policy "${index.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}"`))
    expect(text('.htaccess')).toContain(`<Else>\n\tHeader always set Content-Security-Policy "${index}"\n</Else>`)
    // Without it, a 404.html page is what unknown URLs get (error_page / handle_errors / ErrorDocument).
    expect(plan({ hosts: ['nginx'] }, {}, pages).text('nginx/cspkit-maps.conf')).toContain(`default "${policyOf('404.html')}";`)
  })
})

describe('page paths with spaces and non-ASCII', () => {
  it('are written decoded, as the servers match them (nginx $uri, Caddy path, Apache REQUEST_URI), and quoted where needed', () => {
    const pages = [...SITE, { fileName: 'über uns.html', html: page("<script>console.log('ü')</script>") }]
    const { text, policyOf } = plan({ hosts: ['nginx', 'caddy', 'apache'] }, {}, pages)
    const policy = policyOf('über uns.html')
    expect(text('nginx/cspkit-maps.conf')).toContain(`"/über uns.html" "${policy}";`)
    expect(text('cspkit.caddy')).toMatch(/@cspkit_0_page\d path "\/über uns" "\/über uns\.html"\n/)
    expect(text('.htaccess')).toContain(`in {'/über uns.html'}`)
  })
})

describe('reading the files back for cspkit check', () => {
  it("Apache: sections the user wraps lines in (<IfModule>) are transparent, <FilesMatch> is reported as not evaluated", async () => {
    const { readApacheHtaccess, cspPoliciesAt } = await import('../src/headers/read.js')
    const text = [
      '<IfModule mod_headers.c>',
      '\tHeader always set Content-Security-Policy "default-src \'self\'"',
      '</IfModule>',
      '<FilesMatch "\\.html$">',
      '\tHeader always add Content-Security-Policy "script-src \'none\'"',
      '</FilesMatch>',
      '<If "%{REQUEST_URI} == \'/about.html\'">',
      '\tHeader always add Content-Security-Policy "img-src \'none\'"',
      '</If>',
    ].join('\n')
    const rules = readApacheHtaccess(text, '.htaccess')
    expect(rules.diagnostics.map((d) => [d.code, d.file])).toEqual([['CHECK_HEADER_PATTERN_UNSUPPORTED', '.htaccess:5']])
    expect(cspPoliciesAt(rules, '/').map((p) => p.policy)).toEqual(["default-src 'self'"])
    // MultiViews serves /about.html at /about: REQUEST_URI is the file there.
    for (const url of ['/about', '/about.html']) expect(cspPoliciesAt(rules, url).map((p) => p.policy), url).toEqual(["default-src 'self'", "img-src 'none'"])
  })

  it('nginx: a map key as a regex cspkit did not write is reported; a variable that is not a map on $uri too', async () => {
    const { readNginxConfig, cspPoliciesAt } = await import('../src/headers/read.js')
    const maps = { text: 'map $uri $csp {\n    default "default-src \'self\'";\n    ~^/a/.*$ "x";\n}\n', file: 'maps.conf' }
    const headers = { text: 'add_header Content-Security-Policy $csp always;\nadd_header Content-Security-Policy "$host" always;\n', file: 'headers.conf' }
    const rules = readNginxConfig(maps, headers)
    expect(rules.diagnostics.map((d) => d.file)).toEqual(['maps.conf:3', 'headers.conf:2'])
    expect(cspPoliciesAt(rules, '/b').map((p) => p.policy)).toEqual(["default-src 'self'"])
  })
})
