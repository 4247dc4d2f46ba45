import { execFile } from 'node:child_process'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { promisify } from 'node:util'
import { describe, expect, it } from 'vitest'
import { ROOT } from './support/builds.js'

// The published entry (dist/bundle.js) is split: a group of modules (host files, strict mode, the dev
// server, the doors) loads on the first call of one of its functions (scripts/bundle-core.mjs). A user
// sees the same module as tsc's dist/index.js: the same exports, sync functions that answer at once,
// and one copy of every class and table. Checked in plain node processes, as users load the package
// (under this runner, a require()d group would see another copy of the shared file than the test).

const run = promisify(execFile)
const DIST = pathToFileURL(join(ROOT, 'packages/core/dist/')).href

/** Runs an ES module script in a fresh node; what it prints, parsed. */
async function inNode(script: string): Promise<Record<string, unknown>> {
  const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script], { cwd: ROOT })
  return JSON.parse(stdout) as Record<string, unknown>
}

describe('the split core bundle', () => {
  it("exports what dist/index.js exports, each the same kind of value, the constants equal", async () => {
    const out = await inNode(`
      import { isDeepStrictEqual } from 'node:util'
      const bundle = await import('${DIST}bundle.js')
      const index = await import('${DIST}index.js')
      const differ = Object.keys(index).filter((k) => typeof bundle[k] !== typeof index[k] || (typeof index[k] !== 'function' && !isDeepStrictEqual(bundle[k], index[k])))
      console.log(JSON.stringify({ bundle: Object.keys(bundle), index: Object.keys(index), differ }))
    `)
    expect(out.bundle).toEqual(out.index)
    expect((out.index as string[]).length).toBeGreaterThan(100)
    expect(out.differ).toEqual([])
  })

  it("answers a lazy group's sync function at once, with the shared modules' own classes and data", async () => {
    const out = await inNode(`
      import { createRequire } from 'node:module'
      const core = await import('${DIST}bundle.js')
      const loadedGroups = () => Object.keys(createRequire(import.meta.url).cache).filter((f) => f.includes('bundle-lazy-')).map((f) => f.split(/[\\\\/]/).pop())
      const before = loadedGroups()
      // headers group: a sync reader of a _headers file, and a sync route list.
      const rules = core.readHeadersFile('/*\\n  Content-Security-Policy: default-src self\\n', '_headers', 'netlify')
      const urls = core.pageUrls('docs/index.html', 'netlify')
      // dev group: a Policy from the shared parser in, one the shared serializer reads out.
      const { policy } = core.parsePolicy({ 'default-src': ["'self'"] })
      const dev = core.devPolicy(policy, { websocketOrigins: ['ws://localhost:5173'], eval: false })
      // A shared class seen from a group: the doors' plugin, given a bad policy, throws the entry's own CspkitError.
      let sameError = false
      try { core.vitePlugin({ policy: { 'default-src': ['self'] } }) } catch (e) { sameError = e instanceof core.CspkitError && e.message.includes('POLICY_UNQUOTED_KEYWORD') }
      console.log(JSON.stringify({ before, after: loadedGroups(), rulesIsPromise: rules instanceof Promise, rules: rules.rules.length, urls, dev: core.serializePolicy(dev), sameError }))
    `)
    expect(out.before).toEqual([])
    expect(out.rulesIsPromise).toBe(false)
    expect(out.rules).toBe(1)
    expect(out.urls).toEqual(expect.arrayContaining(['/docs/']))
    expect(out.dev).toContain('ws://localhost:5173')
    expect(out.sameError).toBe(true)
    expect(out.after).toEqual(expect.arrayContaining(['bundle-lazy-headers.js', 'bundle-lazy-dev.js', 'bundle-lazy-doors.js']))
  })
})
