import type { PageLoad } from './elements.js'

/**
 * The origin pages are resolved on. Only its being one origin matters: every relative URL then
 * matches `'self'`, as it does on the real host. (`.invalid` is reserved: it is nobody's host.)
 */
export const SITE_ORIGIN = 'https://site.invalid'

/** A page's URL on the site origin, from its output-relative file name (`docs/a.html` → `https://site.invalid/docs/a.html`). */
export function pageUrl(fileName: string): URL {
  const path = fileName.replace(/\\/g, '/').replace(/^\/+/, '')
  return new URL(`/${path.split('/').map(encodeURIComponent).join('/')}`, SITE_ORIGIN)
}

/** A load with its absolute URL. */
export interface ResolvedLoad extends PageLoad {
  /** The URL as the browser requests it, or undefined when it does not parse (the browser fetches nothing). */
  readonly resolved: URL | undefined
}

/**
 * Each load's absolute URL: relative to the page, or after the first `<base href>` relative to it
 * (HTML "document base URL"). `baseAllowed` says whether the policy lets the browser use a base URL
 * (`base-uri`); a blocked `<base>` changes nothing.
 */
export function resolveLoads(loads: readonly PageLoad[], page: URL, baseAllowed: (base: URL) => boolean): ResolvedLoad[] {
  let base = page
  let baseSeen = false
  return loads.map((load) => {
    const resolved = parse(load.url, base)
    if (load.kind === 'base-uri' && !baseSeen) {
      baseSeen = true
      if (resolved && baseAllowed(resolved)) base = resolved
    }
    return { ...load, resolved }
  })
}

function parse(url: string, base: URL): URL | undefined {
  try {
    return new URL(url, base)
  } catch {
    return undefined
  }
}
