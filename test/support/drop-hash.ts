import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { hashSource, scanPage } from '@cspkit/core'

/**
 * For negative controls: removes, from `directive` in the CSP meta of every page under `dir`, the hash
 * of the landing page's (`index.html`) first inline script, which is then blocked where a reader lands,
 * whether the pages' policies are their own or the site's union. Returns how many pages lost it, so a
 * control that removed nothing fails loudly instead of passing for the wrong reason.
 */
export function dropFirstHash(dir: string, directive: string): number {
  const first = scanPage(readFileSync(join(dir, 'index.html'), 'utf8')).inline.find((item) => item.kind === 'script')
  if (!first) return 0
  const hash = hashSource(first.text, 'sha256')
  let changed = 0
  for (const file of htmlFiles(dir)) {
    const html = readFileSync(file, 'utf8')
    const next = html.replace(/(<meta http-equiv="Content-Security-Policy" content=")([^"]*)(")/i, (_m, open: string, policy: string, close: string) => {
      const edited = policy
        .split(';')
        .map((part) => {
          const [name, ...sources] = part.trim().split(/\s+/)
          if (name !== directive || !sources.includes(hash)) return part
          return ` ${[name, ...sources.filter((s) => s !== hash)].join(' ')}`
        })
        .join(';')
      return `${open}${edited}${close}`
    })
    if (next !== html) {
      writeFileSync(file, next)
      changed++
    }
  }
  return changed
}

function htmlFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    if (statSync(path).isDirectory()) return htmlFiles(path)
    return name.endsWith('.html') ? [path] : []
  })
}
