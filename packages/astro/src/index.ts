import { fileURLToPath } from 'node:url'
import type { AstroIntegration } from 'astro'
import { headroom, hostTitle, processDirectory, reportDiagnostics, resolveOptions, scopeSummary, type DiagnosticSink, type DirectoryResult, type Options, type ResolvedOptions } from '@cspkit/core'
import { astroCspDiagnostic, astroCspOption } from './astro-csp.js'

// The whole install: what a config needs (typed preset calls, definePreset, defineConfig, defaultPolicy, the types) comes from here too.
export * from '@cspkit/core'
export { astroCspOption, type AstroCspConfig } from './astro-csp.js'

/**
 * `integrations: [cspkit({ policy })]` in astro.config: once `astro build` has written every page
 * (`astro:build:done`), the core's directory mode gives each one a CSP meta whose hashes allow its
 * inline scripts and styles, and writes the `hosts` header files. Options are checked when the
 * config loads; diagnostics go through Astro's logger, and the ones `failOn` names fail the build.
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
        const option = astroCspOption(config)
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
function summary(result: DirectoryResult, resolved: ResolvedOptions): string[] {
  const hashes = new Set(result.pages.flatMap((p) => p.hashes)).size
  const plural = (n: number, word: string, words = `${word}s`) => `${n} ${n === 1 ? word : words}`
  return [
    `[cspkit] ${plural(result.pages.length, 'page')}, ${result.written} updated, ${plural(hashes, 'distinct hash', 'distinct hashes')}.`,
    scopeSummary(result.scope, result.pages, resolved.hosts, resolved.headers),
    ...result.hostFiles.map((file) => `[cspkit] ${file.fileName} (${hostTitle(file.host)}): ${headroom(file)}${file.changed ? ', written' : ', unchanged'}.`),
  ]
}

/** Astro's logger prints, and a thrown error fails `astro build` with the messages alone. */
function astroSink(logger: { info(m: string): void; warn(m: string): void }): DiagnosticSink {
  return {
    info: (m) => logger.info(m),
    warn: (m) => logger.warn(m),
    fail: (messages) => {
      const error = new Error(messages.join('\n'))
      error.stack = error.message
      throw error
    },
  }
}

export default astroIntegration
export { astroIntegration as cspkit }
