/**
 * What the real `cspkit` bin says, word for word where a newcomer reads it: counts in the singular
 * and the plural, hosts named as their vendors write them (with the verb agreeing), and `lint`
 * saying what the policy it prints leaves out, and what that does.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { cspkit } from './support/cli.js'
import { tempDir } from './support/builds.js'

/** A page with `scripts` inline scripts and `styles` inline <style>s, each with its own text. */
function page(name: string, scripts: number, styles: number): string {
  const s = Array.from({ length: styles }, (_, i) => `<style>.${name}${i} { color: red }</style>`).join('')
  const j = Array.from({ length: scripts }, (_, i) => `<script>window.${name}${i} = ${i}</script>`).join('')
  return `<!doctype html><html><head><meta charset="utf-8"><title>${name}</title>${s}</head><body><p>${name}</p>${j}</body></html>`
}

function site(files: Record<string, string>, config?: object): string {
  const dir = tempDir('wording')
  mkdirSync(join(dir, 'dist'))
  for (const [file, text] of Object.entries(files)) writeFileSync(join(dir, 'dist', file), text)
  if (config) writeFileSync(join(dir, 'cspkit.config.json'), JSON.stringify(config))
  return dir
}

/** Changes the text of an inline script after the build, so its hash no longer matches (as a later build step would). */
function tamper(dir: string, file: string, times = 1): void {
  const path = join(dir, 'dist', file)
  let html = readFileSync(path, 'utf8')
  for (let i = 0; i < times; i++) html = html.replace(/<script>window\.([a-z]+\d) = /, (_, name: string) => `<script>window.${name}x = `)
  writeFileSync(path, html)
}

describe('cspkit build and check: one and many', () => {
  it('one page, one hash, one worker thread: all singular', async () => {
    const dir = site({ 'index.html': page('a', 1, 0) })
    const built = await cspkit(['build', 'dist', '--workers', '1'], dir)
    expect(built.code).toBe(0)
    expect(built.stdout).toMatch(/^\[cspkit\] build: 1 page in dist, 1 updated, 1 hash, \d+\.\d\d s on 1 worker thread\.\n\[cspkit\] scope: page \(no client-side router found in 1 page\)\.\n$/)
    const checked = await cspkit(['check', 'dist'], dir)
    expect(checked.stdout).toBe('[cspkit] check: 1 page in dist, every inline script and style and every URL the HTML loads is allowed by its policy.\n')
  })

  it('17 pages, 18 hashes, two worker threads: all plural', async () => {
    // 17 pages are two chunks of work (16 a chunk), so two worker threads get one each.
    const pages = Object.fromEntries(Array.from({ length: 16 }, (_, i) => [`p${i}.html`, page(`p${String.fromCharCode(97 + i)}`, 1, 0)]))
    const dir = site({ 'index.html': page('a', 1, 1), ...pages })
    const built = await cspkit(['build', 'dist', '--workers', '2'], dir)
    expect(built.stdout).toMatch(/^\[cspkit\] build: 17 pages in dist, 17 updated, 18 hashes, \d+\.\d\d s on 2 worker threads\.\n\[cspkit\] scope: page \(no client-side router found in 17 pages\)\.\n$/)
    const checked = await cspkit(['check', 'dist'], dir)
    expect(checked.stdout).toBe('[cspkit] check: 17 pages in dist, every inline script and style and every URL the HTML loads is allowed by their policies.\n')
  })

  it('one failing page with one blocked item is singular; two with three are plural', async () => {
    const dir = site({ 'index.html': page('a', 2, 0), 'about.html': page('b', 1, 0) })
    expect((await cspkit(['build', 'dist'], dir)).code).toBe(0)
    tamper(dir, 'about.html')
    const one = await cspkit(['check', 'dist'], dir)
    expect(one.code).toBe(1)
    expect(one.stdout).toBe('[cspkit] check: 1 of 2 pages in dist fails (1 blocked inline item).\n')
    tamper(dir, 'index.html', 2)
    const three = await cspkit(['check', 'dist'], dir)
    expect(three.stdout).toBe('[cspkit] check: 2 of 2 pages in dist fail (3 blocked inline items).\n')
  })

  it('pages that fail for having no policy are counted as that, not as "0 blocked inline items"', async () => {
    const dir = site({ 'index.html': page('a', 1, 0), 'about.html': page('b', 1, 0) })
    const one = await cspkit(['check', 'dist'], dir)
    expect(one.stdout).toBe('[cspkit] check: 2 of 2 pages in dist fail (2 pages without a policy).\n')
    expect(one.stdout).not.toContain('0 blocked')
  })
})

