import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { isScriptFile, normalisePath, scriptDigests, type BuildScriptDigests, type ScriptDigests } from './build-scripts.js'

/** Directory mode: the digests of the folder's `.js`/`.mjs` files from their bytes on disk (unreadable ones are left out). */
export function folderScriptDigests(root: string, files: readonly string[]): BuildScriptDigests {
  const out = new Map<string, ScriptDigests>()
  for (const fileName of files) {
    if (!isScriptFile(fileName)) continue
    let bytes: Buffer
    try {
      bytes = readFileSync(join(root, fileName))
    } catch {
      continue
    }
    out.set(normalisePath(fileName), scriptDigests(bytes))
  }
  return out
}
