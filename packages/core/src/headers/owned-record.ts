import { createHash } from 'node:crypto'

/**
 * The record of the rules cspkit wrote into a host file whose format has no room for a marker
 * (vercel.json's schema forbids extra properties): a hidden JSON file next to it, `.NAME.cspkit`,
 * holding a fingerprint of each rule exactly as written. The next build treats only those rules
 * (and rules identical to ones it writes now) as its own; every other rule is the user's.
 *
 * For writers: return `ownedRecord` (fingerprints of the rules written, `ruleFingerprint`) in the
 * WriterResult, and read `ownedRecord` from the WriterInput (undefined: no record yet). plan.ts reads
 * and writes the record file for every host; a writer that returns no `ownedRecord` gets none.
 */

export const RECORD_NOTE = 'cspkit: the header rules it wrote into the file next to this one, so the next build replaces only those. Commit it with that file.'

/** The record's name for a host file (same folder): `vercel.json` → `.vercel.json.cspkit`. */
export function ownedRecordName(file: string): string {
  const slash = Math.max(file.lastIndexOf('/'), file.lastIndexOf('\\'))
  return `${file.slice(0, slash + 1)}.${file.slice(slash + 1)}.cspkit`
}

/** A rule's identity: a digest of its JSON exactly as parsed (key order included), short enough to keep one per rule. */
export function ruleFingerprint(rule: unknown): string {
  return createHash('sha256').update(JSON.stringify(rule) ?? '').digest('base64url').slice(0, 22)
}

/** The record's fingerprints, or undefined when it is not one (then nothing counts as cspkit's, and nothing of the user's is removed). */
export function parseRecord(text: string): readonly string[] | undefined {
  try {
    const value = JSON.parse(text) as { rules?: unknown }
    return Array.isArray(value?.rules) && value.rules.every((r) => typeof r === 'string') ? (value.rules as string[]) : undefined
  } catch {
    return undefined
  }
}

export function renderRecord(rules: readonly string[]): string {
  return `${JSON.stringify({ note: RECORD_NOTE, rules }, null, 2)}\n`
}
