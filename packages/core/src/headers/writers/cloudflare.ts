import type { HeaderRule } from '../rules.js'
import { cloudflareLimit } from '../limits.js'
import { mergeHeadersFile, type WriterInput, type WriterResult } from './headers-file.js'

/**
 * Cloudflare Pages `_headers`: the site rule first, then page rules that detach (`! Name`) what the
 * site rule set before setting their own value; without the detach Cloudflare joins both values with
 * a comma, i.e. two policies (HOSTS.md 2.2).
 */
export function writeCloudflareHeaders(input: WriterInput): WriterResult {
  const result = mergeHeadersFile(input, 'cloudflare', renderCloudflare)
  if (result.text === undefined) return result
  const overLimit = cloudflareLimit(renderCloudflare(input.rules), result.userRuleCount, input.file)
  return overLimit ? { ...result, overLimit } : result
}

export function renderCloudflare(rules: readonly HeaderRule[]): string[] {
  const lines: string[] = []
  for (const rule of rules) {
    const paths = rule.scope === 'site' ? ['/*'] : rule.urls
    for (const path of paths) {
      lines.push(path)
      for (const name of rule.replaces) lines.push(`  ! ${name}`)
      for (const [name, value] of rule.headers) lines.push(`  ${name}: ${value}`)
    }
  }
  return lines
}
