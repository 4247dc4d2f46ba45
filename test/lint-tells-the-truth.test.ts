/**
 * Lint tells the truth about the policy that runs: a repeated directive is an error (browsers
 * ignore the second, so the policy that runs is not the one written), an unquoted keyword names the
 * keyword it was meant to be, and what the printed policy drops is said with what that does.
 * Through the real `cspkit lint` bin and processSite().
 */
import { describe, expect, it } from 'vitest'
import { CspkitError, processSite } from '@cspkit/core'
import { cspkit } from './support/cli.js'

const lines = (text: string, code: string) => text.split('\n').filter((l) => l.startsWith(`[cspkit] ${code} `))

describe('a repeated directive is an error', () => {
  it('cspkit lint exits 1 for it alone; the same policy without the repeat passes (the control)', async () => {
    const repeated = await cspkit(['lint', "script-src 'self'; object-src 'none'; base-uri 'none'; script-src https:"])
    expect(repeated.code).toBe(1)
    expect(lines(repeated.stderr, 'POLICY_DUPLICATE_DIRECTIVE')).toEqual([
      "[cspkit] POLICY_DUPLICATE_DIRECTIVE (option policy): 'script-src' appears twice; browsers use the first and ignore the second, so the policy that runs is not the one written. Fix: Merge the sources of both 'script-src' entries into one.",
    ])
    const once = await cspkit(['lint', "script-src 'self' https:; object-src 'none'; base-uri 'none'"])
    expect(once.stderr).not.toContain('POLICY_DUPLICATE_DIRECTIVE')
    // https: in script-src is a warning, which fails only with --fail-on warning.
    expect(once.code).toBe(0)
  })

  it('in the policy option it stops the build; in a page’s own meta it is an error naming the page', () => {
    expect(() => processSite([], { policy: "default-src 'self'; img-src 'self'; img-src https:" })).toThrow(CspkitError)
    const html = `<!doctype html><html><head><meta http-equiv="Content-Security-Policy" content="img-src 'self'; img-src https:"></head><body></body></html>`
    const site = processSite([{ fileName: 'a.html', html }], { failOn: 'never' })
    expect(site.diagnostics.find((d) => d.code === 'POLICY_DUPLICATE_DIRECTIVE')).toMatchObject({ severity: 'error', file: 'a.html:1', directive: 'img-src' })
  })
})

describe('cspkit lint says what it drops and why', () => {
  it("unquoted self and none: 'did you mean', and that the printed directives now block everything", async () => {
    const r = await cspkit(['lint', 'script-src self; object-src none; base-uri none'])
    expect(r.code).toBe(1)
    expect(r.stdout.split('\n')[0]).toBe('script-src; object-src; base-uri')
    expect(lines(r.stderr, 'POLICY_UNQUOTED_KEYWORD')[0]).toContain(`'script-src' has self without single quotes; browsers read it as a host named "self" (did you mean 'self'?)`)
    expect(lines(r.stderr, 'LINT_DROPPED')).toEqual([
      expect.stringContaining("cspkit writes 'script-src' without self (did you mean 'self'?), which leaves 'script-src' with no sources: it then blocks every script, like 'none'."),
      expect.stringContaining("cspkit writes 'object-src' without none (did you mean 'none'?), which leaves 'object-src' with no sources"),
      expect.stringContaining("cspkit writes 'base-uri' without none (did you mean 'none'?), which leaves 'base-uri' with no sources"),
    ])
    // An emptied object-src blocks every <object>: lint must not claim that nothing restricts them.
    expect(r.stderr).not.toContain('LINT_MISSING_OBJECT_SRC')
  })

  it('a host that only looks like a typo is not called a keyword (the control)', async () => {
    const r = await cspkit(['lint', "script-src 'self' selfie.example; object-src 'none'; base-uri 'none'"])
    expect(r.stderr).not.toContain('did you mean')
    expect(r.stderr).not.toContain('LINT_DROPPED')
    expect(r.stdout.split('\n')[0]).toBe("script-src 'self' selfie.example; object-src 'none'; base-uri 'none'")
  })
})
