import { diagnostic, type Diagnostic } from '../diagnostics.js'

/** What cspkit was doing when the file system said no, for the message. */
export type FsAction = 'read' | 'write' | 'list' | 'replace'

/**
 * A file-system error as a `[cspkit]` diagnostic: the file, what failed, and the fix for that errno
 * (a full disk, a permission, a read-only mount). `after` says what state the run left things in
 * (e.g. "No page or header file was changed."), so the user knows whether a rerun is needed.
 */
export function fsErrorDiagnostic(error: unknown, file: string, action: FsAction, after = ''): Diagnostic {
  const code = (error as NodeJS.ErrnoException | undefined)?.code
  const doing = { read: 'read', write: 'write', list: 'list the folder', replace: 'replace' }[action]
  const tail = after ? ` ${after}` : ''
  switch (code) {
    case 'ENOSPC':
    case 'EDQUOT':
      return diagnostic({
        code: 'FS_NO_SPACE',
        file,
        message: `cspkit could not ${doing} ${file}: the disk (or your quota) is full (${code}).${tail}`,
        fix: 'Free some space on that disk (cspkit needs room for a new copy of each changed file until it is swapped in), then run the build again.',
      })
    case 'EACCES':
    case 'EPERM':
      return diagnostic({
        code: 'FS_PERMISSION_DENIED',
        file,
        message: `cspkit could not ${doing} ${file}: permission denied (${code}).${tail}`,
        fix: `Run the build as a user who may ${action === 'read' || action === 'list' ? 'read' : 'write'} ${file} and its folder (cspkit writes a temporary file next to each file it changes), or fix their permissions.`,
      })
    case 'EROFS':
      return diagnostic({
        code: 'FS_READ_ONLY',
        file,
        message: `cspkit could not ${doing} ${file}: the file system is read-only (EROFS).${tail}`,
        fix: 'Copy the site to a writable folder and run cspkit there, or remount the file system read-write.',
      })
    default:
      return diagnostic({
        code: 'FS_FAILED',
        file,
        message: `cspkit could not ${doing} ${file} (${code ?? (error instanceof Error ? error.message : String(error))}).${tail}`,
        fix: `Check that ${file} is a regular file in an existing, writable folder, then run the build again.`,
      })
  }
}
