/**
 * The page's integrity import map: `<script type="importmap">{"integrity":{url:value}}</script>`.
 * An `integrity` attribute is checked only by the element that fetches the file. A module the entry
 * imports is fetched again by the module loader, without one: with a `<link rel=modulepreload
 * integrity>` that failed its check, Chromium and WebKit fetch it anew and run the changed file
 * (test/strict-real-sites-run-in-every-engine.test.ts). An import map's `integrity` gives every
 * module fetch of that URL (static imports and `import()`) the value to check. The map is an inline
 * script, allowed by its hash like any other (CSP checks import maps: CSP-RULES b2).
 */

/** Marks the map cspkit wrote, so a second run replaces it rather than adding one. */
export const INTEGRITY_MAP_ATTR = 'data-cspkit-integrity-map'

/** cspkit's map from an earlier run, in the exact form it writes it. */
const OWN_MAP = /<script type="importmap" data-cspkit-integrity-map="">[^<]*<\/script>/
/** Any import map (the page's own): cspkit then writes none (a second map merges only in newer engines). */
const ANY_MAP = /<script\b[^>]*?\stype\s*=\s*["']?importmap\b/gi

export function integrityMap(entries: ReadonlyMap<string, string>): string {
  return `<script type="importmap" ${INTEGRITY_MAP_ATTR}="">${integrityMapJson(entries)}</script>`
}

/** The map's script text (what its hash is computed over). */
export function integrityMapJson(entries: ReadonlyMap<string, string>): string {
  const integrity = Object.fromEntries([...entries].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
  // '<' escaped: nothing in a URL can close the script element.
  return JSON.stringify({ integrity }).replace(/</g, '\\u003c')
}

/** Where cspkit's map from an earlier run is; whether the page has an import map of its own. */
export function importMaps(html: string): { readonly own: { readonly start: number; readonly end: number } | undefined; readonly other: boolean } {
  const m = OWN_MAP.exec(html)
  const own = m ? { start: m.index, end: m.index + m[0].length } : undefined
  let count = 0
  for (const _ of html.matchAll(ANY_MAP)) count++
  return { own, other: count > (own ? 1 : 0) }
}
