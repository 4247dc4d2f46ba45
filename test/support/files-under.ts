import { readdirSync, statSync } from 'node:fs'
import { join, relative } from 'node:path'

/** Every file under `dir` (folders walked), relative to it and `/`-separated, sorted: a built site's file list. */
export function filesUnder(dir: string): string[] {
  const walk = (d: string): string[] =>
    readdirSync(d).flatMap((name) => {
      const path = join(d, name)
      return statSync(path).isDirectory() ? walk(path) : [relative(dir, path).replaceAll('\\', '/')]
    })
  return walk(dir).sort()
}

/** The `.html` files under `dir`, as {@link filesUnder} lists them: a built site's pages. */
export function htmlFilesUnder(dir: string): string[] {
  return filesUnder(dir).filter((f) => f.endsWith('.html'))
}
