import type { Logger } from 'vite8'

/** A Vite logger that keeps every line, as the developer's terminal would show them (`warnOnce` once per text, as Vite's own). */
export function viteTerminal(): Logger & { lines: string[] } {
  const lines: string[] = []
  const warned = new Set<string>()
  return {
    lines,
    hasWarned: false,
    info: (m) => void lines.push(m),
    warn(m) {
      this.hasWarned = true
      lines.push(m)
    },
    warnOnce(m) {
      if (!warned.has(m)) (warned.add(m), lines.push(m))
    },
    error: (m) => void lines.push(m),
    clearScreen: () => {},
    hasErrorLogged: () => false,
  }
}
