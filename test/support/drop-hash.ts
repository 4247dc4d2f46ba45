import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

/**
 * For negative controls: removes the first hash of `directive` from the CSP meta of every page under
 * `dir` (the inline content it allowed is then blocked). Returns how many pages lost one, so a control
 * that removed nothing fails loudly instead of passing for the wrong reason.
 */
export function dropFirstHash(dir: string, directive: string): number {
  let changed = 0
  for (const file of htmlFiles(dir)) {
    const html = readFileSync(file, 'utf8')
    const next = html.replace(/(<meta http-equiv="Content-Security-Policy" content=")([^"]*)(")/i, (_m, open: string, policy: string, close: string) => {
      const edited = policy
        .split(';')
        .map((part) => {
          const [name, ...sources] = part.trim().split(/\s+/)
          if (name !== directive) return part
          const index = sources.findIndex((s) => /^'sha(256|384|512)-/.test(s))
          if (index < 0) return part
          sources.splice(index, 1)
          return ` ${[name, ...sources].join(' ')}`
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
