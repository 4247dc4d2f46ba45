import { randomBytes } from 'node:crypto'
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { dirname, join, basename } from 'node:path'

/**
 * Writes a file atomically: a temporary file in the same folder, then a rename, so a crash or a
 * concurrent reader never sees half a file. Does nothing when the content is already there.
 */
export function writeFileAtomic(path: string, text: string): boolean {
  let current: string | undefined
  try {
    current = readFileSync(path, 'utf8')
  } catch {
    current = undefined
  }
  if (current === text) return false
  mkdirSync(dirname(path), { recursive: true })
  const temp = join(dirname(path), `.${basename(path)}.cspkit-${process.pid}-${randomBytes(4).toString('hex')}.tmp`)
  try {
    writeFileSync(temp, text)
    renameSync(temp, path)
  } catch (error) {
    rmSync(temp, { force: true })
    throw error
  }
  return true
}

/** The file's text, or undefined when it does not exist; other errors (permissions, a folder) are thrown. */
export function readIfExists(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined
    throw error
  }
}
