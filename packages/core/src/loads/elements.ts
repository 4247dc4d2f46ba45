/**
 * What an element in a page's HTML makes the browser fetch, and the CSP directive that governs each
 * fetch (CSP3 §6.8 "effective directive"). Both page scanners (html/scan.ts, html/fast-scan.ts) call
 * this with the element's attributes, so they report exactly the same loads.
 */

// A cycle (scan.ts imports this file), harmless: scriptTypeFrom is only called, never read at load time.
import { scriptTypeFrom } from '../html/scan.js'

/** One URL a page's HTML loads, as written (resolved later, see loads/resolve.ts). */
export interface PageLoad {
  /** The directive the browser checks first for it, e.g. `script-src-elem`, `img-src`, `form-action`. */
  readonly kind: string
  /** The attribute value (one candidate for `srcset`), before resolution. */
  readonly url: string
  /** Element name, e.g. `script`, `img`. */
  readonly tag: string
  /** Attribute name, e.g. `src`, `srcset`, `href`. */
  readonly attribute: string
  /** 1-based line and column of the attribute. */
  readonly line: number
  readonly column: number
  /** The element's `nonce` attribute, when it has one: a policy nonce may allow it whatever its URL. */
  readonly nonce?: string
  /** The element's `integrity` attribute, when it has one: a policy hash may allow it. */
  readonly integrity?: string
}

/**
 * An `<iframe srcdoc>`: a document written in the attribute, which inherits the embedding page's
 * policy (CSP3 §4.2.2 "initialize a policy container" for srcdoc documents). Its inline content and
 * loads are checked against the page's policy.
 */
export interface Srcdoc {
  /** The attribute's value: the frame's HTML. */
  readonly html: string
  /** 1-based line and column of the attribute. */
  readonly line: number
  readonly column: number
}

/** A load before its location is known: what {@link loadsOfElement} returns. */
export type ElementLoad = Omit<PageLoad, 'line' | 'column' | 'tag'>

/** Attributes that hold what an element loads: an element with none of them loads nothing. */
export const LOAD_ATTRIBUTES: ReadonlySet<string> = new Set(['src', 'srcset', 'href', 'data', 'action', 'formaction', 'poster', 'srcdoc'])

/** Elements that can load something: the scanners read attributes only for these. */
export const LOADING_ELEMENTS: ReadonlySet<string> = new Set([
  'script', 'link', 'iframe', 'frame', 'img', 'source', 'video', 'audio', 'track', 'object', 'embed', 'form', 'base',
  'input', 'button',
])

/** `<link rel=preload as=…>`: the destination's directive (Fetch "destination" → CSP3 effective directive). */
const PRELOAD_DIRECTIVE: Readonly<Record<string, string>> = {
  script: 'script-src-elem',
  style: 'style-src-elem',
  image: 'img-src',
  font: 'font-src',
  fetch: 'connect-src',
  json: 'connect-src',
  audio: 'media-src',
  video: 'media-src',
  track: 'media-src',
  worker: 'worker-src',
  sharedworker: 'worker-src',
  serviceworker: 'worker-src',
  manifest: 'manifest-src',
  embed: 'object-src',
  object: 'object-src',
  document: 'frame-src',
}


/**
 * The loads of one element from its attributes (`attribute(name)` gives the decoded value, or
 * undefined when absent). Empty values load nothing (the browser fetches no empty `src`), and
 * `javascript:` URLs are inline script, checked elsewhere.
 */
