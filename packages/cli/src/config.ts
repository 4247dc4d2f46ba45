import { existsSync } from 'node:fs'
import { readFile, unlink, writeFile } from 'node:fs/promises'
import { randomBytes } from 'node:crypto'
import { basename, dirname, extname, join, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { CspkitError, diagnostic, type Options } from '@cspkit/core'

/** Looked up in this order in the working directory when no `--config` is given. */
export const CONFIG_NAMES = [
  'cspkit.config.ts',
  'cspkit.config.mts',
  'cspkit.config.mjs',
  'cspkit.config.js',
  'cspkit.config.json',
] as const

export interface LoadedConfig {
  /** The config file's options, or `{}` when there is none. */
  readonly options: Options
  /** Absolute path of the file they came from. */
  readonly file?: string
}

/**
 * Finds and loads the config. `.json` is parsed; `.mjs`/`.js` are imported; `.ts`/`.mts` are bundled
 * with esbuild first (Node 20 cannot import TypeScript), to a temporary `.mjs` beside the config so
 * its imports resolve as they would from the config itself. The default export (or `config` export)
 * is the options object, or a function returning it.
 */
export async function loadConfig(cwd: string, explicit?: string): Promise<LoadedConfig> {
  const file = explicit ? resolve(cwd, explicit) : CONFIG_NAMES.map((n) => join(cwd, n)).find((p) => existsSync(p))
  if (!file) return { options: {} }
  if (!existsSync(file))
    throw new CspkitError([
      diagnostic({
        code: 'CONFIG_NOT_FOUND',
        file,
        message: 'The config file given with --config does not exist.',
        fix: `Check the path, or create it (${CONFIG_NAMES.join(', ')} are found without --config).`,
      }),
    ])

  let value: unknown
  try {
    value = await readConfigValue(file)
  } catch (error) {
    throw new CspkitError([
      diagnostic({
        code: 'CONFIG_UNREADABLE',
        file: error instanceof JsonSyntaxError ? `${file}:${error.line}:${error.column}` : file,
        message: `The config file could not be loaded: ${firstLine(error)}`,
        fix: 'Fix the error in the config file; it must export default defineConfig({ … }) (or be a JSON object).',
      }),
    ])
  }
  if (typeof value === 'function') value = await (value as () => unknown)()
  if (value === null || typeof value !== 'object' || Array.isArray(value))
    throw new CspkitError([
      diagnostic({
        code: 'CONFIG_INVALID',
        file,
        message: `The config must provide an options object, got ${Array.isArray(value) ? 'an array' : value === null ? 'null' : typeof value}.`,
        fix: "Write `export default defineConfig({ policy: { … } })` (import { defineConfig } from 'cspkit'), or a JSON object in cspkit.config.json.",
      }),
    ])
  return { options: value as Options, file }
}

async function readConfigValue(file: string): Promise<unknown> {
  const ext = extname(file)
  if (ext === '.json') return parseJson(await readFile(file, 'utf8'))
  if (ext === '.ts' || ext === '.mts' || ext === '.cts') return exportedConfig(await importTypeScript(file))
  return exportedConfig(await import(pathToFileURL(file).href))
}

/** A JSON syntax error at a line and column (1-based), where JSON.parse gives a character offset. */
class JsonSyntaxError extends Error {
  constructor(
    message: string,
    readonly line: number,
    readonly column: number,
  ) {
    super(message)
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text)
  } catch (error) {
    const message = (error as Error).message
    // V8 says "… at position N", or nothing when the text ends early.
    const offset = Number(/at position (\d+)/.exec(message)?.[1] ?? text.length)
    const before = text.slice(0, offset).split(/\r\n|\r|\n/)
    const line = before.length
    const column = before[line - 1]!.length + 1
    throw new JsonSyntaxError(`${message.replace(/ in JSON at position \d+.*$/, '')} at line ${line}, column ${column}`, line, column)
  }
}

function exportedConfig(module: Record<string, unknown>): unknown {
  return module.default ?? module.config
}

async function importTypeScript(file: string): Promise<Record<string, unknown>> {
  const { build } = await import('esbuild')
  const result = await build({
    entryPoints: [file],
    bundle: true,
    // Packages stay imports: they resolve from the config's folder because the output is written there.
    packages: 'external',
    platform: 'node',
    format: 'esm',
    target: 'node20',
    write: false,
    logLevel: 'silent',
  })
  const code = result.outputFiles[0]!.text
  const out = join(dirname(file), `.${basename(file)}.${randomBytes(4).toString('hex')}.mjs`)
  await writeFile(out, code)
  try {
    return (await import(pathToFileURL(out).href)) as Record<string, unknown>
  } finally {
    await unlink(out).catch(() => {})
  }
}

function firstLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error)
  return text.split('\n')[0]!.trim()
}
