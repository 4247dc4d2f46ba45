import type { HostName } from './host-options.js'

/** How Vercel maps files to URLs, from vercel.json (or the plugin's fallback settings). */
export interface VercelRouting {
  readonly cleanUrls: boolean
  /** `undefined`: Vercel serves a folder's index at both `/docs` and `/docs/`. */
  readonly trailingSlash: boolean | undefined
}

/**
 * The URL paths (percent-encoded, as a browser requests them) at which a host serves a built page
 * with status 200, so that each gets the page's headers (HOSTS.md 1.3, 2.3, 3.1):
 * - Cloudflare: the canonical URL only (`/about`, `/docs/`, `/`); other forms are 308 redirects.
 * - Netlify: the pretty URL and the file URL (netlify dev matches the file path); its matcher ignores
 *   case and a trailing slash, so `/docs/` also covers `/docs`.
 * - Vercel: per `cleanUrls` / `trailingSlash`; redirects bypass header rules there.
 */
export function pageUrls(fileName: string, host: HostName, vercel: VercelRouting = { cleanUrls: false, trailingSlash: undefined }): string[] {
  const file = `/${fileName.replace(/\\/g, '/').replace(/^\/+/, '')}`
  const index = /(^|\/)index\.html$/.exec(file) ? file.slice(0, -'index.html'.length) : undefined
  const pretty = file.endsWith('.html') ? file.slice(0, -'.html'.length) : undefined
  let urls: string[]
  switch (host) {
    case 'cloudflare':
      urls = [index ?? pretty ?? file]
      break
    case 'netlify':
    case 'netlify-toml':
    case 'netlify-frameworks':
    // Amplify documents no pretty-URL rule: both forms get the page's headers (exact patterns, harmless if unused).
    case 'amplify':
      urls = index !== undefined ? [index, file] : pretty !== undefined ? [pretty, file] : [file]
      break
    case 'firebase':
      urls = firebaseUrls(file, index, pretty, vercel)
      break
    // The SWA emulator serves /about.html, /docs/ and /docs/index.html (a route for /about would also catch
    // the navigationFallback's rewrite there). A config with `trailingSlash` also serves /about and /docs
    // (Azure's docs; `cleanUrls` carries that here): each form gets a route, all with the same headers.
    case 'azure-swa':
      if (index !== undefined) urls = index === '/' ? ['/', file] : vercel.cleanUrls ? [index, index.slice(0, -1), file] : [index, file]
      else urls = pretty !== undefined && vercel.cleanUrls ? [file, pretty] : [file]
      break
    case 'vercel-output':
    case 'vercel': {
      urls = []
      if (index !== undefined) {
        if (index === '/') urls.push('/')
        else if (vercel.trailingSlash === true) urls.push(index)
        else if (vercel.trailingSlash === false) urls.push(index.slice(0, -1))
        else urls.push(index.slice(0, -1), index)
        if (!vercel.cleanUrls) urls.push(file)
      } else if (pretty !== undefined && vercel.cleanUrls) {
        urls.push(vercel.trailingSlash === true ? `${pretty}/` : pretty)
      } else urls.push(file)
      break
    }
    case 'nginx':
    case 'caddy':
    case 'apache':
      // The forms each server's usual config answers 200 (index files, `try_files $uri $uri.html $uri/`,
      // Caddy's try_files, Apache's MultiViews); `/docs` is a redirect to `/docs/` on all three.
      urls = index !== undefined ? (index === '/' ? ['/', file] : [index, file]) : pretty !== undefined ? [pretty, file] : [file]
      break
    case 'github-pages':
      // Serves `/about` and `/about.html`, `/docs/` (`/docs` redirects); no header rules are written for it.
      urls = index !== undefined ? [index] : pretty !== undefined ? [pretty, file] : [file]
      break
  }
  return urls.map(encodePath)
}

/**
 * Firebase Hosting (superstatic), as its emulator serves a page with 200 (redirects are 301s):
 * `cleanUrls` drops `.html` and `index.html`; `trailingSlash` true/false forces one folder form,
 * unset serves `/docs/` (and also `/docs` with `cleanUrls`).
 */
function firebaseUrls(file: string, index: string | undefined, pretty: string | undefined, routing: VercelRouting): string[] {
  const { cleanUrls, trailingSlash } = routing
  if (index !== undefined) {
    const urls: string[] = []
    if (index === '/') urls.push('/')
    else {
      if (trailingSlash !== false) urls.push(index)
      if (trailingSlash === false || (cleanUrls && trailingSlash === undefined)) urls.push(index.slice(0, -1))
    }
    if (!cleanUrls) urls.push(file)
    return urls
  }
  if (pretty !== undefined && cleanUrls) return [trailingSlash === true ? `${pretty}/` : pretty]
  return [file]
}

/** Percent-encodes a path as browsers send it (spaces, non-ASCII, `?` and `#`), keeping `/`. */
export function encodePath(path: string): string {
  return encodeURI(path).replace(/[?#]/g, (c) => encodeURIComponent(c))
}