export function loadsOfElement(tag: string, attribute: (name: string) => string | undefined): ElementLoad[] {
  const out: ElementLoad[] = []
  const add = (kind: string, name: string, extra?: { nonce?: string | undefined; integrity?: string | undefined }): void => {
    const value = attribute(name)
    if (value === undefined) return
    const url = trimUrl(value)
    if (url === '' || /^javascript:/i.test(url)) return
    // Spreads only when there is something to add: a spread of objects of varying shape is V8's slow path, per load.
    out.push(extra && (extra.nonce !== undefined || extra.integrity !== undefined) ? { kind, url, attribute: name, ...withDefined(extra) } : { kind, url, attribute: name })
  }
  const addSrcset = (kind: string): void => {
    const value = attribute('srcset')
    if (value === undefined) return
    for (const url of srcsetUrls(value)) out.push({ kind, url, attribute: 'srcset' })
  }
  switch (tag) {
    case 'script': {
      // Only classic and module scripts fetch their src (HTML "prepare the script element"): not data
      // blocks, import maps or speculation rules, and not nomodule classic scripts in today's browsers.
      const type = scriptTypeFrom(attribute('type'), attribute('language'))
      if (type !== 'classic' && type !== 'module') break
      if (type === 'classic' && attribute('nomodule') !== undefined) break
      add('script-src-elem', 'src', { nonce: attribute('nonce'), integrity: attribute('integrity') })
      break
    }
    case 'link': {
      const rel = (attribute('rel') ?? '').toLowerCase().split(/[\t\n\f\r ]+/)
      const extra = { nonce: attribute('nonce'), integrity: attribute('integrity') }
      if (rel.includes('stylesheet')) add('style-src-elem', 'href', extra)
      else if (rel.includes('modulepreload')) add('script-src-elem', 'href', extra)
      else if (rel.includes('preload')) {
        const kind = PRELOAD_DIRECTIVE[(attribute('as') ?? '').trim().toLowerCase()]
        if (kind) add(kind, 'href', extra)
      } else if (rel.includes('icon') || rel.includes('apple-touch-icon') || rel.includes('apple-touch-icon-precomposed')) add('img-src', 'href')
      else if (rel.includes('manifest')) add('manifest-src', 'href')
      break
    }
    case 'iframe':
    case 'frame':
      add('frame-src', 'src')
      break
    case 'img':
      add('img-src', 'src')
      addSrcset('img-src')
      break
    case 'source':
      // In <picture> a source has srcset (images); in <video>/<audio>, src (media). Each is ignored in the other.
      add('media-src', 'src')
      addSrcset('img-src')
      break
    case 'video':
      add('media-src', 'src')
      add('img-src', 'poster')
      break
    case 'audio':
    case 'track':
      add('media-src', 'src')
      break
    case 'object':
      add('object-src', 'data')
      break
    case 'embed':
      add('object-src', 'src')
      break
    case 'form':
      add('form-action', 'action')
      break
    case 'button':
      add('form-action', 'formaction')
      break
    case 'input':
      add('form-action', 'formaction')
      if ((attribute('type') ?? '').trim().toLowerCase() === 'image') add('img-src', 'src')
      break
    case 'base':
      add('base-uri', 'href')
      break
  }
  return out
}

/**
 * A load of {@link loadsOfElement} with its element and location: property by property for the
 * usual load without nonce or integrity (no spread, see above).
 */
export function locatedLoad(load: ElementLoad, tag: string, line: number, column: number): PageLoad {
  if (load.nonce === undefined && load.integrity === undefined) return { kind: load.kind, url: load.url, attribute: load.attribute, tag, line, column }
  return { ...load, tag, line, column }
}

/** The `srcdoc` document of an element, if it is an iframe with one. */
export function srcdocOf(tag: string, attribute: (name: string) => string | undefined): string | undefined {
  return tag === 'iframe' ? attribute('srcdoc') : undefined
}

/** The URLs of a `srcset` (HTML "parse a srcset attribute": candidates split at commas, URL then descriptors). */
export function srcsetUrls(srcset: string): string[] {
  const urls: string[] = []
  let i = 0
  const n = srcset.length
  while (i < n) {
    while (i < n && /[\t\n\f\r ,]/.test(srcset[i]!)) i++
    if (i >= n) break
    const start = i
    while (i < n && !/[\t\n\f\r ]/.test(srcset[i]!)) i++
    let url = srcset.slice(start, i)
    // A URL that ends in commas ends the candidate there (no descriptors).
    if (url.endsWith(',')) url = url.replace(/,+$/, '')
    else {
      // Descriptors up to the next comma outside parentheses.
      let depth = 0
      while (i < n && (srcset[i] !== ',' || depth > 0)) {
        if (srcset[i] === '(') depth++
        else if (srcset[i] === ')') depth = Math.max(0, depth - 1)
        i++
      }
    }
    if (url !== '') urls.push(url)
  }
  return urls
}

/** URL parsing strips leading and trailing C0 controls and spaces (WHATWG URL). */
export function trimUrl(value: string): string {
  // Most values have nothing to strip: no regex for them.
  if (value.charCodeAt(0) > 0x20 && value.charCodeAt(value.length - 1) > 0x20) return value
  return value.replace(/^[\u0000-\u0020]+|[\u0000-\u0020]+$/g, '')
}

function withDefined(extra: { nonce?: string | undefined; integrity?: string | undefined } | undefined): { nonce?: string; integrity?: string } {
  if (!extra) return {}
  return {
    ...(extra.nonce !== undefined ? { nonce: extra.nonce } : {}),
    ...(extra.integrity !== undefined ? { integrity: extra.integrity } : {}),
  }
}
