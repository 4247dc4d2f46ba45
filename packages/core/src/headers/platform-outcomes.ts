import { diagnostic, type Diagnostic } from '../diagnostics.js'
import { ownedRecordName } from './owned-record.js'
import { headersAt, type HeaderRules } from './read.js'

/**
 * What a platform host (firebase.json, staticwebapp.config.json, Build Output config.json,
 * .netlify/v1/config.json, customHttp.yml) sends where a user's rule sets a header cspkit also sets:
 * the written file is read back by the same reader `cspkit check` uses (read.ts, each host's own
 * precedence: Firebase's later rule wins, Azure's first matching route over globalHeaders, Build
 * Output's later route unless routing stopped, Netlify's last rule, Amplify's undocumented order as
 * "either or both"), at each page URL the rule matches and at one URL of its own pattern. Reported:
 * - cspkit's value only: the user's is not sent there;
 * - both: two values reach the browser (for a CSP, two policies, both enforced);
 * - the user's only, at a page: the policy cspkit made for that page is not sent.
 * The user's value winning at URLs that are no page (an API's own policy) is what they asked for.
 */
export function platformRuleOutcomes(input: {
  /** The file as written, read back as its host reads it. */
  read: HeaderRules
  /** Whether a rule's value of a header (by its origin, e.g. `firebase.json hosting.headers[3]`, and lower-case name) is cspkit's. */
  isOurs: (origin: string, name: string) => boolean
  hostTitle: string
  file: string
  owned: readonly string[]
  pageUrls: readonly string[]
  /** False when there was no record yet: a rule an older cspkit wrote now counts as the user's. */
  hadRecord: boolean
}): Diagnostic[] {
  const { read, isOurs, hostTitle, pageUrls } = input
  const ownedLower = new Set(input.owned.map((o) => o.toLowerCase()))
  const pages = new Set(pageUrls)
  const note = input.hadRecord ? '' : ` (If an earlier cspkit wrote this rule, delete it: cspkit now records the rules it writes in ${ownedRecordName(input.file)}; commit that file with ${input.file}.)`
  const out: Diagnostic[] = []
  for (const rule of read.rules) {
    if (!rule.matches) continue
    const names = [...new Set(rule.set.map(([n]) => n.toLowerCase()).filter((n) => ownedLower.has(n) && !isOurs(rule.origin, n)))]
    if (names.length === 0) continue
    const sample = sampleUrl(rule.pattern)
    const urls = [...new Set([...pageUrls.filter((u) => rule.matches!.test(u)), ...(sample && rule.matches.test(sample) ? [sample] : [])])]
    for (const name of names) {
      const written = rule.set.find(([n]) => n.toLowerCase() === name)![0]
      const by = { cspkit: [] as string[], both: [] as string[], yours: [] as string[] }
      for (const url of urls) {
        const sent = headersAt(read, url).find((s) => s.name === name)
        if (!sent) continue
        const mine = sent.parts.some((p) => isOurs(p.origin, name))
        const theirs = sent.parts.some((p) => p.origin === rule.origin)
        if (mine && theirs) by.both.push(url)
        else if (mine) by.cspkit.push(url)
        else if (theirs && pages.has(url)) by.yours.push(url)
      }
      const say = (message: string, fix: string) =>
        out.push(diagnostic({ code: 'HEADERS_USER_RULE_CONFLICT', file: rule.origin, message: `Your rule '${rule.pattern}' (${rule.origin}) sets ${written}; ${message}. cspkit kept your rule as it is.${note}`, fix }))
      if (by.cspkit.length > 0)
        say(
          `at ${describe(by.cspkit, pages)} ${hostTitle} sends cspkit's ${written} instead, so yours is not sent there`,
          `Narrow your rule to URLs cspkit writes no ${written} for, or set the value through cspkit's options; otherwise remove ${written} from your rule.`,
        )
      if (by.both.length > 0)
        say(
          `at ${describe(by.both, pages)} ${hostTitle} may send yours and cspkit's together (it documents no order between matching rules): for a policy, two policies, both enforced`,
          `Narrow your rule so it matches no URL cspkit writes ${written} for, or remove ${written} from it and configure it in cspkit's options.`,
        )
      if (by.yours.length > 0)
        say(
          `at ${describe(by.yours, pages)} ${hostTitle} sends yours, not the value cspkit made for ${by.yours.length === 1 ? 'that page' : 'those pages'}, so ${by.yours.length === 1 ? 'its' : 'their'} inline scripts and styles may be blocked`,
          `Narrow your rule so it matches no page, or remove ${written} from it and configure it in cspkit's options.`,
        )
    }
  }
  return out
}

/**
 * A warning for each rule that looks like one an older cspkit wrote (only cspkit's header names, a
 * CSP among them) in a file without a record: it now counts as the user's and stays.
 */
export function legacyRuleWarnings(origins: readonly string[], file: string): Diagnostic[] {
  return origins.map((origin) =>
    diagnostic({
      code: 'HEADERS_USER_RULE_CONFLICT',
      file: origin,
      message: `The rule at ${origin} sets only headers cspkit sets, but ${ownedRecordName(file)} (cspkit's record of the rules it wrote) is missing, so it counts as yours and was kept as it is.`,
      fix: `If an earlier cspkit wrote it, delete that rule from ${file} (cspkit writes its own again and records it); commit ${ownedRecordName(file)} with ${file}.`,
    }),
  )
}

/** One URL a pattern (glob or regular expression) matches, for reporting outcomes outside the pages; tested against the rule's matcher before use. */
function sampleUrl(pattern: string): string | undefined {
  const plain = pattern
    .replace(/^\^/, '')
    .replace(/\$$/, '')
    .replace(/\(\.\*\)|\(\.\+\)|\.\*|\.\+|\*\*|\*|:[A-Za-z]\w*/g, 'x')
    .replace(/\\(.)/g, '$1')
  if (/[()[\]{}|?+^$]/.test(plain)) return undefined
  return plain.startsWith('/') ? plain : `/${plain}`
}

function describe(urls: readonly string[], pages: ReadonlySet<string>): string {
  const named = urls.filter((u) => pages.has(u))
  const other = urls.find((u) => !pages.has(u))
  const shown = named.slice(0, 3).map((u) => `'${u}'`)
  const more = named.length > 3 ? [`${named.length - 3} more page URL${named.length === 4 ? '' : 's'}`] : []
  return [...shown, ...more, ...(other ? [`URLs such as '${other}'`] : [])].join(', ')
}
