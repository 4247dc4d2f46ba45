import { mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join, relative, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

export const ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)))
export const EXAMPLES = join(ROOT, 'examples')

export function tempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), `cspkit-${prefix}-`))
}

type ViteModule = typeof import('vite8')

/** Real `vite build` of a project with its own vite.config, into `outDir`, with vite 7 or 8. */
export async function viteBuild(
  vite: 'vite7' | 'vite8',
  root: string,
  outDir: string,
  extra: { plugins?: unknown[]; configFile?: string | false } = {},
): Promise<void> {
  const { build } = (await import(vite)) as ViteModule
  await build({
    root,
    configFile: extra.configFile ?? join(root, 'vite.config.ts'),
    logLevel: 'silent',
    build: { outDir, emptyOutDir: true },
    ...(extra.plugins ? { plugins: extra.plugins as never } : {}),
  })
}

/** Real webpack 5 compilation of a CommonJS webpack config, into `outDir`. Resolves with the stats. */
export async function webpackBuild(configPath: string, outDir: string, transform?: (config: any) => any) {
  const require = createRequire(configPath)
  const webpack = require('webpack') as typeof import('webpack')
  const config = require(configPath)
  const final = transform ? transform({ ...config }) : { ...config }
  final.output = { ...final.output, path: outDir }
  final.context = resolve(configPath, '..')
  return new Promise<import('webpack').Stats>((ok, fail) => {
    webpack(final, (err, stats) => (err ? fail(err) : ok(stats!)))
  })
}

/** Every file below `dir`, output-relative, with its text. */
export function readTree(dir: string): Map<string, string> {
  const out = new Map<string, string>()
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const p = join(d, name)
      if (statSync(p).isDirectory()) walk(p)
      else out.set(relative(dir, p).split('\\').join('/'), readFileSync(p, 'utf8'))
    }
  }
  walk(dir)
  return out
}

const CSP_META = /(\r?\n[ \t]*)?<meta http-equiv="Content-Security-Policy" content="[^"]*"( \/)?>/
const CSP_CONTENT = /(<meta http-equiv="Content-Security-Policy" content=")[^"]*"/g

/**
 * `processed` with cspkit's own work taken out, to compare with the same build without cspkit: a
 * page that had no CSP meta loses the inserted one; a page that had one gets both contents blanked.
 */
export function undoCspkit(processed: string, original: string): { processed: string; original: string } {
  if (original.includes('http-equiv="Content-Security-Policy"')) {
    return { processed: processed.replace(CSP_CONTENT, '$1…"'), original: original.replace(CSP_CONTENT, '$1…"') }
  }
  return { processed: processed.replace(CSP_META, ''), original }
}
