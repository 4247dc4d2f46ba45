/**
 * Client-side routers in built HTML. A site whose pages a router swaps in by JavaScript keeps the
 * first document, and its CSP meta, for the whole visit (FRAMEWORKS.md), so each page's policy must
 * allow every page's inline content. Only unmistakable markers count, each one a framework's own
 * output: a plain multi-page site has none of them. Markers sit in the head or at the very start of
 * the body, so only that region is searched: a few indexOf per page, whatever its length. The one
 * exception is a theme that writes its feature switches at the end of the body (Material for
 * MkDocs): its block is searched too, only on pages whose head names that theme.
 */

export interface RouterMarker {
  /** The framework, as a reader knows it. */
  readonly framework: string
  /** What in a page shows it, exactly as searched for. */
  readonly marker: string
  /**
   * Where `marker` counts, when not anywhere in the head region: only between `open` and the next
   * `close` (a block the generator writes after that region, e.g. a config script at the end of the
   * body), and only on a page whose head region shows `page` (the generator's own meta).
   */
  readonly within?: {
    readonly page: string
    readonly open: string
    readonly close: string
    /** How far from the page's end `open` is looked for: the block is written last, and a bounded search costs other sites nothing. */
    readonly tail: number
  }
}

/**
 * Material for MkDocs: its router (`navigation.instant`) is on only when the theme's config JSON,
 * written last in the body, lists that feature. A Material site without it loads every page anew.
 */
const MATERIAL_CONFIG = {
  page: ', mkdocs-material-',
  open: '<script id="__config" type="application/json">',
  close: '</script>',
  // After it only the config's ~2 KB of JSON, the theme's bundle and the site's extra scripts.
  tail: 16_384,
} as const

/** Markers per framework, as their generators write them (checked in order; the first found wins). */
export const ROUTER_MARKERS: readonly RouterMarker[] = [
  // Written by VitePress's page template into every page's head, unconditionally.
  { framework: 'VitePress', marker: '<meta name="generator" content="VitePress' },
  // The site data script, in the head when the site's metaChunk option puts it there.
  { framework: 'VitePress', marker: 'window.__VP_HASH_MAP__' },
  { framework: 'Docusaurus', marker: '<meta name="generator" content="Docusaurus' },
  { framework: 'Nuxt', marker: 'id="__nuxt"' },
  { framework: 'Nuxt', marker: 'window.__NUXT__' },
  { framework: 'Next.js', marker: '/_next/static/' },
  { framework: 'Next.js', marker: 'id="__NEXT_DATA__"' },
  { framework: 'Gatsby', marker: 'id="___gatsby"' },
  { framework: 'Gatsby', marker: '<meta name="generator" content="Gatsby' },
  { framework: 'Astro view transitions', marker: '<meta name="astro-view-transitions-enabled"' },
  { framework: 'SvelteKit', marker: '_app/immutable/entry/start.' },
  { framework: 'SvelteKit', marker: 'data-sveltekit-' },
  { framework: 'SvelteKit', marker: '__sveltekit_' },
  // Material writes its config as JSON ("features": [..., "navigation.instant", ...]): quoted like this only as a feature.
  { framework: 'Material for MkDocs instant navigation', marker: '"navigation.instant"', within: MATERIAL_CONFIG },
]

/** The blocks searched after the head region (see {@link RouterMarker.within}), once each. */
const LATE_BLOCKS = [...new Set(ROUTER_MARKERS.flatMap((m) => (m.within ? [m.within] : [])))]

/** Tags after `</head>` still searched: a framework's root element comes first in the body. */
const BODY_TAGS = 32

/**
 * Where the searched region ends: `BODY_TAGS` tags after `</head>` (or `<body`), the whole page
 * when it has neither; on a page whose head region shows a late block's generator, at the end of
 * that block (Material's config script, last in the body). Given as an indexOf, so text and bytes (directory mode reads no more than
 * this as text) give the same region: `<` is one byte in UTF-8 and never part of another character.
 */
export function routerRegionEnd(indexOf: (search: string, from: number) => number, length: number): number {
  const head = headRegionEnd(indexOf, length)
  let end = head
  for (const block of LATE_BLOCKS) {
    // The block first, in the page's tail only: most pages have none, and then nothing more is read.
    // Bytes and text agree on the tail when what follows the block's start is ASCII (Material's JSON escapes the rest).
    const open = indexOf(block.open, Math.max(0, length - block.tail))
    if (open < 0) continue
    const page = indexOf(block.page, 0)
    if (page < 0 || page >= head) continue
    const close = indexOf(block.close, open)
    end = Math.max(end, close < 0 ? length : close)
  }
  return end
}

