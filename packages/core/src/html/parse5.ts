import { createRequire } from 'node:module'

type Parse5 = typeof import('parse5')
let loaded: Parse5 | undefined

/**
 * parse5, loaded the first time a page needs it. The fast scan (fast-scan.ts) reads most built pages
 * without it, and loading it costs about 20 ms in every build. Node ≥ 20.19 (our engines) can
 * `require()` an ES module, which keeps the scan synchronous.
 */
export function parse5(): Parse5 {
  return (loaded ??= createRequire(import.meta.url)('parse5') as Parse5)
}
