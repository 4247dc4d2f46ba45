import type { Diagnostic } from '../diagnostics.js'
import { abortWrite, commitWrite, prepareWrite, type PrepareOptions, type PreparedWrite } from './atomic-write.js'
import { fsErrorDiagnostic } from './fs-error.js'

/** One file a run will replace. */
export interface PendingWrite {
  readonly path: string
  readonly data: string | Uint8Array | readonly Uint8Array[]
  /** How to name the file in messages (relative paths read better). @default path */
  readonly shown?: string
}

export const UNTOUCHED = 'Nothing was changed: every page and header file is as it was.'

/**
 * Prepares every write (fs/atomic-write.ts) or none: at the first failure the ones already prepared
 * are removed, and the failure is a diagnostic naming the file.
 */
export function prepareAll(writes: readonly PendingWrite[], options: PrepareOptions = {}): { prepared: PreparedWrite[]; failure: Diagnostic | undefined } {
  const prepared: PreparedWrite[] = []
  for (const w of writes) {
    try {
      prepared.push(prepareWrite(w.path, w.data, options))
    } catch (error) {
      abortAll(prepared)
      return { prepared: [], failure: fsErrorDiagnostic(error, w.shown ?? w.path, 'write', UNTOUCHED) }
    }
  }
  return { prepared, failure: undefined }
}

/**
 * Swaps every prepared file in. A rename that fails (rare once the temporary file exists) is reported
 * and the others still go in, so the site is as complete as it can be; a rerun finishes it.
 */
export function commitAll(prepared: readonly PreparedWrite[], shown: (p: PreparedWrite) => string = (p) => p.path): Diagnostic[] {
  const failures: Diagnostic[] = []
  for (const p of prepared) {
    try {
      commitWrite(p)
    } catch (error) {
      abortWrite(p)
      failures.push(fsErrorDiagnostic(error, shown(p), 'replace', 'The other files were updated; fix this one and run the build again to finish.'))
    }
  }
  return failures
}

export function abortAll(prepared: readonly PreparedWrite[]): void {
  for (const p of prepared) abortWrite(p)
}
