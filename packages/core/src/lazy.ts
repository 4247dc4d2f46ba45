import { createRequire } from 'node:module'
import type * as Jsonc from 'jsonc-parser'
import type * as Toml from 'smol-toml'
import type * as Yaml from 'yaml'

type Parse5 = typeof import('parse5')
type MagicStringClass = typeof import('magic-string').default

// Dependencies loaded the first time something needs them, not in every build that loads cspkit
// (parse5 alone takes ~20 ms). Node ≥ 20.19, our engines, can require() an ES module, which keeps
// the pipeline synchronous; require's own cache makes each load happen once.
const require = createRequire(import.meta.url)

/** parse5: for the pages the fast scan (html/fast-scan.ts) does not model. */
export const parse5 = (): Parse5 => require('parse5') as Parse5

/** MagicString: for pages whose own CSP meta is updated or moved (a lone insertion needs none). */
export const magicString = (): MagicStringClass => (require('magic-string') as { default: MagicStringClass }).default

/** smol-toml, the parser Netlify's own tooling uses: only with `netlify-toml` host files. */
export const toml = (): typeof Toml => require('smol-toml') as typeof Toml

/** jsonc-parser, for exact offsets into the user's vercel.json: only with `vercel` host files. */
export const jsonc = (): typeof Jsonc => require('jsonc-parser') as typeof Jsonc

/** yaml (comment-preserving documents), for the user's customHttp.yml: only with `amplify` host files. */
export const yaml = (): typeof Yaml => require('yaml') as typeof Yaml
