/**
 * The origin pages are resolved on. Only its being one origin matters: every relative URL then
 * matches `'self'`, as it does on the real host. (`.invalid` is reserved: it is nobody's host.)
 */
export const SITE_ORIGIN = 'https://site.invalid'

/**
 * A page's URL on the site's origin (the `origin` option, else the stand-in), from its output-relative
 * file name (`docs/a.html` → `https://site.invalid/docs/a.html`).
 */
export function pageUrl(fileName: string, origin: string = SITE_ORIGIN): URL {
  const path = fileName.replace(/\\/g, '/').replace(/^\/+/, '')
  return new URL(`/${path.split('/').map(encodeURIComponent).join('/')}`, origin)
}
