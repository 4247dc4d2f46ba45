import { createRequire } from 'node:module'

type Parse5 = typeof import('parse5')
type MagicStringClass = typeof import('magic-string').default

const require = createRequire(import.meta.url)
let parse5Module: Parse5 | undefined
let magicStringClass: MagicStringClass | undefined

// Dependencies loaded the first time a page needs them, not in every build that loads cspkit
// (parse5 alone takes ~20 ms): Node ≥ 20.19, our engines, can require() an ES module, which keeps
// the pipeline synchronous.

/** parse5: for the pages the fast scan (html/fast-scan.ts) does not model. */
export function parse5(): Parse5 {
  return (parse5Module ??= require('parse5') as Parse5)
}

/** MagicString: for pages whose own CSP meta is updated or moved (a lone insertion needs none). */
export function magicString(): MagicStringClass {
  return (magicStringClass ??= (require('magic-string') as { default: MagicStringClass }).default)
}
