import { readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

// Real JavaScript for differential tests of the script lexer and analysis: what the workspace's
// installed packages ship (bundles, minified and not), spread over the store in a stable order.

const ROOT = fileURLToPath(new URL('../../../..', import.meta.url))

/** Real bundles: the JavaScript files under the workspace's installed packages, in a stable order, up to `limit` bytes. */
export function installedBundles(limit: number): string[] {
  const files: string[] = []
  const store = join(ROOT, 'node_modules/.pnpm')
  for (const pkg of readdirSync(store).sort()) {
    const walk = (dir: string, depth: number) => {
      let entries
      try {
        entries = readdirSync(dir, { withFileTypes: true })
      } catch {
        return
      }
      for (const e of entries.sort((p, q) => (p.name < q.name ? -1 : 1))) {
        const path = join(dir, e.name)
        if (e.isDirectory() && depth < 6 && e.name !== 'test' && e.name !== '.bin') walk(path, depth + 1)
        else if (e.isFile() && /\.(?:m?js|cjs)$/.test(e.name) && statSync(path).size > 20_000) files.push(path)
      }
    }
    walk(join(store, pkg, 'node_modules'), 0)
  }
  // Spread over the store, not its first packages alone.
  const picked: string[] = []
  let bytes = 0
  const step = Math.max(1, Math.floor(files.length / 400))
  for (let i = 0; i < files.length && bytes < limit; i += step) {
    picked.push(files[i]!)
    bytes += statSync(files[i]!).size
  }
  return picked
}

/** Deterministic pseudo-random numbers (xorshift). */
export function random(seed: number): () => number {
  let x = seed
  return () => {
    x ^= x << 13
    x ^= x >>> 17
    x ^= x << 5
    return (x >>> 0) / 2 ** 32
  }
}

