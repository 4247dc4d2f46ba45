/**
 * The inline module that loads a module entry by script. A parser-inserted module entry allowed by
 * its integrity hash runs in every engine, but Chromium and Firefox then treat what it reaches as
 * parser-inserted too: its `import()` of a chunk nothing preloaded is blocked under
 * `'strict-dynamic'` (CSP-RULES e1, e3; WebKit allows it). A module script created by a trusted
 * script is trusted with its whole graph and its `import()`s. The loader is an inline
 * `type=module` script, so it runs when a module entry would (after parsing, in order), and is
 * allowed by its hash like any inline script; the script it inserts keeps the entry's integrity
 * and crossorigin, so SRI still checks the file. A script-inserted module is async by default: the
 * entries of one page would then run in whichever order they arrive, and VitePress's app entry runs
 * before the metadata module it reads (a real-site failure, in Firefox most often); `async = false`
 * puts them in the browser's ordered list, so they run in document order as parser-inserted ones do.
 */
import { LOADER_INTEGRITY, LOADER_SRC } from './find-scripts.js'

export function moduleLoader(src: string, integrity: string, crossorigin: string | undefined): string {
  const attrs = ` ${LOADER_SRC}="${escapeAttr(src)}" ${LOADER_INTEGRITY}="${integrity}"${crossorigin !== undefined ? ` crossorigin="${escapeAttr(crossorigin)}"` : ''}`
  return `<script type="module"${attrs}>${moduleLoaderBody(src, integrity, crossorigin)}</script>`
}

/** The loader's script text (what its hash is computed over). */
export function moduleLoaderBody(src: string, integrity: string, crossorigin: string | undefined): string {
  // JSON strings with '<' escaped: nothing in them can close the script element.
  const js = (value: string) => JSON.stringify(value).replace(/</g, '\\u003c')
  return (
    `const s=document.createElement("script");s.type="module";s.async=false;s.src=${js(src)};s.integrity=${js(integrity)};` +
    (crossorigin !== undefined ? `s.crossOrigin=${js(crossorigin)};` : '') +
    `document.head.appendChild(s)`
  )
}

function escapeAttr(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;')
}