/** The head and the first `BODY_TAGS` tags of the body: where markers other than late blocks, and the module entry, are. */
function headRegionEnd(indexOf: (search: string, from: number) => number, length: number): number {
  let at = indexOf('</head>', 0)
  if (at < 0) at = indexOf('<body', 0)
  for (let i = 0; i < BODY_TAGS && at >= 0; i++) at = indexOf('<', at + 1)
  return at < 0 ? length : at
}

/** Any of ROUTER_MARKERS (which one is then found in their order, by detectRouter's loop). */
const ANY_MARKER = new RegExp(ROUTER_MARKERS.map((m) => m.marker.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')).join('|'))

/** The part of a page that router markers and the module entry are looked for in. */
export function routerRegion(html: string): string {
  return html.slice(0, routerRegionEnd((search, from) => html.indexOf(search, from), html.length))
}

function headRegion(html: string): string {
  return html.slice(0, headRegionEnd((search, from) => html.indexOf(search, from), html.length))
}

/** The first router marker in a page's region (see {@link routerRegion}), or undefined. */
export function detectRouter(region: string): RouterMarker | undefined {
  // Most pages have none: one native regex pass over the region says so, instead of a search per marker.
  if (!ANY_MARKER.test(region)) return undefined
  // Other markers only in the head region, even when a late block extends the region over the content.
  const head = headRegion(region)
  for (let i = 0; i < ROUTER_MARKERS.length; i++) {
    const { marker, within } = ROUTER_MARKERS[i]!
    if (!within) {
      if (head.includes(marker)) return ROUTER_MARKERS[i]
      continue
    }
    if (!head.includes(within.page)) continue
    // The region ends where routerRegionEnd put it: at the block's end when its tail held the block.
    const open = region.indexOf(within.open)
    if (open < 0) continue
    const close = region.indexOf(within.close, open)
    const at = region.indexOf(marker, open)
    if (at >= 0 && (close < 0 || at < close)) return ROUTER_MARKERS[i]
  }
  return undefined
}

/**
 * The `src` of a page's first module script (a bundler's entry), or undefined. Pages of a multi-page
 * build that all load the same entry may share a router inside it: no marker says so either way.
 */
export function moduleEntry(html: string): string | undefined {
  let at = html.indexOf('type="module"')
  if (at < 0) at = html.indexOf("type='module'")
  if (at < 0) at = html.indexOf('type=module')
  if (at < 0) return undefined
  const open = html.lastIndexOf('<', at)
  const close = html.indexOf('>', at)
  if (open < 0 || close < 0 || html.slice(open, open + 7).toLowerCase() !== '<script') return undefined
  const src = /\ssrc\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))/i.exec(html.slice(open, close))
  return src ? (src[1] ?? src[2] ?? src[3]) : undefined
}

/** What a run saw across pages, in constant memory: merged chunk by chunk (directory mode's workers). */
export interface ScopeEvidence {
  /** Pages looked at. */
  readonly pages: number
  /** A page with a router marker: the site's root index.html when it has one, else the first by name. */
  readonly router?: RouterMarker & { readonly fileName: string }
  /** The module entry every page loads, `null` once two pages differ or one has none; undefined before any page. */
  readonly sharedEntry?: string | null
}

export const NO_EVIDENCE: ScopeEvidence = Object.freeze({ pages: 0 })

/** One page's evidence: from its text, or from only its region (see {@link routerRegion}), which gives the same. */
export function pageEvidence(fileName: string, html: string): ScopeEvidence {
  const region = routerRegion(html)
  const router = detectRouter(region)
  // The module entry from the head region only: a late block's region spans the page's content.
  return { pages: 1, ...(router ? { router: { ...router, fileName } } : {}), sharedEntry: moduleEntry(headRegion(region)) ?? null }
}

/** Two runs' evidence as one; the same whatever order chunks arrive in. */
export function mergeEvidence(a: ScopeEvidence, b: ScopeEvidence): ScopeEvidence {
  if (a.pages === 0) return b
  if (b.pages === 0) return a
  const router = !a.router ? b.router : !b.router ? a.router : rank(a.router.fileName) <= rank(b.router.fileName) ? a.router : b.router
  return {
    pages: a.pages + b.pages,
    ...(router ? { router } : {}),
    sharedEntry: a.sharedEntry === b.sharedEntry ? a.sharedEntry : null,
  }
}

/** The page a reader knows first sorts first, then code-unit order. */
function rank(fileName: string): string {
  return fileName === 'index.html' ? '' : `\u0001${fileName}`
}
