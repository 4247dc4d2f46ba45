import type { HeaderRule } from '../rules.js'
import { mergeHeadersFile, type WriterInput, type WriterResult } from './headers-file.js'

/**
 * Netlify `_headers`: one block per URL. Netlify has no detach and its rules combine, so the plan gives
 * it rules that never set the same header for one URL twice.
 */
export function writeNetlifyHeaders(input: WriterInput): WriterResult {
  return mergeHeadersFile(input, 'netlify', renderNetlify)
}

export function renderNetlify(rules: readonly HeaderRule[]): string[] {
  const lines: string[] = []
  for (const rule of rules) {
    const paths = rule.scope === 'site' ? ['/*'] : rule.urls
    for (const path of paths) {
      lines.push(path)
      for (const [name, value] of rule.headers) lines.push(`  ${name}: ${value}`)
    }
  }
  return lines
}
