/**
 * A bad policy fails a real Vite and a real webpack build with the message a user needs: the
 * `[cspkit]` line with the code, the option and directive, and the fix. Warnings pass a build unless
 * failOn is 'warning'. Needs `pnpm build` (the configs load the built packages).
 */
import { existsSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { beforeAll, describe, expect, it } from 'vitest'
import { ROOT, tempDir, webpackBuild } from './support/builds.js'

const TYPO = "[cspkit] POLICY_UNKNOWN_DIRECTIVE (option policy.scirpt-src): 'scirpt-src' is not a CSP directive; browsers ignore it and everything in it. Fix: Did you mean 'script-src'?"
const HASH = "[cspkit] POLICY_INVALID_HASH (option policy.img-src): 'img-src' has 'sha256-abc'"
const UNSAFE = "[cspkit] LINT_UNSAFE_INLINE (option policy.script-src): 'script-src' has 'unsafe-inline'"
const UNSAFE_FIX = "Fix: Remove 'unsafe-inline' from 'script-src'"

const BAD_POLICY = `{ 'default-src': ["'self'"], 'scirpt-src': ["'self'"], 'img-src': ["'self'", "'sha256-abc'"], 'object-src': ["'none'"] }`
const WEAK_POLICY = `{ 'default-src': ["'self'"], 'script-src': ["'self'", "'unsafe-inline'"], 'object-src': ["'none'"] }`

function page(root: string): void {
  mkdirSync(join(root, 'src'), { recursive: true })
  writeFileSync(join(root, 'index.html'), '<!doctype html><html><head><title>t</title></head><body><script type="module" src="/main.js"></script></body></html>\n')
  writeFileSync(join(root, 'main.js'), "document.body.append('ok')\n")
  writeFileSync(join(root, 'src', 'index.js'), "document.body.append('ok')\n")
}

describe('vite build', () => {
  type Vite = typeof import('vite8')
  let vite: Vite
  const pluginUrl = pathToFileURL(join(ROOT, 'packages/vite/dist/index.js')).href

  beforeAll(async () => {
    vite = (await import('vite8')) as Vite
  })

  async function buildWith(policy: string, extra = ''): Promise<{ error: unknown; outDir: string; warnings: string[] }> {
    const root = tempDir('lint-vite')
    page(root)
    writeFileSync(join(root, 'vite.config.mjs'), `import csp from ${JSON.stringify(pluginUrl)}\nexport default { plugins: [csp({ policy: ${policy}${extra} })] }\n`)
    const outDir = join(root, 'dist')
    const warnings: string[] = []
    const logger = { info() {}, warn: (m: string) => warnings.push(m), warnOnce: (m: string) => warnings.push(m), error() {}, clearScreen() {}, hasErrorLogged: () => false, hasWarned: false }
    try {
      await vite.build({ root, configFile: join(root, 'vite.config.mjs'), configLoader: 'native', logLevel: 'silent', customLogger: logger, build: { outDir } })
      return { error: undefined, outDir, warnings }
    } catch (error) {
      return { error, outDir, warnings }
    }
  }

  it('fails on a policy with errors, listing each one with its fix, before building anything', async () => {
    const { error, outDir } = await buildWith(BAD_POLICY)
    expect(error).toBeInstanceOf(Error)
    const message = (error as Error).message
    expect(message).toContain(TYPO)
    expect(message).toContain(HASH)
    expect(message).toContain("a sha256 digest in base64 is 44 (32 bytes)")
    expect(existsSync(outDir)).toBe(false)
  })

  it('builds with a weak policy and reports the warning through Vite', async () => {
    const { error, outDir, warnings } = await buildWith(WEAK_POLICY)
    expect(error).toBeUndefined()
    expect(existsSync(join(outDir, 'index.html'))).toBe(true)
    expect(warnings.find((w) => w.includes(UNSAFE))).toContain(UNSAFE_FIX)
  })

  it("fails on the same warning with failOn: 'warning'", async () => {
    const { error } = await buildWith(WEAK_POLICY, `, failOn: 'warning'`)
    expect(error).toBeInstanceOf(Error)
    expect((error as Error).message).toContain(UNSAFE)
    expect((error as Error).message).toContain(UNSAFE_FIX)
  })
})

describe('webpack build', () => {
  const pluginPath = join(ROOT, 'packages/webpack')

  function configWith(policy: string, extra = ''): { config: string; outDir: string } {
    const root = tempDir('lint-webpack')
    page(root)
    // webpack and html-webpack-plugin as the workspace installed them, found from the temp project.
    symlinkSync(join(ROOT, 'node_modules'), join(root, 'node_modules'), 'dir')
    const config = join(root, 'webpack.config.cjs')
    writeFileSync(
      config,
      `const HtmlWebpackPlugin = require('html-webpack-plugin')
const csp = require(${JSON.stringify(pluginPath)})
module.exports = {
  mode: 'production',
  entry: './src/index.js',
  plugins: [new HtmlWebpackPlugin(), (csp.default ?? csp)({ policy: ${policy}${extra} })],
}
`,
    )
    return { config, outDir: join(root, 'dist') }
  }

  it('fails on a policy with errors when webpack loads the config, listing each one with its fix', async () => {
    const { config, outDir } = configWith(BAD_POLICY)
    const error = await webpackBuild(config, outDir).then(() => undefined, (e: unknown) => e)
    expect(error).toBeInstanceOf(Error)
    expect((error as Error).message).toContain(TYPO)
    expect((error as Error).message).toContain(HASH)
    expect(existsSync(outDir)).toBe(false)
  })

  it('reports a weak policy as a compilation warning, and as an error with failOn: warning', async () => {
    const weak = configWith(WEAK_POLICY)
    const stats = await webpackBuild(weak.config, weak.outDir)
    expect(stats.hasErrors()).toBe(false)
    expect(stats.compilation.warnings.map((w) => w.message).find((m) => m.includes(UNSAFE))).toContain(UNSAFE_FIX)

    const failing = configWith(WEAK_POLICY, `, failOn: 'warning'`)
    const failed = await webpackBuild(failing.config, failing.outDir)
    expect(failed.hasErrors()).toBe(true)
    expect(failed.compilation.errors.map((e) => e.message).join('\n')).toContain(UNSAFE)
  })
})
