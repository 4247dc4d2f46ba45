/**
 * Whether a source expression allows a URL, following CSP3 §6.7.2 "Does url match expression"
 * closely enough to tell a developer which source or preset covers a blocked request. Keywords,
 * hashes and nonces never match a URL.
 */
export function sourceMatchesUrl(source: string, url: URL, self?: URL): boolean {
  const scheme = url.protocol.slice(0, -1).toLowerCase()
  if (source === '*') return ['http', 'https', 'ws', 'wss', 'ftp'].includes(scheme)
  if (source === "'self'") return self !== undefined && sameOriginOrUpgrade(self, url)
  if (source.startsWith("'")) return false

  const schemeOnly = /^([a-z][a-z0-9+.-]*):$/i.exec(source)
  if (schemeOnly) return schemeMatches(schemeOnly[1]!.toLowerCase(), scheme)

  const m = /^(?:([a-z][a-z0-9+.-]*):\/\/)?(\*|(?:\*\.)?[a-z0-9-]+(?:\.[a-z0-9-]+)*)(?::(\*|\d+))?(\/[^?#]*)?$/i.exec(source)
  if (!m) return false
  const [, sourceScheme, host = '', port, path] = m
  if (sourceScheme) {
    if (!schemeMatches(sourceScheme.toLowerCase(), scheme)) return false
  } else if (!['http', 'https', 'ws', 'wss'].includes(scheme)) return false
  if (!hostMatches(host.toLowerCase(), url.hostname.toLowerCase())) return false
  if (!portMatches(port, url, sourceScheme?.toLowerCase())) return false
  if (path && path !== '/') {
    const target = decodeURIComponent(url.pathname)
    return path.endsWith('/') ? target.startsWith(path) : target === path
  }
  return true
}

/** `http:` also allows `https:`, and `ws:` also allows `wss:` (the secure upgrade). */
function schemeMatches(expression: string, scheme: string): boolean {
  if (expression === scheme) return true
  return (expression === 'http' && scheme === 'https') || (expression === 'ws' && scheme === 'wss')
}

function hostMatches(pattern: string, host: string): boolean {
  if (pattern === '*') return true
  if (pattern.startsWith('*.')) return host.endsWith(pattern.slice(1))
  return pattern === host
}

const DEFAULT_PORTS: Readonly<Record<string, string>> = { http: '80', https: '443', ws: '80', wss: '443', ftp: '21' }

function portMatches(port: string | undefined, url: URL, sourceScheme: string | undefined): boolean {
  if (port === '*') return true
  const scheme = url.protocol.slice(0, -1).toLowerCase()
  const actual = url.port || DEFAULT_PORTS[scheme] || ''
  if (port === undefined) {
    // No port: the default port of the source's scheme, or of the URL's when the source has none;
    // an upgrade from the insecure default (80) to the secure one (443) also matches.
    const expected = DEFAULT_PORTS[sourceScheme ?? scheme] ?? ''
    return actual === expected || (expected === '80' && actual === '443')
  }
  return actual === port || (port === '80' && actual === '443')
}

/** `'self'` matches the page's own origin, its https/wss upgrades, and ws(s) to the same host and port. */
function sameOriginOrUpgrade(self: URL, url: URL): boolean {
  if (self.hostname !== url.hostname) return false
  const selfScheme = self.protocol.slice(0, -1)
  const scheme = url.protocol.slice(0, -1)
  const samePort = (self.port || DEFAULT_PORTS[selfScheme]) === (url.port || DEFAULT_PORTS[scheme])
  if (scheme === selfScheme) return samePort
  const bothDefault = !self.port && !url.port
  if (selfScheme === 'http' && ['https', 'ws', 'wss'].includes(scheme)) return samePort || bothDefault
  if (selfScheme === 'https' && scheme === 'wss') return samePort || bothDefault
  return false
}
