import { createRequire } from 'node:module'
import type * as Jsonc from 'jsonc-parser'
import type * as Toml from 'smol-toml'

// The TOML and JSONC parsers load on first use (both ship CommonJS builds), so a Vite or webpack
// build without `netlify-toml`/`vercel` host files never pays for loading them.
const require = createRequire(import.meta.url)

/** smol-toml, the parser Netlify's own tooling uses. */
export const toml = (): typeof Toml => require('smol-toml') as typeof Toml

/** jsonc-parser, for exact offsets into the user's vercel.json. */
export const jsonc = (): typeof Jsonc => require('jsonc-parser') as typeof Jsonc
