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
      urls = index !== undefined ? [index, file] : pretty !== undefined ? [pretty, file] : [file]
      break
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

/** Percent-encodes a path as browsers send it (spaces, non-ASCII, `?` and `#`), keeping `/`. */
export function encodePath(path: string): string {
  return encodeURI(path).replace(/[?#]/g, (c) => encodeURIComponent(c))
}
