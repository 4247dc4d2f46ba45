/** The CSP meta tag as cspkit writes it. */
export function renderMetaTag(policy: string, selfClosing: boolean): string {
  return `<meta http-equiv="Content-Security-Policy" ${renderContentAttribute(policy)}${selfClosing ? ' />' : '>'}`
}

export function renderContentAttribute(policy: string): string {
  return `content="${escapeAttribute(policy)}"`
}

/** Double-quoted attribute escaping; parse5 decodes it back, so a second run compares equal. */
export function escapeAttribute(value: string): string {
  if (value.indexOf('&') < 0 && value.indexOf('"') < 0) return value
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;')
}

/** The start of the line `start` sits on when only indentation precedes it, so removing a tag leaves no blank line. */
export function lineStartIfAlone(html: string, start: number): number {
  const m = /\r?\n[ \t]*$/.exec(html.slice(Math.max(0, start - 200), start))
  return m ? start - m[0].length : start
}
