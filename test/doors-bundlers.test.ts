/**
 * Every bundler door's own package in a real build of one page (an inline script, an inline style
 * and the bundle's script): @cspkit/rollup and @cspkit/rolldown with @rollup/plugin-html,
 * @cspkit/rspack with HtmlRspackPlugin and with html-webpack-plugin, each next to Rspack's own
 * SubresourceIntegrityPlugin, and @cspkit/rspack in Rsbuild's `tools.rspack`. Each page is judged
 * in Chromium, Firefox and WebKit: zero violations, every script ran, the style applied; its
 * negative control (the inline script's hash dropped from the same page) is blocked in each of them.
 * And a page that loads what its policy blocks fails each door's build with cspkit's own message.
 */
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import htmlModule from '@rollup/plugin-html'
import { createLogger, createRsbuild } from '@rsbuild/core'
import { rspack, type RspackOptions } from '@rspack/core'
import HtmlWebpackPlugin from 'html-webpack-plugin'
import { rolldown } from 'rolldown'
import { rollup } from 'rollup'
import rolldownCsp from '@cspkit/rolldown'
import rollupCsp from '@cspkit/rollup'
import rspackCsp from '@cspkit/rspack'
import { describeDoors, DOORS_FIXTURE as FIXTURE, DOORS_POLICY as POLICY, rspackDoorConfig as rspackConfig, type Door } from './support/door-suite.js'

const require = createRequire(import.meta.url)
// @rollup/plugin-html's types read as CommonJS under NodeNext (the function on `.default`); at run time the default import is the function.
const html = htmlModule as unknown as typeof htmlModule.default

/** @rollup/plugin-html's template: the fixture page with the build's entry as a module script. */
const pageTemplate =
  (fixture: string) =>
  ({ files }: { files: { js?: readonly { fileName: string }[] } }) =>
    readFileSync(join(fixture, 'index.html'), 'utf8').replace('</head>', `${(files.js ?? []).map((f) => `<script type="module" src="/${f.fileName}"></script>\n`).join('')}</head>`)

async function rspackBuild(config: RspackOptions): Promise<void> {
  const compiler = rspack(config)
  const stats = await new Promise<import('@rspack/core').Stats>((ok, fail) => compiler.run((error, s) => (error ? fail(error) : ok(s!))))
  await new Promise((ok) => compiler.close(ok))
  if (stats.hasErrors()) throw new Error(stats.toString({ preset: 'errors-only', colors: false }))
}

/** Each door: a real build of a fixture into `out` with the door's plugin; resolves with the plugin's api. */
const DOORS: Record<string, Door> = {
  async 'Rollup 4 (@cspkit/rollup, @rollup/plugin-html)'(out, fixture = FIXTURE) {
    const plugin = rollupCsp({ policy: POLICY })
    const bundle = await rollup({ input: join(fixture, 'main.js'), plugins: [html({ template: pageTemplate(fixture) }), plugin] })
    await bundle.write({ dir: out, format: 'es', entryFileNames: 'assets/[name]-[hash].js' })
    await bundle.close()
    return plugin.api
  },
  async 'Rolldown 1 (@cspkit/rolldown, @rollup/plugin-html)'(out, fixture = FIXTURE) {
    const plugin = rolldownCsp({ policy: POLICY })
    const bundle = await rolldown({ input: join(fixture, 'main.js'), plugins: [html({ template: pageTemplate(fixture) }) as never, plugin] })
    await bundle.write({ dir: out, format: 'es', entryFileNames: 'assets/[name]-[hash].js' })
    await bundle.close()
    return plugin.api
  },
  async 'Rspack (@cspkit/rspack, HtmlRspackPlugin, SubresourceIntegrityPlugin)'(out, fixture = FIXTURE) {
    const plugin = rspackCsp({ policy: POLICY })
    const sri = new rspack.SubresourceIntegrityPlugin({ hashFuncNames: ['sha384'] })
    await rspackBuild(rspackConfig(fixture, out, [new rspack.HtmlRspackPlugin({ template: './index.html' }), sri, plugin]))
    return plugin.api
  },
  async 'Rspack (@cspkit/rspack, html-webpack-plugin, SubresourceIntegrityPlugin)'(out, fixture = FIXTURE) {
    const plugin = rspackCsp({ policy: POLICY })
    const sri = new rspack.SubresourceIntegrityPlugin({ hashFuncNames: ['sha384'], htmlPlugin: require.resolve('html-webpack-plugin') })
    await rspackBuild(rspackConfig(fixture, out, [new HtmlWebpackPlugin({ template: './index.html' }), sri, plugin]))
    return plugin.api
  },
  async 'Rsbuild 2 (@cspkit/rspack in tools.rspack)'(out, fixture = FIXTURE) {
    const plugin = rspackCsp({ policy: POLICY })
    // What Rsbuild prints (its thrown error only says the build failed), kept for a failure's message.
    const printed: string[] = []
    const print = (...args: unknown[]) => printed.push(args.map(String).join(' '))
    const rsbuild = await createRsbuild({
      cwd: fixture,
      rsbuildConfig: {
        customLogger: createLogger({ level: 'warn', console: { log: print, warn: print, error: print } }),
        source: { entry: { index: './main.js' } },
        html: { template: './index.html' },
        output: { distPath: { root: out }, cleanDistPath: false },
        tools: { rspack: (_config, { appendPlugins }) => appendPlugins(plugin as never) },
      },
    })
    const result = await rsbuild.build().catch((error: Error) => {
      throw new Error([error.message, ...printed].join('\n'))
    })
    await result.close()
    return plugin.api
  },
}

describeDoors(DOORS)
