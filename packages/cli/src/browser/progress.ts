import type { VisitActions, VisitedPage } from './visit.js'

type Stream = NodeJS.WritableStream & { isTTY?: boolean; columns?: number }

/**
 * Progress of a visit: on a terminal one line redrawn in place (at most every 100 ms), otherwise one
 * plain line per start page, so a CI log shows where a slow visit spent its time.
 */
export function visitProgress(stream: Stream): { update(pages: readonly VisitedPage[], actions: VisitActions, current: string): void; end(): void } {
  let last = 0
  let shown = false
  let lastCurrent: string | undefined
  return {
    update(pages, actions, current) {
      if (!stream.isTTY) {
        if (current !== lastCurrent) stream.write(`[cspkit] check --browser: visiting ${current}\n`)
        lastCurrent = current
        return
      }
      const now = Date.now()
      if (now - last < 100) return
      last = now
      shown = true
      const text = `[cspkit] browser: ${pages.length} page${pages.length === 1 ? '' : 's'}, ${actions.clicks} click${actions.clicks === 1 ? '' : 's'} · ${current}`
      const width = stream.columns || 100
      stream.write(`\r\u001b[2K${text.length > width - 1 ? `${text.slice(0, width - 2)}…` : text}`)
    },
    end() {
      if (shown) stream.write('\r\u001b[2K')
    },
  }
}
