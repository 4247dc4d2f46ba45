/**
 * No option widens a policy unseen: a preset option that lands in a source must match its grammar
 * (a DNS label, a domain, a Google TLD, an enumerated value), or the build stops with OPTION_INVALID
 * naming the option and the expected form, before any page is written. Through processSite() and
 * the real `cspkit build` bin.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { CspkitError, processSite, type Options } from '@cspkit/core'
import { cspkit } from './support/cli.js'
import { tempDir } from './support/builds.js'

const PAGE = { fileName: 'index.html', html: '<!doctype html><html><head><title>t</title></head><body><p>hi</p></body></html>' }

/** The OPTION_INVALID diagnostics processSite throws for `options`, or the site's policy when it accepts them. */
function attempt(options: Options): { errors: CspkitError['diagnostics'] } | { policy: Record<string, readonly string[]> } {
  try {
    const site = processSite([PAGE], options)
    const policy = site.pages[0]!.policy
    return { policy: Object.fromEntries(policy.directives.map((d) => [d.name, d.values])) }
  } catch (error) {
    if (!(error instanceof CspkitError)) throw error
    return { errors: error.diagnostics }
  }
}

// Each preset option with a free-text grammar, the variant that uses it, a value of its form and what it becomes.
const GRAMMARS = [
  { preset: 'chargebee', option: 'site', form: 'one DNS label', good: 'acme', directive: 'frame-src', source: 'https://acme.chargebee.com/' },
  { preset: 'supabase', option: 'project', variant: 'project', form: 'one DNS label', good: 'abcdef', directive: 'connect-src', source: 'https://abcdef.supabase.co' },
  { preset: 'auth0', option: 'domain', form: 'a domain name', good: 'acme.eu.auth0.com', directive: 'connect-src', source: 'https://acme.eu.auth0.com' },
  { preset: 'matomo', option: 'host', variant: 'self-hosted', form: 'a domain name', good: 'stats.example.org', directive: 'script-src', source: 'https://stats.example.org' },
  { preset: 'google-analytics', option: 'googleTld', variant: 'google-signals', form: 'the end of a Google domain', good: 'co.uk', directive: 'img-src', source: 'https://*.google.co.uk' },
] as const

// Values that would each add a source, a keyword, a wildcard or another host if pasted into the template.
const HOSTILE = ['*', 'acme *', "acme 'unsafe-inline'", 'evil.example/x', 'https://evil.example', 'acme:8443', 'acme;script-src *', 'acme\u2028x', '*.evil.example', 'acme.', '']

describe('preset options: a value outside its grammar is OPTION_INVALID, never a wider policy', () => {
  it.each(GRAMMARS)("$preset's '$option' accepts $form and writes the source it names", (g) => {
    const result = attempt({ presets: [[g.preset, { ...('variant' in g ? { variant: g.variant } : {}), [g.option]: g.good }]] as Options['presets'] })
    expect('policy' in result && result.policy[g.directive]).toContain(g.source)
  })

  it.each(GRAMMARS)("$preset's '$option' rejects hostile values, naming the option and $form", (g) => {
    for (const value of HOSTILE) {
      const result = attempt({ presets: [[g.preset, { ...('variant' in g ? { variant: g.variant } : {}), [g.option]: value }]] as Options['presets'] })
      expect('errors' in result, `${g.option} = ${JSON.stringify(value)} was accepted`).toBe(true)
      const [first] = (result as { errors: CspkitError['diagnostics'] }).errors
      expect(first).toMatchObject({ code: 'OPTION_INVALID', option: `presets[0].${g.option}`, preset: g.preset })
      expect(first!.message).toContain(`it must be ${g.form}`)
    }
  })

  it("a label option takes no dots (a subdomain of the vendor's domain is not the vendor's own host), a domain option no single label", () => {
    expect(attempt({ presets: [['chargebee', { site: 'evil.acme' }]] })).toHaveProperty('errors')
    expect(attempt({ presets: [['matomo', { variant: 'self-hosted', host: 'localhost' }]] })).toHaveProperty('errors')
    // A TLD option cannot carry a domain of its own: 'evil.example' would make https://*.google.evil.example.
    expect(attempt({ presets: [['google-analytics', { variant: 'google-signals', googleTld: 'evil.example' }]] })).toHaveProperty('errors')
  })

  it("a user's own preset: an unknown form, or a default outside its form, is OPTION_INVALID too", () => {
    const own = (form: string | undefined, fallback?: string) => ({
      name: 'mine',
      title: 'Mine',
      docs: 'https://example.com',
      checked: '2026-12-01',
      directives: { 'connect-src': ['https://{tenant}.mine.example'] },
      options: { tenant: { description: 'the tenant', ...(form ? { form } : {}), ...(fallback !== undefined ? { default: fallback } : {}) } },
    })
    const unknownForm = attempt({ presets: [own('anything', 'a')] as unknown as Options['presets'] })
    expect(unknownForm).toHaveProperty('errors')
    expect((unknownForm as { errors: CspkitError['diagnostics'] }).errors[0]!.fix).toContain("'dns-label'")
    const badDefault = attempt({ presets: [own('dns-label', '*')] as unknown as Options['presets'] })
    expect((badDefault as { errors: CspkitError['diagnostics'] }).errors[0]).toMatchObject({ code: 'OPTION_INVALID', option: 'presets[0].tenant' })
    expect((badDefault as { errors: CspkitError['diagnostics'] }).errors[0]!.message).toContain('(its default)')
    // The control: a default of its form resolves.
    const good = attempt({ presets: [own('dns-label', 'acme')] as unknown as Options['presets'] })
    expect('policy' in good && good.policy['connect-src']).toContain('https://acme.mine.example')
  })
})

