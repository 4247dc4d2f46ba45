import { randomBytes } from 'node:crypto'
import { readdirSync, statSync, unlinkSync } from 'node:fs'
import { basename, dirname, join } from 'node:path'

/**
 * cspkit's temporary files: `.NAME.cspkit-PID-RANDOM.tmp` next to the file NAME they will replace.
 * The process id lets a later run tell a temporary file of a run that died (kill -9, power loss)
 * from one a running build is still writing.
 */
const TEMP = /^\.(.+)\.cspkit-(?:(\d+)-)?([0-9a-f]{8,})\.tmp$/

export function tempPathFor(path: string): string {
  return join(dirname(path), `.${basename(path)}.cspkit-${process.pid}-${randomBytes(6).toString('hex')}.tmp`)
}

/** Whether `name` (a file name, no folder) is one of cspkit's temporary files. */
export function isTempName(name: string): boolean {
  return TEMP.test(name)
}

/** Older cspkit wrote temporary files without a process id: those older than this are stale. */
const UNOWNED_STALE_MS = 10 * 60 * 1000

/** Whether the temporary file at `path` was left by a run that is gone. */
export function isStaleTemp(path: string, now = Date.now()): boolean {
  const m = TEMP.exec(basename(path))
  if (!m) return false
  if (m[2] === undefined) {
    try {
      return now - statSync(path).mtimeMs > UNOWNED_STALE_MS
    } catch {
      return false
    }
  }
  const pid = Number(m[2])
  if (pid === process.pid) return false
  try {
    process.kill(pid, 0)
    return false // a live process (or one we may not signal) may still be writing it
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH'
  }
}

/** Removes stale temporary files among `paths`; returns those removed. Errors are ignored (the next run tries again). */
export function removeStaleTemps(paths: Iterable<string>): string[] {
  const removed: string[] = []
  for (const path of paths) {
    if (!isStaleTemp(path)) continue
    try {
      unlinkSync(path)
      removed.push(path)
    } catch {}
  }
  return removed
}

/** Removes stale temporary files of `file` (only that file's) from its folder. */
export function removeStaleTempsOf(file: string): string[] {
  const dir = dirname(file)
  const name = basename(file)
  let entries: string[]
  try {
    entries = readdirSync(dir)
  } catch {
    return []
  }
  return removeStaleTemps(entries.filter((e) => e.startsWith(`.${name}.cspkit-`) && isTempName(e)).map((e) => join(dir, e)))
}

/** Removes this process's temporary files of `file` (a worker that died part-way through a chunk left them). */
export function removeOwnTempsOf(file: string): void {
  const dir = dirname(file)
  const prefix = `.${basename(file)}.cspkit-${process.pid}-`
  let entries: string[]
  try {
    entries = readdirSync(dir)
  } catch {
    return
  }
  for (const e of entries) {
    if (!e.startsWith(prefix) || !isTempName(e)) continue
    try {
      unlinkSync(join(dir, e))
    } catch {}
  }
}
