/**
 * Real builds with Rspack 1 and Rsbuild 1, installed beside Rspack 2 and Rsbuild 2 under the aliases
 * `rspack1` and `rsbuild1` (the root package.json): each test builds with the major it names, the
 * plugin is the same `@cspkit/rspack` a user installs.
 */
import { createRsbuild, logger, type RsbuildConfig } from 'rsbuild1'
import { rspack, type RspackOptions, type Stats } from 'rspack1'

export { rspack as rspack1 }
export type { RspackOptions as Rspack1Options }

/** One Rspack 1 production build, the compiler closed after it; its errors (cspkit's among them) thrown. */
export async function rspack1Build(config: RspackOptions): Promise<Stats> {
  const compiler = rspack(config)
  const stats = await new Promise<Stats>((ok, fail) => compiler.run((error, s) => (error ? fail(error) : ok(s!))))
  await new Promise((ok) => compiler.close(ok))
  if (stats.hasErrors()) throw new Error(stats.toString({ preset: 'errors-only', colors: false }))
  return stats
}

// Rsbuild 1 has no per-instance logger (Rsbuild 2's customLogger): its one logger is pointed at the
// build running now, so a failed build's error carries what Rsbuild printed (its thrown error only
// says the build failed).
let printed: string[] = []
const print = (...args: unknown[]) => printed.push(args.map(String).join(' '))
logger.level = 'warn'
logger.override({ error: print, warn: print })

/**
 * `rsbuild build` with Rsbuild 1 of `cwd`'s `entry` and `template` into `out`, with `plugin` appended
 * in `tools.rspack` (where the README says to put it). Builds run one at a time (the shared logger).
 */
export async function rsbuild1Build(cwd: string, out: string, plugin: unknown, config: RsbuildConfig = {}): Promise<void> {
  printed = []
  const rsbuild = await createRsbuild({
    cwd,
    rsbuildConfig: {
      ...config,
      output: { ...config.output, distPath: { root: out }, cleanDistPath: false },
      tools: { rspack: (_config, { appendPlugins }) => appendPlugins(plugin as never) },
    },
  })
  const result = await rsbuild.build().catch((error: Error) => {
    throw new Error([error.message, ...printed].join('\n'))
  })
  await result.close()
}
