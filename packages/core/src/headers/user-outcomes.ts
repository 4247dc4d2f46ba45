import { diagnostic, type Diagnostic } from '../diagnostics.js'
import { BLOCK_END, BLOCK_START } from './block.js'
import { headersAt, pathMatcher, readHeadersFile, type HeaderRules } from './read.js'
import type { Dialect, UserRule } from './writers/headers-file.js'

/**
 * What the host sends where a user's `_headers` rule and cspkit's block set the same header: the
 * merged file is read back the way the host combines rules (read.ts: Netlify's last match wins,
 * Cloudflare joins values with a comma, `! Name` detaches), at each page URL the user's rule
 * matches and at one URL of its own pattern. One message per outcome:
 * - cspkit's value only: the user's is not sent there;
 * - both (Cloudflare): two policies, both enforced;
 * - the user's only, at a page: the policy cspkit made for that page is not sent.
 * A user rule that wins only at URLs that are no page (an API's own policy) is what the user asked
 * for: nothing to report.
 */
export function userRuleOutcomes(
  text: string,
  file: string,
  dialect: Dialect,
  rules: readonly UserRule[],
  owned: readonly string[],
  pageUrls: readonly string[],
): Diagnostic[] {
  const ownedLower = new Set(owned.map((o) => o.toLowerCase()))
  if (!rules.some((r) => r.headers.some((h) => ownedLower.has(h.name.toLowerCase())))) return []
  const lines = text.split('\n')
  const start = lines.findIndex((l) => l.trim().startsWith(BLOCK_START)) + 1
  const end = lines.findIndex((l) => l.trim().startsWith(BLOCK_END)) + 1
  return outcomes({
    read: readHeadersFile(text, file, dialect),
    isOurs: (origin) => {
      const line = Number(origin.slice(origin.lastIndexOf(':') + 1))
      return line > start && line < end
    },
    rules: rules.map((r) => ({ path: r.path, headers: r.headers.map((h) => ({ name: h.name, where: `${file}:${h.line}` })) })),
    owned,
    pageUrls,
    dialect,
  })
}

/** A user's rule as the outcome check needs it: its pattern, and each header with where it is written. */
export interface UserRuleHeaders {
  readonly path: string
  readonly headers: readonly { readonly name: string; readonly where: string }[]
}

/** The outcomes for rules read back from any file with Netlify's or Cloudflare's semantics (`_headers`, netlify.toml). */
export function outcomes(input: {
  read: HeaderRules
  isOurs: (origin: string) => boolean
  rules: readonly UserRuleHeaders[]
  owned: readonly string[]
  pageUrls: readonly string[]
  dialect: Dialect
}): Diagnostic[] {
  const { read, isOurs: ours, dialect, pageUrls } = input
  const ownedLower = new Set(input.owned.map((o) => o.toLowerCase()))
  const host = dialect === 'netlify' ? 'Netlify' : 'Cloudflare'
  const pages = new Set(pageUrls)
  const out: Diagnostic[] = []
  for (const rule of input.rules) {
    if (!rule.headers.some((h) => ownedLower.has(h.name.toLowerCase()))) continue
    const matcher = pathMatcher(rule.path, dialect)
    if (!matcher) continue
    const sample = rule.path.replace(/\*/g, 'x').replace(/:[A-Za-z]\w*/g, 'x')
    const urls = [...new Set([...pageUrls.filter((u) => matcher.test(u)), ...(matcher.test(sample) ? [sample] : [])])]
    for (const h of rule.headers) {
      const name = h.name.toLowerCase()
      if (!ownedLower.has(name)) continue
      const by = { cspkit: [] as string[], both: [] as string[], yours: [] as string[] }
      for (const url of urls) {
        const sent = headersAt(read, url).find((s) => s.name === name)
        if (!sent) continue
        const mine = sent.parts.some((p) => ours(p.origin))
        const theirs = sent.parts.some((p) => !ours(p.origin))
        if (mine && theirs) by.both.push(url)
        else if (mine) by.cspkit.push(url)
        else if (theirs && pages.has(url)) by.yours.push(url)
      }
      const where = (list: string[]) => describe(list, pages, rule.path)
      const say = (message: string, fix: string) =>
        out.push(diagnostic({ code: 'HEADERS_USER_RULE_CONFLICT', file: h.where, message: `Your rule '${rule.path}' sets ${h.name}; ${message}. cspkit kept your rule as it is.`, fix }))
      if (by.cspkit.length > 0)
        say(
          `at ${where(by.cspkit)} ${host} sends cspkit's ${h.name} instead (${dialect === 'netlify' ? "the last matching rule wins, as netlify dev and Netlify's parser apply them" : 'its rule there removes earlier values'}), so yours is not sent there`,
          `Narrow your rule to URLs cspkit writes no ${h.name} for, or set the value through cspkit's options; otherwise remove ${h.name} from your rule.`,
        )
      if (by.both.length > 0)
        say(
          `at ${where(by.both)} Cloudflare sends yours and cspkit's joined with a comma: two policies, both enforced, so everything there must pass both`,
          `If your policy should replace cspkit's there, remove ${h.name} from your rule and configure it in cspkit's options; to combine them on purpose, keep it.`,
        )
      if (by.yours.length > 0)
        say(
          `at ${where(by.yours)} ${host} sends yours, not the policy cspkit made for ${by.yours.length === 1 ? 'that page' : 'those pages'}, so ${by.yours.length === 1 ? 'its' : 'their'} inline scripts and styles may be blocked`,
          `Narrow your rule so it matches no page, or remove ${h.name} from it and configure the policy in cspkit's options.`,
        )
    }
  }
  return out
}

function describe(urls: readonly string[], pages: ReadonlySet<string>, pattern: string): string {
  const named = urls.filter((u) => pages.has(u))
  const other = urls.length > named.length ? [`URLs such as '${urls.find((u) => !pages.has(u))}' (your pattern '${pattern}')`] : []
  const shown = named.slice(0, 3).map((u) => `'${u}'`)
  const more = named.length > 3 ? [`${named.length - 3} more page URL${named.length === 4 ? '' : 's'}`] : []
  return [...shown, ...more, ...other].join(', ')
}
