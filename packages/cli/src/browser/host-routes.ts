import type { HeaderHost, VercelRouting } from '@cspkit/core'

/** What a static host answers for one request path. */
export type Route =
  | { readonly kind: 'file'; readonly file: string; readonly status: 200 | 404 }
  | { readonly kind: 'redirect'; readonly location: string }
  | { readonly kind: 'missing' }

/**
 * How a static host maps a request path to a file in the output folder (HOSTS.md 1.3, 2.3, 3.1):
 * `/docs/` → `docs/index.html`, clean URLs (`/about` → `about.html`), the redirects that make one URL
 * canonical, and `404.html` for anything else. Without a host: a plain static server that serves both
 * forms. `exists` says whether an output-relative file exists; `path` is decoded.
 */
export function routeRequest(path: string, host: HeaderHost | undefined, exists: (file: string) => boolean, vercel?: VercelRouting): Route {
  const rel = path.replace(/^\/+/, '')
  // nginx (`try_files $uri $uri.html $uri/`), Caddy's try_files and Apache's MultiViews serve `/about` too.
  const cleanUrls = host === 'cloudflare' || host === 'netlify' || host === undefined || (host === 'vercel' && vercel?.cleanUrls === true) || host === 'nginx' || host === 'caddy' || host === 'apache'
  // Hosts that redirect `/about.html` to `/about` (the file URL is not canonical there).
  const stripsHtml = host === 'cloudflare' || (host === 'vercel' && vercel?.cleanUrls === true)

  if (rel === '' || rel.endsWith('/')) {
    const index = `${rel}index.html`
    if (exists(index)) {
      if (host === 'vercel' && vercel?.trailingSlash === false && rel !== '') return { kind: 'redirect', location: `/${rel.slice(0, -1)}` }
      return { kind: 'file', file: index, status: 200 }
    }
    return notFound(exists)
  }
  if (exists(rel)) {
    if (stripsHtml && rel.endsWith('.html')) return { kind: 'redirect', location: `/${rel.endsWith('index.html') ? rel.slice(0, -'index.html'.length) : rel.slice(0, -'.html'.length)}` }
    return { kind: 'file', file: rel, status: 200 }
  }
  if (cleanUrls && exists(`${rel}.html`)) return { kind: 'file', file: `${rel}.html`, status: 200 }
  if (exists(`${rel}/index.html`)) {
    if (host === 'vercel' && vercel?.trailingSlash !== true) return { kind: 'file', file: `${rel}/index.html`, status: 200 }
    return { kind: 'redirect', location: `/${rel}/` }
  }
  return notFound(exists)
}

/** The start URL path of a page: its folder for an index page, else the clean URL where the host has them. */
export function pagePath(fileName: string, host: HeaderHost | undefined, vercel?: VercelRouting): string {
  if (fileName === 'index.html' || fileName.endsWith('/index.html')) {
    const dir = fileName.slice(0, -'index.html'.length)
    return host === 'vercel' && vercel?.trailingSlash === false && dir !== '' ? `/${dir.slice(0, -1)}` : `/${dir}`
  }
  if (fileName.endsWith('.html') && (host === 'cloudflare' || host === 'netlify' || (host === 'vercel' && vercel?.cleanUrls === true)))
    return `/${fileName.slice(0, -'.html'.length)}`
  return `/${fileName}`
}

function notFound(exists: (file: string) => boolean): Route {
  return exists('404.html') ? { kind: 'file', file: '404.html', status: 404 } : { kind: 'missing' }
}