describe('cspkit check: hosts as their vendors write them', () => {
  it('"the headers Netlify sends" for one host, "the headers Netlify and Cloudflare send" for two', async () => {
    const dir = site({ 'index.html': page('a', 1, 0), 'about.html': page('b', 1, 0) }, { hosts: ['netlify'] })
    expect((await cspkit(['build', 'dist'], dir)).code).toBe(0)
    const one = await cspkit(['check', 'dist'], dir)
    expect(one.stdout).toBe('[cspkit] check: 2 pages in dist, every inline script and style and every URL the HTML loads is allowed by their policies (with the headers Netlify sends).\n')
    // Without hosts in the config, a plain _headers must pass as Netlify and as Cloudflare read it.
    writeFileSync(join(dir, 'cspkit.config.json'), '{}')
    const both = await cspkit(['check', 'dist'], dir)
    expect(both.stdout).toBe('[cspkit] check: 2 pages in dist, every inline script and style and every URL the HTML loads is allowed by their policies (with the headers Netlify and Cloudflare send).\n')
  })

  it('a blocked item names the header "Netlify sends", capitalised', async () => {
    const dir = site({ 'index.html': page('a', 1, 0) }, { hosts: ['netlify'], meta: false })
    expect((await cspkit(['build', 'dist'], dir)).code).toBe(0)
    tamper(dir, 'index.html')
    const checked = await cspkit(['check', 'dist'], dir)
    expect(checked.code).toBe(1)
    expect(checked.stderr).toMatch(/^\[cspkit\] CHECK_INLINE_BLOCKED \(index\.html:1:\d+\): The inline <script> is blocked by 'script-src' of the Content-Security-Policy header Netlify sends \(dist\/_headers:\d+\)/m)
    expect(checked.stderr).not.toMatch(/netlify sends/)
  })
})

describe('cspkit lint: what the printed policy drops, and what that does', () => {
  const DROPPED = /^\[cspkit\] LINT_DROPPED .*$/gm

  it("an unquoted self empties script-src: the output says the printed 'script-src;' blocks every script", async () => {
    const r = await cspkit(['lint', "script-src self; object-src 'none'"])
    expect(r.code).toBe(1)
    expect(r.stdout).toBe("script-src; object-src 'none'\n[cspkit] lint: 1 problem.\n")
    expect(r.stderr.match(DROPPED)).toEqual([
      `[cspkit] LINT_DROPPED (option policy): cspkit writes 'script-src' without self (did you mean 'self'?), which leaves 'script-src' with no sources: it then blocks every script, like 'none'. Fix: Write "'self'" (with the single quotes inside the string).`,
    ])
  })

  it('a dropped source that leaves others says only what it drops; a repeated directive says which one is dropped', async () => {
    const r = await cspkit(['lint', "script-src 'self' none; object-src 'none'; base-uri 'none'; script-src https:"])
    expect(r.stdout).toBe("script-src 'self'; object-src 'none'; base-uri 'none'\n[cspkit] lint: 2 problems.\n")
    expect(r.stderr.match(DROPPED)).toEqual([
      `[cspkit] LINT_DROPPED (option policy): cspkit writes 'script-src' without none (did you mean 'none'?). Fix: Write "'none'" (with the single quotes inside the string).`,
      `[cspkit] LINT_DROPPED (option policy): cspkit writes only the first 'script-src' and drops the second (https:), as browsers ignore it. Fix: Merge the sources of both 'script-src' entries into one.`,
    ])
  })

  it('control: a policy cspkit writes as given has no LINT_DROPPED, and "no problems found"', async () => {
    const r = await cspkit(['lint', "script-src 'SELF'; object-src 'none'; base-uri 'none'"])
    expect(r.code).toBe(0)
    expect(r.stdout).toBe("script-src 'self'; object-src 'none'; base-uri 'none'\n[cspkit] lint: no problems found.\n")
    expect(r.stderr).toBe('')
  })

  it('a digest of one character is "1 character"; of two, "2 characters"', async () => {
    const one = await cspkit(['lint', "script-src 'sha256-A'; object-src 'none'; base-uri 'none'"])
    expect(one.stderr).toContain("'script-src' has 'sha256-A', whose digest is 1 character; a sha256 digest in base64 is 44 (32 bytes)")
    const two = await cspkit(['lint', "script-src 'sha256-AB'; object-src 'none'; base-uri 'none'"])
    expect(two.stderr).toContain("whose digest is 2 characters;")
  })

  it('a policy with nothing left to print says so', async () => {
    const r = await cspkit(['lint', "script-src 'self', img-src 'self'"])
    expect(r.stdout).toBe('[cspkit] lint: 1 problem.\n')
    expect(r.stderr.match(DROPPED)).toEqual([expect.stringContaining('cspkit writes no policy from this text')])
  })
})