describe('cspkit build: a hostile preset option stops the build before a page is written', () => {
  it('exits with OPTION_INVALID naming the option; the page is untouched (and the control value builds)', async () => {
    const dir = tempDir('option-grammar')
    mkdirSync(join(dir, 'dist'))
    writeFileSync(join(dir, 'dist', 'index.html'), PAGE.html)
    writeFileSync(join(dir, 'cspkit.config.json'), JSON.stringify({ presets: [['auth0', { domain: '* acme.auth0.com' }]] }))
    const bad = await cspkit(['build', 'dist', '--workers', '1'], dir)
    expect(bad.code).not.toBe(0)
    expect(bad.stderr).toMatch(/^\[cspkit\] OPTION_INVALID \(option presets\[0\]\.domain, preset auth0\): "\* acme\.auth0\.com" is not a valid 'domain'.* Fix: Give 'domain' as a domain name/m)
    expect(bad.stderr).not.toMatch(/\n\s+at /) // no stack trace
    expect(readFileSync(join(dir, 'dist', 'index.html'), 'utf8')).toBe(PAGE.html)

    writeFileSync(join(dir, 'cspkit.config.json'), JSON.stringify({ presets: [['auth0', { domain: 'acme.auth0.com' }]] }))
    const good = await cspkit(['build', 'dist', '--workers', '1'], dir)
    expect(good.code, good.stderr).toBe(0)
    const meta = /<meta http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(readFileSync(join(dir, 'dist', 'index.html'), 'utf8'))![1]!
    expect(meta).toMatch(/connect-src [^;]*https:\/\/acme\.auth0\.com/)
    expect(meta).not.toContain('*')
  })
})


