import { isAbsolute, join, resolve } from 'node:path'
import { diagnostic, type Diagnostic } from '../diagnostics.js'
import type { ResolvedOptions } from '../options.js'
import type { PageResult } from '../page.js'
import type { ScopeDecision } from '../scope/choose-scope.js'
import { planHostFiles, type HostFile, type HostPlan } from './plan.js'
import { readIfExists, writeFileAtomic } from './write.js'

export interface BundleHostContext {
  /** The text of an output-folder file another plugin (or copy step) already put into the bundle. */
  readonly bundleFile: (fileName: string) => string | undefined
  /** The bundler's public/static folder, copied into the output as is (Vite's `publicDir`). */
  readonly publicDir?: string | false
  /** Where `vercel.json` and `netlify.toml` live (Vite's `root`, webpack's `context`). */
  readonly projectRoot: string
}

export interface ProjectWrite {
  readonly path: string
  readonly text: string
}

/**
 * The host files for one build, as a door needs them: output-folder files to emit through the
 * bundler (merged with the user's copy from the bundle or the public folder), project files to write
 * once the bundle is written.
 */
export function planBundleHostFiles(
  pages: readonly PageResult[],
  options: ResolvedOptions,
  ctx: BundleHostContext,
  scope?: ScopeDecision,
): HostPlan & { output: readonly HostFile[]; project: readonly ProjectWrite[] } {
  if (options.hosts.length === 0) return { files: [], diagnostics: [], output: [], project: [] }
  const plan = planHostFiles(pages, options, (location, fileName) => {
    if (location === 'project') return readIfExists(projectPath(ctx.projectRoot, fileName))
    const inBundle = ctx.bundleFile(fileName)
    if (inBundle !== undefined) return inBundle
    return ctx.publicDir ? readIfExists(join(ctx.publicDir, fileName)) : undefined
  }, scope)
  return {
    ...plan,
    output: plan.files.filter((f) => f.location === 'output'),
    project: plan.files
      .filter((f) => f.location === 'project' && f.changed)
      .map((f) => ({ path: projectPath(ctx.projectRoot, f.fileName), text: f.text })),
  }
}

export function projectPath(root: string, fileName: string): string {
  return isAbsolute(fileName) ? fileName : resolve(root, fileName)
}

/** Writes project files atomically; each failure is a diagnostic naming the file. */
export function writeProjectFiles(writes: readonly ProjectWrite[]): Diagnostic[] {
  const out: Diagnostic[] = []
  for (const w of writes) {
    try {
      writeFileAtomic(w.path, w.text)
    } catch (error) {
      out.push(
        diagnostic({
          code: 'HEADERS_WRITE_FAILED',
          file: w.path,
          message: `cspkit could not write ${w.path} (${(error as Error).message}); the file was left as it was.`,
          fix: 'Make the file and its folder writable, or point the headers.*.configPath option elsewhere.',
        }),
      )
    }
  }
  return out
}
