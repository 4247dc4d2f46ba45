import { describe, expect, it } from 'vitest'
import { processSite } from '../src/site.js'
import { resolveOptions } from '../src/options.js'
import { CspkitError } from '../src/diagnostics.js'

// Generators with an absolute base URL (Hugo's baseURL) write the site's own address into every
// page. Only the origin option tells the build that address is the page's own ('self').

const PAGE = `<!doctype html><html><head><title>t</title>
<script src="https://example.com/js/main.js"></script>
<link rel="stylesheet" href="https://example.com/css/site.css">
</head><body><img src="https://example.com/img/logo.png" alt=""><script>fetch("https://example.com/api/search.json")</script></body></html>`

const codes = (options: object) => processSite([{ fileName: 'docs/index.html', html: PAGE }], options).diagnostics

describe('the origin option', () => {
  it("without it, the site's absolute URLs are another origin: blocked, and the fix names the option", () => {
    const blocked = codes({}).filter((d) => d.code === 'LOAD_BLOCKED' || d.code === 'SCRIPT_LOAD_BLOCKED')
    expect(blocked.map((d) => d.directive).sort()).toEqual(['connect-src', 'img-src', 'script-src-elem', 'style-src-elem'])
    const script = blocked.find((d) => d.directive === 'script-src-elem')!
    expect(script.fix).toContain("If https://example.com is this site's own address, set origin: 'https://example.com' instead")
  })

  it("with it, absolute URLs to the site are 'self' (pages, inline scripts and emitted scripts)", () => {
    const result = processSite([{ fileName: 'docs/index.html', html: PAGE }], { origin: 'https://example.com' }, {
      scripts: [{ fileName: 'assets/app.js', code: 'fetch("https://example.com/api/x.json")' }],
    })
    expect(result.diagnostics.filter((d) => /LOAD_BLOCKED/.test(d.code))).toEqual([])
    expect(result.pages[0]!.blockedLoads).toEqual([])
  })

  it('another origin stays blocked with it, and its fix does not suggest origin', () => {
    const html = PAGE.replace('https://example.com/js/main.js', 'https://cdn.example.net/x.js')
    const [d] = processSite([{ fileName: 'index.html', html }], { origin: 'https://example.com' }).diagnostics.filter((x) => x.code === 'LOAD_BLOCKED')
    expect(d!.message).toContain("'https://cdn.example.net'")
    expect(d!.fix).not.toContain('origin:')
  })

  it.each([['example.com'], ['https://example.com/docs/'], ['ftp://example.com'], ['https://example.com/?a=1'], ['https://user@example.com'], [42]])(
    'rejects %j with OPTION_INVALID naming the expected form',
    (value) => {
      try {
        resolveOptions({ origin: value as string })
        expect.unreachable()
      } catch (error) {
        expect(error).toBeInstanceOf(CspkitError)
        const [d] = (error as CspkitError).diagnostics
        expect(d).toMatchObject({ code: 'OPTION_INVALID', option: 'origin' })
        expect(d!.message).toContain("e.g. 'https://example.com'")
      }
    },
  )

  it('keeps the origin only, with a trailing slash or a port', () => {
    expect(resolveOptions({ origin: 'https://example.com/' }).origin).toBe('https://example.com')
    expect(resolveOptions({ origin: 'http://127.0.0.1:8080' }).origin).toBe('http://127.0.0.1:8080')
  })
})
