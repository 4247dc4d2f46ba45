import { diagnostic, type Diagnostic } from '../diagnostics.js'

/**
 * A page's own CSP meta `content`, as the browser reads it. Inside an HTML attribute a line break is
 * whitespace (not the header injection it would be in a config string), so any ASCII whitespace
 * separates tokens. A ',' is not something cspkit can merge: Chromium and WebKit enforce each part as
 * its own policy, Firefox reads one policy with commas in its sources. Rewriting such a meta would
 * replace what the page enforces with something else (and could drop a restriction), so the page is
 * left as it is and the build fails.
 */
export function readPageMetaText(content: string, where: string): { text: string } | { unreadable: Diagnostic } {
  if (content.includes(','))
    return {
      unreadable: diagnostic({
        code: 'PAGE_META_UNREADABLE',
        file: where,
        message: `The page's own CSP meta holds ",", which Chromium and WebKit enforce as several policies and Firefox as one; cspkit cannot merge it without changing what the page enforces, so the page was left as it was.`,
        fix: 'Write the page\'s policy as one policy (directives separated by ";"), or remove the page\'s meta and put its directives in cspkit\'s policy option.',
      }),
    }
  return { text: content.replace(/[\t\n\f\r ]+/g, ' ').trim() }
}