describe('header values: what cspkit writes into host files is one valid header line', () => {
  const errorsOf = (options: Options) => {
    const result = attempt(options)
    return 'errors' in result ? result.errors : []
  }

  it.each([
    ['referrerPolicy', 'no-referrer\u2028X-Injected: 1', 'U+2028'],
    ['referrerPolicy', 'no-referrer\u0000', 'a one-line header value'],
    ['permissionsPolicy', 'camera=()\r\nSet-Cookie: a=b', 'a one-line header value'],
    ['crossOriginOpenerPolicy', 'same-origin\u00a0', 'not ASCII'],
    ['strictTransportSecurity', 'max-age=1; includeSubDomains\u0100', 'Node.js rejects it'],
    ['referrerPolicy', 'no-refferer', "one or more of 'no-referrer'"],
    ['strictTransportSecurity', 'max-age=forever', "'max-age=<seconds>'"],
    ['crossOriginOpenerPolicy', 'same-origin, unsafe-none', "'same-origin'"],
  ])("headers.security.%s = %j is OPTION_INVALID (%s)", (name, value, why) => {
    const [first] = errorsOf({ hosts: ['netlify'], headers: { security: { [name]: value } } })
    expect(first).toMatchObject({ code: 'OPTION_INVALID', option: `headers.security.${name}` })
    expect(first!.message).toContain(why)
    // The message quotes the value escaped: it can neither break the line nor hide a character.
    expect(first!.message).toMatch(/^[\x20-\x7e]+$/)
  })

  it('the values a user would write are accepted (the control)', () => {
    expect(errorsOf({ hosts: ['netlify'], headers: { security: { referrerPolicy: 'no-referrer, strict-origin-when-cross-origin', permissionsPolicy: 'camera=(), geolocation=(self "https://maps.example")', crossOriginOpenerPolicy: 'same-origin; report-to="coop"', strictTransportSecurity: 'max-age=63072000; includeSubDomains; preload' } } })).toEqual([])
    expect(errorsOf({ hosts: ['netlify'], headers: { reportingEndpoints: { csp: 'https://reports.example/csp?site=a', local: 'http://localhost:8080/r', rel: '/csp-reports' } } })).toEqual([])
  })

  it.each([
    ['https://reports.example/a,b', 'comma'],
    ['http://reports.example/csp', 'https:'],
    ['https://reports.example/\u2028', 'U+2028'],
    ['javascript:alert(1)', 'https:'],
    ['reports.example/csp', 'neither an absolute URL'],
  ])('headers.reportingEndpoints.csp = %j is OPTION_INVALID (%s)', (url, why) => {
    const [first] = errorsOf({ hosts: ['netlify'], headers: { reportingEndpoints: { csp: url } } })
    expect(first).toMatchObject({ code: 'OPTION_INVALID', option: 'headers.reportingEndpoints.csp' })
    expect(first!.message).toContain(why)
  })

  it("a policy source with U+2028 or a non-ASCII host is an error, not a header a host would split or refuse", () => {
    for (const source of ['https://a.example\u2028script-src', 'https://exämple.com']) {
      const [first] = errorsOf({ policy: { 'default-src': ["'self'"], 'img-src': ["'self'", source] } })
      expect(first).toMatchObject({ code: 'POLICY_INVALID_SOURCE', directive: 'img-src' })
    }
  })
})

describe('cspkit build: a configPath stays inside the project unless it is absolute', () => {
  function project(configPath: string): string {
    const dir = tempDir('config-path')
    mkdirSync(join(dir, 'app', 'dist'), { recursive: true })
    writeFileSync(join(dir, 'app', 'dist', 'index.html'), PAGE.html)
    writeFileSync(join(dir, 'app', 'cspkit.config.json'), JSON.stringify({ hosts: ['vercel'], headers: { vercel: { configPath } } }))
    return dir
  }

  it("'../vercel.json' is OPTION_INVALID and nothing is written outside; an absolute path is written and the build says where", async () => {
    const escaping = project('../vercel.json')
    const bad = await cspkit(['build', 'dist', '--workers', '1'], join(escaping, 'app'))
    expect(bad.code).not.toBe(0)
    expect(bad.stderr).toContain("[cspkit] OPTION_INVALID (option headers.vercel.configPath): 'headers.vercel.configPath' is \"../vercel.json\": '..' takes it outside the folder, but a relative path must stay inside the project root.")
    expect(existsSync(join(escaping, 'vercel.json'))).toBe(false)
    expect(readFileSync(join(escaping, 'app', 'dist', 'index.html'), 'utf8')).toBe(PAGE.html)

    const absolute = project('')
    const target = join(absolute, 'deploy', 'vercel.json')
    mkdirSync(join(absolute, 'deploy'))
    writeFileSync(join(absolute, 'app', 'cspkit.config.json'), JSON.stringify({ hosts: ['vercel'], headers: { vercel: { configPath: target } } }))
    const good = await cspkit(['build', 'dist', '--workers', '1'], join(absolute, 'app'))
    expect(good.code, good.stderr).toBe(0)
    expect(`${good.stdout}${good.stderr}`).toContain(`[cspkit] HEADERS_PATH_ABSOLUTE (${target}, option headers.vercel.configPath): cspkit writes the vercel.json for 'vercel' to ${target}`)
    expect(JSON.parse(readFileSync(target, 'utf8')).headers.length).toBeGreaterThan(0)

    // The control: the default relative path writes inside the project, without that note.
    const inside = project('vercel.json')
    const plain = await cspkit(['build', 'dist', '--workers', '1'], join(inside, 'app'))
    expect(plain.code, plain.stderr).toBe(0)
    expect(existsSync(join(inside, 'app', 'vercel.json'))).toBe(true)
    expect(`${plain.stdout}${plain.stderr}`).not.toContain('HEADERS_PATH_ABSOLUTE')
  })
})
