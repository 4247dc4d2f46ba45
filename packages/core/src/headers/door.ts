import { isAbsolute, join, resolve } from 'node:path'
import type { Diagnostic } from '../diagnostics.js'
import type { PreparedWrite } from '../fs/atomic-write.js'
import { commitAll, prepareAll } from '../fs/write-set.js'
import type { ResolvedOptions } from '../options.js'
import type { PageResult } from '../page.js'
import type { ScopeDecision } from '../scope/choose-scope.js'
import { planHostFiles, type HostFile, type HostPlan } from './plan.js'
import { readIfExists } from './write.js'

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
    project: projectWrites(plan.files.filter((f) => f.location === 'project'), (name) => projectPath(ctx.projectRoot, name)),
  }
}

/** The changed files of `files` (and their companions, e.g. vercel.json's record), with their paths. */
export function projectWrites(files: readonly HostFile[], pathOf: (fileName: string) => string): ProjectWrite[] {
  return files.flatMap((f) => [
    ...(f.changed ? [{ path: pathOf(f.fileName), text: f.text }] : []),
    ...(f.companion?.changed ? [{ path: pathOf(f.companion.fileName), text: f.companion.text }] : []),
  ])
}

export function projectPath(root: string, fileName: string): string {
  return isAbsolute(fileName) ? fileName : resolve(root, fileName)
}

/**
 * Prepares the project files (temporary files next to them, fs/atomic-write.ts) before the bundle is
 * written: a full disk or a permission fails the build while nothing is changed yet. The door
 * commits them once the bundle is written, or aborts them.
 */
export function prepareProjectFiles(writes: readonly ProjectWrite[]): { prepared: PreparedWrite[]; failure: Diagnostic | undefined } {
  return prepareAll(writes.map((w) => ({ path: w.path, data: w.text })), { durable: true })
}

/** Writes project files atomically; each failure is a diagnostic naming the file. */
export function writeProjectFiles(writes: readonly ProjectWrite[]): Diagnostic[] {
  const { prepared, failure } = prepareProjectFiles(writes)
  return failure ? [failure] : commitAll(prepared)
}
