import { fileURLToPath } from 'node:url'
import type { AstroIntegration } from 'astro'
import { headroom, hostTitle, processDirectory, reportDiagnostics, resolveOptions, scopeSummary, type DirectoryResult, type Options } from '@cspkit/core'
import { astroCspDiagnostic, astroCspOption } from './astro-csp.js'

// The whole install: what a config needs (typed preset calls, definePreset, defineConfig, defaultPolicy, the types) comes from here too.
export * from '@cspkit/core'
export { astroCspOption, type AstroCspConfig } from './astro-csp.js'

/**
 * `integrations: [cspkit({ policy })]` in astro.config: once `astro build` has written every page
 * (`astro:build:done`), the core's directory mode gives each one a CSP meta whose hashes allow its
 * inline scripts and styles, and writes the `hosts` header files. Options are checked when the
 * config loads; diagnostics go through Astro's logger, and those `failOn` names fail the build.
 */
export function astroIntegration(options: Options = {}): AstroIntegration {
  // Bad options fail here, when astro.config loads, listing every problem at once.
  const resolved = resolveOptions(options)
  let projectRoot = process.cwd()
  return {
    name: '@cspkit/astro',
    hooks: {
      'astro:config:done': ({ config, logger }) => {
        projectRoot = fileURLToPath(config.root)
        const option = astroCspOption(config as never)
        if (option) reportDiagnostics([astroCspDiagnostic(option)], resolved.failOn, astroSink(logger))
      },
      'astro:build:done': async ({ dir, logger }) => {
        const result = await processDirectory(fileURLToPath(dir), options, { projectRoot })
        reportDiagnostics(result.diagnostics, resolved.failOn, astroSink(logger))
        for (const line of summary(result, resolved)) logger.info(line)
      },
    },
  }
}

/** What the run did, as the CLI's build says it: pages, the scope chosen and why, each host file. */
function summary(result: DirectoryResult, resolved: ReturnType<typeof resolveOptions>): string[] {
  const hashes = new Set(result.pages.flatMap((p) => p.hashes)).size
  return [
    `[cspkit] ${result.pages.length} pages, ${result.written} updated, ${hashes} distinct hashes.`,
    scopeSummary(result.scope, result.pages, resolved.hosts, resolved.headers),
    ...result.hostFiles.map((file) => `[cspkit] ${file.fileName} (${hostTitle(file.host)}): ${headroom(file)}${file.changed ? ', written' : ', unchanged'}.`),
  ]
}

/** Astro's logger prints, and a thrown error fails `astro build` with the messages alone. */
function astroSink(logger: { info(m: string): void; warn(m: string): void }) {
  return {
    info: (m: string) => logger.info(m),
    warn: (m: string) => logger.warn(m),
    fail: (messages: readonly string[]) => {
      const error = new Error(messages.join('\n'))
      error.stack = error.message
      throw error
    },
  }
}

export default astroIntegration
export { astroIntegration as cspkit }
