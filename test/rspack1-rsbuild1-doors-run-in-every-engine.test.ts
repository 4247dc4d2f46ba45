/**
 * @cspkit/rspack on Rspack 1 and Rsbuild 1 (1.x, installed beside the 2.x the other tests build
 * with): the same one-page app test/doors-bundlers.test.ts builds with Rspack 2 and Rsbuild 2 (an
 * inline script, an inline style and the bundle's script), through the same doors: HtmlRspackPlugin
 * and html-webpack-plugin, each next to Rspack's SubresourceIntegrityPlugin, and Rsbuild's
 * `tools.rspack`. Each page is judged in Chromium, Firefox and WebKit: zero violations, every script
 * ran, the style applied; its negative control (the inline script's hash dropped from the same
 * page) is blocked in each of them. A page loading what its policy blocks fails each build with
 * cspkit's own message.
 */
import { createRequire } from 'node:module'
import { join } from 'node:path'
import HtmlWebpackPlugin from 'html-webpack-plugin'
import { expect, it } from 'vitest'
import rspackCsp from '@cspkit/rspack'
import { describeDoors, DOORS_FIXTURE as FIXTURE, DOORS_POLICY as POLICY, rspackDoorConfig as rspackConfig, type Door } from './support/door-suite.js'
import { packageVersion } from './support/real-sites.js'
import { rsbuild1Build, rspack1, rspack1Build } from './support/rspack1-builds.js'

const require = createRequire(import.meta.url)
const RSPACK = packageVersion('rspack1')
const RSBUILD = packageVersion('rsbuild1')

/** Each door: a real build of a fixture into `out` with the door's plugin; resolves with the plugin's api. */
const DOORS: Record<string, Door> = {
  async [`Rspack ${RSPACK} (HtmlRspackPlugin, SubresourceIntegrityPlugin)`](out, fixture = FIXTURE) {
    const plugin = rspackCsp({ policy: POLICY })
    const sri = new rspack1.SubresourceIntegrityPlugin({ hashFuncNames: ['sha384'] })
    await rspack1Build(rspackConfig(fixture, out, [new rspack1.HtmlRspackPlugin({ template: './index.html' }), sri, plugin]))
    return plugin.api
  },
  async [`Rspack ${RSPACK} (html-webpack-plugin, SubresourceIntegrityPlugin)`](out, fixture = FIXTURE) {
    const plugin = rspackCsp({ policy: POLICY })
    const sri = new rspack1.SubresourceIntegrityPlugin({ hashFuncNames: ['sha384'], htmlPlugin: require.resolve('html-webpack-plugin') })
    await rspack1Build(rspackConfig(fixture, out, [new HtmlWebpackPlugin({ template: './index.html' }), sri, plugin]))
    return plugin.api
  },
  async [`Rsbuild ${RSBUILD} (tools.rspack)`](out, fixture = FIXTURE) {
    const plugin = rspackCsp({ policy: POLICY })
    await rsbuild1Build(fixture, out, plugin, { source: { entry: { index: './main.js' } }, html: { template: './index.html' } })
    return plugin.api
  },
}

it('builds with the 1.x majors, not the 2.x ones installed beside them', () => {
  expect([RSPACK, RSBUILD, rspack1.rspackVersion]).toEqual([expect.stringMatching(/^1\./), expect.stringMatching(/^1\./), RSPACK])
})

describeDoors(DOORS, 'rspack1-door')
