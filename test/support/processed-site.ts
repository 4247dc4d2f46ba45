import { cpSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { serveDir, type StaticServer } from './browser.js'
import { cspkit, type CliRun } from './cli.js'

export interface ProcessedSite {
  readonly dir: string
  /** The `cspkit build` run: exit code and everything it printed. */
  readonly build: CliRun
  /** stdout and stderr together: where diagnostics are looked up. */
  readonly printed: string
  readonly server: StaticServer
  close(): Promise<void>
}

/**
 * A private copy of a generator's cached output, processed by the real `cspkit build` bin run from the
 * site's folder (so its cspkit.config.mjs is found, as for a user), then served on 127.0.0.1.
 */
export async function processedSite(rawOutput: string, siteDir: string, extraArgs: readonly string[] = []): Promise<ProcessedSite> {
  const work = mkdtempSync(join(tmpdir(), 'cspkit-real-site-'))
  const dir = join(work, 'site')
  cpSync(rawOutput, dir, { recursive: true })
  const build = await cspkit(['build', dir, '--no-progress', ...extraArgs], siteDir)
  const server = await serveDir(dir)
  return {
    dir,
    build,
    printed: `${build.stdout}\n${build.stderr}`,
    server,
    close: async () => {
      await server.close()
      rmSync(work, { recursive: true, force: true })
    },
  }
}
