import { diagnostic, directiveName, type Diagnostic, type Policy } from '@cspkit/core'
import { joinAnd } from './wording.js'

/** What a directive left without sources blocks, in words (`script-src;` blocks every script). */
const BLOCKS: Readonly<Record<string, string>> = {
  'default-src': 'every fetch no other directive covers',
  'script-src': 'every script',
  'script-src-elem': 'every <script>',
  'script-src-attr': 'every inline event handler',
  'style-src': 'every stylesheet and inline style',
  'style-src-elem': 'every stylesheet and <style>',
  'style-src-attr': 'every style="" attribute',
  'img-src': 'every image',
  'font-src': 'every font',
  'connect-src': 'every fetch, XHR, WebSocket and EventSource',
  'media-src': 'all audio and video',
  'object-src': 'every <object> and <embed>',
  'frame-src': 'every frame',
  'child-src': 'every frame and worker',
  'worker-src': 'every worker',
  'manifest-src': 'the web app manifest',
  'base-uri': 'every <base> URL',
  'form-action': 'every form submission',
  'frame-ancestors': 'every page that would frame this one',
}

const SOURCE_LIST = (name: string) => name.endsWith('-src') || name === 'base-uri' || name === 'form-action' || name === 'frame-ancestors'

/**
 * What the policy cspkit writes leaves out of the text the user gave, one LINT_DROPPED per directive:
 * the sources it dropped (an unquoted `self`), a repeated or misspelt directive, and, when nothing is
 * left of a source list, that it now blocks everything it governs. The parse findings say why each
 * part is wrong; this says what the printed policy does without it.
 */
export function droppedParts(text: string, policy: Policy, findings: readonly Diagnostic[]): Diagnostic[] {
  const out: Diagnostic[] = []
  const report = (directive: string | undefined, message: string, fix: string) =>
    out.push(diagnostic({ code: 'LINT_DROPPED', option: 'policy', ...(directive ? { directive } : {}), message, fix }))
  if (policy.directives.length === 0) {
    if (text.trim()) report(undefined, 'cspkit writes no policy from this text: nothing of it is left after the error above, so a page would get no CSP from it.', 'Correct the error above and lint again.')
    return out
  }
  const seen = new Set<string>()
  for (const part of text.split(';')) {
    const [raw, ...tokens] = part.trim().split(/[\t\n\f\r ]+/).filter(Boolean)
    if (raw === undefined) continue
    const name = directiveName(raw)
    const sources = tokens.length > 0 ? tokens.join(' ') : 'no sources'
    if (!/^[a-z0-9-]+$/.test(name)) {
      report(undefined, `cspkit writes the policy without '${part.trim()}', as '${raw}' is not a directive name.`, 'Check the spelling, e.g. script-src, style-src, img-src.')
      continue
    }
    if (seen.has(name)) {
      report(name, `cspkit writes only the first '${name}' and drops the second (${sources}), as browsers ignore it.`, `Merge the sources of both '${name}' entries into one.`)
      continue
    }
    seen.add(name)
    const kept = (policy.directives.find((d) => d.name === name)?.values ?? []).map((v) => v.toLowerCase())
    const dropped = tokens.filter((t) => !kept.includes(t.toLowerCase()))
    if (dropped.length === 0) continue
    const fixes = dropped.map((t) => findings.find((d) => d.directive === name && (d.message.includes(` ${t} `) || d.message.includes(JSON.stringify(t))))?.fix)
    // An unquoted keyword is the usual cause: name the keyword it was meant to be.
    const unquoted = (t: string) => findings.some((d) => d.code === 'POLICY_UNQUOTED_KEYWORD' && d.directive === name && d.message.includes(` has ${t} without single quotes`))
    const named = dropped.map((t) => (unquoted(t) ? `${t} (did you mean '${t.toLowerCase()}'?)` : t))
    const left = kept.length === 0 && SOURCE_LIST(name) ? `, which leaves '${name}' with no sources: it then blocks ${BLOCKS[name] ?? `everything '${name}' governs`}, like 'none'` : ''
    report(
      name,
      `cspkit writes '${name}' without ${joinAnd(named)}${left}.`,
      [...new Set(fixes.map((f) => f ?? 'Correct the finding above for it.'))].join(' '),
    )
  }
  return out
}
