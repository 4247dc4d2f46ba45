import type { DirectoryProgress } from '@cspkit/core'

type Stream = NodeJS.WritableStream & { isTTY?: boolean }

/**
 * A progress line on a terminal, redrawn at most every 100 ms; nothing when stderr is a file or a
 * pipe (CI logs stay clean), or when there is no stream (progress is off).
 */
export function progressLine(stream: Stream | undefined): { update(p: DirectoryProgress): void; end(): void } {
  if (!stream?.isTTY) return { update() {}, end() {} }
  let last = 0
  let shown = false
  return {
    update({ done, total }) {
      const now = Date.now()
      if (now - last < 100 && done < total) return
      last = now
      shown = true
      const percent = total === 0 ? 100 : Math.floor((done / total) * 100)
      stream.write(`\r\u001b[2K[cspkit] ${done}/${total} page${total === 1 ? '' : 's'} (${percent}%)`)
    },
    end() {
      if (shown) stream.write('\r\u001b[2K')
    },
  }
}
