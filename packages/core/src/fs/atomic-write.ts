import { closeSync, mkdirSync, readSync, fchmodSync, fchownSync, fstatSync, fsyncSync, ftruncateSync, lstatSync, openSync, readlinkSync, renameSync, statSync, unlinkSync, writevSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import { removeStaleTempsOf, tempPathFor } from './temp-files.js'

/**
 * Two-phase file replacement, so a run can prepare every file it will change before it changes any:
 * `prepareWrite` puts the new bytes in a temporary file next to the target (this is where a full disk
 * or a permission fails, with nothing changed yet); `commitWrite` renames it over the target (atomic:
 * a reader, a crash or kill -9 sees the old file or the new one, never part of one); `abortWrite`
 * removes it. The target keeps its mode and owner; a symlink is followed (the link stays a link and
 * its target is replaced). Every error thrown is the file system's (errno `code`), for fsErrorDiagnostic.
 */
export interface PreparedWrite {
  /** The path as the caller named it (a symlink stays one). */
  readonly path: string
  /** The file that is replaced: `path`, or the file its symlinks lead to. */
  readonly target: string
  /** The temporary file holding the new bytes (rename mode). */
  readonly temp: string | undefined
  /**
   * The new bytes, when the file is rewritten in place instead: only when its owner cannot be kept
   * on a new file (a file of another user that this one may write, e.g. group-writable).
   */
  readonly inPlace: Uint8Array | undefined
}

export interface PrepareOptions {
  /** fsync the temporary file before it is renamed in (survives power loss, not only a crash). @default false */
  readonly durable?: boolean
  /** Mode for a file that does not exist yet. @default 0o666 (less the umask) */
  readonly newMode?: number
  /**
   * Remove this file's stale temporary files (of runs that were killed) from its folder first. A
   * caller that already cleaned the whole folder passes false (one folder listing per file would
   * cost a quadratic time on a folder of many pages).
   * @default true
   */
  readonly cleanStale?: boolean
}

type Bytes = string | Uint8Array | readonly Uint8Array[]

export function prepareWrite(path: string, data: Bytes, options: PrepareOptions = {}): PreparedWrite {
  const target = followLinks(path)
  const existing = statIfExists(target)
  if (existing && !existing.isFile()) throw Object.assign(new Error(`${target} is not a regular file`), { code: existing.isDirectory() ? 'EISDIR' : 'EINVAL' })
  if (!existing) mkdirSync(dirname(target), { recursive: true }) // a new file's folder, e.g. a configPath in a new folder
  if (options.cleanStale !== false) removeStaleTempsOf(target)
  const buffers = toBuffers(data)
  const uid = process.getuid?.()
  const gid = process.getgid?.()
  const temp = tempPathFor(target)
  const fd = openSync(temp, 'wx', existing ? existing.mode & 0o7777 : (options.newMode ?? 0o666))
  try {
    if (existing) {
      fchmodSync(fd, existing.mode & 0o7777) // the umask may have cleared bits of the file's mode
      if (uid !== undefined && (existing.uid !== uid || existing.gid !== gid)) {
        try {
          fchownSync(fd, existing.uid, existing.gid)
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code !== 'EPERM') throw error
          // Not ours and we may not give it away: a new file would change its owner, so it is rewritten in place.
          closeSync(fd)
          unlinkSync(temp)
          closeSync(openSync(target, 'r+')) // may we write it at all? (fails now, before anything changed)
          return { path, target, temp: undefined, inPlace: Buffer.concat(buffers) }
        }
        // Setting the owner clears set-user-ID bits: put the mode back.
        if (existing.mode & 0o6000) fchmodSync(fd, existing.mode & 0o7777)
      }
    }
    writeAll(fd, buffers)
    if (options.durable) fsyncSync(fd)
    closeSync(fd)
  } catch (error) {
    try {
      closeSync(fd)
    } catch {}
    try {
      unlinkSync(temp)
    } catch {}
    throw error
  }
  return { path, target, temp, inPlace: undefined }
}

export function commitWrite(prepared: PreparedWrite): void {
  if (prepared.temp !== undefined) {
    renameSync(prepared.temp, prepared.target)
    return
  }
  const fd = openSync(prepared.target, 'r+')
  try {
    const before = fstatSync(fd).size
    const old = Buffer.alloc(before)
    // Keep the old bytes: if the write fails part-way (a full disk), they fit where they were.
    let read = 0
    while (read < before) {
      const n = readSync(fd, old, read, before - read, read)
      if (n === 0) break
      read += n
    }
    try {
      writeAll(fd, [prepared.inPlace!])
      ftruncateSync(fd, prepared.inPlace!.length)
    } catch (error) {
      writeAll(fd, [old.subarray(0, read)])
      ftruncateSync(fd, read)
      throw error
    }
  } finally {
    closeSync(fd)
  }
}

export function abortWrite(prepared: PreparedWrite): void {
  if (prepared.temp === undefined) return
  try {
    unlinkSync(prepared.temp)
  } catch {}
}

/** Prepares, then commits: one file replaced atomically. */
export function writeFileAtomic(path: string, data: Bytes, options: PrepareOptions = {}): void {
  const prepared = prepareWrite(path, data, options)
  try {
    commitWrite(prepared)
  } catch (error) {
    abortWrite(prepared)
    throw error
  }
}

/** The file a chain of symlinks leads to (the last link's target, which may not exist yet). */
export function followLinks(path: string): string {
  let current = resolve(path)
  for (let hops = 0; hops < 40; hops++) {
    let info
    try {
      info = lstatSync(current)
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return current
      throw error
    }
    if (!info.isSymbolicLink()) return current
    current = resolve(dirname(current), readlinkSync(current))
  }
  throw Object.assign(new Error(`too many symbolic links at ${path}`), { code: 'ELOOP' })
}

function statIfExists(path: string) {
  try {
    return statSync(path)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined
    throw error
  }
}

function toBuffers(data: Bytes): Uint8Array[] {
  if (typeof data === 'string') return [Buffer.from(data, 'utf8')]
  if (data instanceof Uint8Array) return [data]
  return [...data]
}

/** Writes `buffers` from the start of the file; writev may write less than asked. */
export function writeAll(fd: number, buffers: readonly Uint8Array[]): void {
  let position = 0
  for (let pending = remaining(buffers, 0); pending.length > 0; ) {
    const written = writevSync(fd, pending, position)
    position += written
    pending = remaining(pending, written)
  }
}

function remaining(buffers: readonly Uint8Array[], written: number): Uint8Array[] {
  const out: Uint8Array[] = []
  let skip = written
  for (const b of buffers) {
    if (skip < b.length) out.push(b.subarray(skip))
    skip = Math.max(0, skip - b.length)
  }
  return out
}
