import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

/**
 * A deterministic static site shaped like what real generators write (the five real sites of
 * test/real-sites, built by VitePress, Docusaurus, Starlight and Nextra, plus hand-written and
 * legacy pages): each page is one generator's shell (head, navigation, footer, its trailing data
 * scripts) around body blocks drawn from a weighted catalogue of the constructs real pages hold.
 * Pages are 20–196 KB with about 29 inline items (scripts, styles, `style=""`, handlers) on average;
 * a few are tiny (redirect stubs) and a few are over 1 MB. Some pages have CRLF line ends, a BOM, or
 * are windows-1252 with Latin-1 bytes (written as such: `generatePageFile` gives the bytes).
 *
 * `constructs()` lists every construct with its proportion (the bench prints it); `generateSite`
 * also counts what it actually wrote.
 */

/** Small seeded PRNG (mulberry32) so every run measures the same site. */
export function random(seed) {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const pick = (rand, list) => list[Math.floor(rand() * list.length)]
const int = (rand, lo, hi) => lo + Math.floor(rand() * (hi - lo + 1))
const hex = (rand, n = 6) => Math.floor(rand() * 16 ** n).toString(16).padStart(n, '0')
const id = (rand) => Math.floor(rand() * 36 ** 6).toString(36).padStart(6, '0')

const WORDS = (
  'the a policy hash inline script style header meta browser static site page build output folder strict source ' +
  'directive nonce chunk query builder type safe component render route layout theme config plugin server client ' +
  'module import export value option default return function table column index request response cache'
).split(' ')
const ACCENTED = ['café', 'naïve', 'résumé', 'über', 'Ærø', 'señor', 'façade', 'coöperate', 'Ångström', 'déjà vu']
const UNICODE = ['日本語', 'Ελληνικά', 'русский', 'العربية', '한국어', '✓', '→', '—', '…', '😀']

function words(rand, n, options) {
  const accented = options?.accented === true
  const unicode = options?.unicode === true
  // Concatenated, not an array joined: the bench's whole site is made of these.
  let out = ''
  for (let i = 0; i < n; i++) {
    const r = rand()
    const word = accented && r < 0.04 ? pick(rand, ACCENTED) : unicode && r < 0.06 ? pick(rand, UNICODE) : pick(rand, WORDS)
    out = i === 0 ? word : `${out} ${word}`
  }
  return out
}

// ---- the constructs ------------------------------------------------------------------------------

/** Page-wide features: the share of pages that have each. */
const PAGE_FEATURES = [
  { name: 'CRLF line ends', share: 0.08 },
  { name: 'byte-order mark', share: 0.03 },
  { name: 'windows-1252 (meta charset, Latin-1 bytes)', share: 0.02 },
  { name: 'tiny page (redirect stub, < 1 KB)', share: 0.01 },
  { name: 'very large page (≥ 1 MB)', share: 0.003 },
]

/** Which generator's shell a page has: the share of pages. */
const SHELLS = [
  { name: 'vitepress', share: 0.22 },
  { name: 'docusaurus', share: 0.2 },
  { name: 'starlight', share: 0.2 },
  { name: 'nextra', share: 0.14 },
  { name: 'blog (Eleventy/Hugo)', share: 0.14 },
  { name: 'hand-written / legacy', share: 0.1 },
]

/**
 * Body blocks, each with its weight (its share of the blocks drawn) and a maker. `ctx` carries the
 * page's options (`upper`: tags and attributes in upper case, legacy pages; `latin1`: only Latin-1
 * text; `shell`).
 */
const BLOCKS = [
  { name: 'paragraph (links, code, entities, quoting styles)', weight: 34, make: paragraph },
  { name: 'heading with anchor', weight: 8, make: heading },
  { name: 'code block (highlighted, some with style="")', weight: 7, make: codeBlock },
  { name: 'list', weight: 6, make: list },
  { name: 'inline SVG icon', weight: 7, make: svgIcon },
  { name: 'inline SVG with <style> and style=""', weight: 0.35, make: svgStyled },
  { name: 'table (some with omitted end tags)', weight: 3, make: table },
  { name: 'form (inputs, select, textarea with tag-like text)', weight: 0.5, make: form },
  { name: 'iframe embed', weight: 0.4, make: iframe },
  { name: 'custom element with declarative shadow root', weight: 0.4, make: shadowElement },
  { name: '<template> (client-side markup)', weight: 0.6, make: template },
  { name: 'Astro island (entity-encoded props)', weight: 0.5, make: astroIsland },
  { name: 'MathML (KaTeX output)', weight: 0.3, make: mathml },
  { name: '<noscript> fallback', weight: 0.3, make: noscript },
  { name: 'comment', weight: 3, make: comment },
  { name: 'IE conditional comment', weight: 0.2, make: conditionalComment },
  { name: 'inline <script> (analytics, widgets)', weight: 0.5, make: inlineScript },
  { name: 'inline <script> with "<!--" and "</script" in strings', weight: 0.15, make: trickyScript },
  { name: 'inline <style>', weight: 0.3, make: inlineStyle },
  { name: 'button / link with event handler or javascript: URL', weight: 0.65, make: handler },
  { name: 'element with style=""', weight: 0.8, make: styledBlock },
  { name: 'details / summary', weight: 1, make: details },
  { name: 'figure with picture, srcset, lazy image', weight: 1.6, make: figure },
  { name: '<pre> / <textarea> / <title>-like text that looks like tags', weight: 0.8, make: tagLikeText },
]
const BLOCK_TOTAL = BLOCKS.reduce((s, b) => s + b.weight, 0)

/** Every construct and its proportion: page features and shells as shares of pages, blocks as shares of body blocks. */
export function constructs() {
  return [
    ...PAGE_FEATURES.map((f) => ({ construct: f.name, of: 'pages', share: f.share })),
    ...SHELLS.map((s) => ({ construct: `${s.name} page shell`, of: 'pages', share: s.share })),
    ...BLOCKS.map((b) => ({ construct: b.name, of: 'body blocks', share: b.weight / BLOCK_TOTAL })),
    { construct: 'JSON-LD in <head>', of: 'pages', share: 0.35 },
    { construct: 'upper-case tags and attributes', of: 'pages', share: SHELLS[5].share * 0.5 },
  ]
}

function tag(ctx, name) {
  return ctx.upper ? name.toUpperCase() : name
}

/** An attribute in one of the tokenizer's quoting styles (legacy pages use all of them). */
function attr(ctx, rand, name, value) {
  const n = ctx.upper ? name.toUpperCase() : name
  if (!ctx.legacy) return `${n}="${value}"`
  const r = rand()
  if (r < 0.4) return `${n}="${value}"`
  if (r < 0.7) return `${n}='${value}'`
  if (r < 0.9 && /^[^\s"'=<>`]+$/.test(value)) return `${n}=${value}`
  return `${n} = "${value}"`
}

function text(rand, ctx, n) {
  return words(rand, n, { accented: ctx.accented, unicode: !ctx.latin1 && ctx.unicode })
}

function link(rand, ctx) {
  const r = rand()
  const href = r < 0.6 ? `/guide/${pick(rand, WORDS)}-${int(rand, 1, 99)}` : r < 0.8 ? `#${pick(rand, WORDS)}` : r < 0.9 ? `https://example.com/${pick(rand, WORDS)}?a=1&amp;b=2` : `../${pick(rand, WORDS)}.html`
  return `<${tag(ctx, 'a')} ${attr(ctx, rand, 'href', href)}${rand() < 0.2 ? ' target="_blank" rel="noopener noreferrer"' : ''}>${text(rand, ctx, int(rand, 1, 4))}</${tag(ctx, 'a')}>`
}

function paragraph(rand, ctx) {
  const parts = []
  const n = int(rand, 3, 9)
  for (let i = 0; i < n; i++) {
    parts.push(text(rand, ctx, int(rand, 6, 20)))
    const r = rand()
    if (r < 0.35) parts.push(link(rand, ctx))
    else if (r < 0.5) parts.push(`<code>${pick(rand, ['a &lt; b', 'x &amp;&amp; y', 'processSite()', '&lt;meta&gt;', 'a =&gt; b'])}</code>`)
    else if (r < 0.6) {
      const t = pick(rand, ['strong', 'em', 'b', 'i', 'kbd', 'mark'])
      parts.push(`<${t}>${text(rand, ctx, int(rand, 1, 3))}</${t}>`)
    }
    else if (r < 0.66) parts.push(pick(rand, ['&nbsp;', '&copy;', '&#8212;', '&#x2014;', '&mdash;', '&amp;', '&hellip;', '&rarr;']))
    else if (r < 0.7) parts.push(`<br${ctx.xhtml ? ' /' : ''}>`)
  }
  return `<${tag(ctx, 'p')}>${parts.join(' ')}</${tag(ctx, 'p')}>`
}

function heading(rand, ctx) {
  const level = int(rand, 2, 4)
  const slug = `${pick(rand, WORDS)}-${id(rand)}`
  const h = tag(ctx, `h${level}`)
  return `<${h} ${attr(ctx, rand, 'id', slug)} tabindex="-1">${text(rand, ctx, int(rand, 2, 6))} <a class="header-anchor" href="#${slug}" aria-label="Permalink to &quot;${slug}&quot;">&#8203;</a></${h}>`
}

function codeBlock(rand, ctx) {
  const lines = []
  const styled = rand() < 0.06 // shiki / prism themes put a style on tokens
  for (let i = int(rand, 3, 14); i > 0; i--) {
    const tokens = []
    for (let k = int(rand, 1, 5); k > 0; k--) {
      const t = pick(rand, ['const', 'import', 'export', 'return', '&lt;div&gt;', '&quot;x&quot;', 'fn()', '=&gt;', '{', '}', '&amp;&amp;'])
      tokens.push(styled && rand() < 0.5 ? `<span style="--shiki-light:#${hex(rand)};--shiki-dark:#${hex(rand)}">${t}</span>` : `<span class="token ${pick(rand, ['keyword', 'string', 'punctuation', 'function'])}">${t}</span>`)
    }
    lines.push(`<span class="line">${tokens.join(' ')}</span>`)
  }
  const pre = styled ? ` style="background-color:#${hex(rand)}"` : ''
  return `<div class="language-ts vp-adaptive-theme"><button title="Copy Code" class="copy"></button><span class="lang">ts</span><pre class="shiki"${pre} tabindex="0"><code>${lines.join('\n')}</code></pre></div>`
}

function list(rand, ctx) {
  const t = rand() < 0.7 ? 'ul' : 'ol'
  const items = Array.from({ length: int(rand, 2, 8) }, () => `<${tag(ctx, 'li')}>${text(rand, ctx, int(rand, 3, 12))}${rand() < 0.3 ? ' ' + link(rand, ctx) : ''}${ctx.legacy && rand() < 0.5 ? '' : `</${tag(ctx, 'li')}>`}`)
  return `<${tag(ctx, t)}>${items.join('\n')}</${tag(ctx, t)}>`
}

const PATHS = ['M12 2L2 7l10 5 10-5-10-5z', 'M19 13h-6v6h-2v-6H5v-2h6V5h2v6h6v2z', 'M7 10l5 5 5-5z', 'M3 18h18v-2H3v2zm0-5h18v-2H3v2zm0-7v2h18V6H3z', 'M12 17.27L18.18 21l-1.64-7.03L22 9.24l-7.19-.61L12 2 9.19 8.63 2 9.24l5.46 4.73L5.82 21z']

function svgIcon(rand, ctx) {
  const r = rand()
  const paths = Array.from({ length: int(rand, 1, 3) }, () => `<path fill="currentColor" d="${pick(rand, PATHS)}"${rand() < 0.3 ? ' fill-rule="evenodd" clip-rule="evenodd"' : ''}></path>`).join('')
  if (r < 0.2) return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24" width="20" height="20" aria-hidden="true"><title>${pick(rand, WORDS)}</title>${paths}</svg>`
  if (r < 0.35) return `<svg class="icon" aria-hidden="true"><use xlink:href="#icon-${pick(rand, WORDS)}"></use></svg>`
  if (r < 0.45) return `<svg width="16" height="16" viewBox="0 0 16 16"><defs><linearGradient id="g${id(rand)}" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="#${hex(rand)}"/><stop offset="1" stop-color="#${hex(rand)}"/></linearGradient></defs><circle cx="8" cy="8" r="7"/><g><rect x="2" y="2" width="4" height="4" rx="1"/></g></svg>`
  return `<svg viewBox="0 0 24 24" width="${pick(rand, [16, 20, 24])}" height="${pick(rand, [16, 20, 24])}" aria-hidden="true">${paths}</svg>`
}

function svgStyled(rand) {
  const r = rand()
  if (r < 0.4) return `<svg style="display:none" xmlns="http://www.w3.org/2000/svg"><defs><symbol id="theme-svg-${id(rand)}" viewBox="0 0 24 24"><path fill="currentColor" d="${pick(rand, PATHS)}"></path></symbol></defs></svg>`
  if (r < 0.7) return `<svg viewBox="0 0 100 40" role="img"><style>.t${id(rand)} { fill: #${hex(rand)}; font: 12px sans-serif }</style><rect width="100" height="40" style="fill:#${hex(rand)}"/><text x="4" y="24" class="t">${pick(rand, WORDS)}</text></svg>`
  return `<svg width="120" height="20"><g style="opacity:.${int(rand, 1, 9)}"><path d="${pick(rand, PATHS)}" style="stroke:#${hex(rand)};stroke-width:2"/></g></svg>`
}

function table(rand, ctx) {
  const cols = int(rand, 2, 5)
  const omit = ctx.legacy && rand() < 0.6
  const cell = (t) => `<${tag(ctx, t)}>${text(rand, ctx, int(rand, 1, 5))}${omit ? '' : `</${tag(ctx, t)}>`}`
  const rows = Array.from({ length: int(rand, 2, 10) }, () => `<${tag(ctx, 'tr')}>${Array.from({ length: cols }, () => cell('td')).join('')}${omit ? '' : `</${tag(ctx, 'tr')}>`}`)
  const head = `<${tag(ctx, 'thead')}><${tag(ctx, 'tr')}>${Array.from({ length: cols }, () => cell('th')).join('')}</${tag(ctx, 'tr')}></${tag(ctx, 'thead')}>`
  const body = omit && rand() < 0.5 ? rows.join('\n') : `<${tag(ctx, 'tbody')}>${rows.join('\n')}</${tag(ctx, 'tbody')}>`
  const styled = rand() < 0.3 ? ` ${attr(ctx, rand, 'style', 'width:100%')}` : ''
  return `<${tag(ctx, 'table')}${styled}${ctx.legacy ? ' border=0 cellpadding="2"' : ''}>${rand() < 0.3 ? `<caption>${text(rand, ctx, 3)}</caption>` : ''}${head}\n${body}</${tag(ctx, 'table')}>`
}

function form(rand, ctx) {
  const opts = Array.from({ length: int(rand, 2, 5) }, (_, i) => `<option value="${i}"${i === 0 ? ' selected' : ''}>${text(rand, ctx, 1)}</option>`).join('')
  return `<${tag(ctx, 'form')} ${attr(ctx, rand, 'action', '/search')} method="get" class="search"${rand() < 0.3 ? ' onsubmit="return check(this)"' : ''}>
<label for="q${id(rand)}">${text(rand, ctx, 2)}</label> <input type="search" name="q" placeholder="Search&hellip;" autocomplete="off" required>
<select name="sort">${opts}</select>
<textarea name="note" rows="3">Write <b>bold</b> or </p> here &amp; more</textarea>
<input type="checkbox" name="x" checked${rand() < 0.3 ? ' onchange="this.form.submit()"' : ''}> <button type="submit"${rand() < 0.2 ? ' style="margin-left:4px"' : ''}>${text(rand, ctx, 1)}</button>
</${tag(ctx, 'form')}>`
}

function iframe(rand, ctx) {
  // Third-party embeds need the youtube and codesandbox presets (else LOAD_BLOCKED, an error): only with `thirdParty`.
  if (!ctx.thirdParty) return `<iframe src="/embed/${id(rand)}.html" title="demo" loading="lazy"${rand() < 0.5 ? ' style="width:100%;height:400px;border:0"' : ''}></iframe>`
  const r = rand()
  if (r < 0.6) return `<iframe width="560" height="315" src="https://www.youtube-nocookie.com/embed/${id(rand)}" title="Video" frameborder="0" allow="accelerometer; autoplay; clipboard-write" allowfullscreen loading="lazy"></iframe>`
  if (r < 0.9) return `<iframe src="https://codesandbox.io/embed/${id(rand)}?view=preview" style="width:100%;height:500px;border:0;border-radius:4px;overflow:hidden" sandbox="allow-scripts allow-same-origin"></iframe>`
  return `<iframe src="/embed/${id(rand)}.html" title="demo">Your browser does not show <b>frames</b>.</iframe>`
}

function shadowElement(rand, ctx) {
  const name = pick(rand, ['site-card', 'theme-toggle', 'copy-button', 'sl-tabs', 'docs-callout'])
  return `<${name} data-id="${id(rand)}"><template shadowrootmode="open"><style>:host { display: block; padding: ${int(rand, 1, 9)}px }</style><slot></slot><button part="b" onclick="this.getRootNode().host.toggle()">${text(rand, ctx, 1)}</button></template><span slot="title">${text(rand, ctx, 3)}</span></${name}>`
}

function template(rand, ctx) {
  return `<template id="tpl-${id(rand)}"><li class="result"><a href="#"><svg viewBox="0 0 24 24" width="16" height="16"><path d="${pick(rand, PATHS)}"></path></svg><span class="title">${text(rand, ctx, 2)}</span></a><div style="display:none" class="excerpt"></div></li></template>`
}

function astroIsland(rand, ctx) {
  const props = `{&quot;title&quot;:[0,&quot;${text(rand, ctx, 2)}&quot;],&quot;count&quot;:[0,${int(rand, 0, 99)}]}`
  return `<astro-island uid="${id(rand)}" prefix="r${int(rand, 0, 9)}" component-url="/_astro/Counter.${id(rand)}.js" component-export="default" renderer-url="/_astro/client.${id(rand)}.js" props="${props}" ssr client="visible" opts="{&quot;name&quot;:&quot;Counter&quot;,&quot;value&quot;:true}" await-children><div class="counter"><button>-</button><pre>${int(rand, 0, 9)}</pre><button>+</button></div><!--astro:end--></astro-island>`
}

function mathml(rand) {
  const v = pick(rand, ['x', 'y', 'n', 'k'])
  return `<span class="katex"><span class="katex-mathml"><math xmlns="http://www.w3.org/1998/Math/MathML"><semantics><mrow><msup><mi>${v}</mi><mn>2</mn></msup><mo>+</mo><mfrac><mn>1</mn><mi>${v}</mi></mfrac></mrow><annotation encoding="application/x-tex">${v}^2 + \\frac{1}{${v}}</annotation></semantics></math></span><span class="katex-html" aria-hidden="true"><span class="base"><span class="strut" style="height:${(rand() * 2).toFixed(4)}em;vertical-align:-0.${int(rand, 1, 9)}em;"></span><span class="mord mathnormal">${v}</span></span></span></span>`
}

function noscript(rand) {
  return pick(rand, [
    `<noscript><img height="1" width="1" style="display:none" src="https://www.facebook.com/tr?id=${int(rand, 1e6, 9e6)}&amp;ev=PageView&amp;noscript=1"></noscript>`,
    `<noscript><p class="warn">This page needs <b>JavaScript</b>.</p></noscript>`,
    `<noscript><style>.js-only { display: none }</style></noscript>`,
  ])
}

function comment(rand) {
  return pick(rand, ['<!---->', '<!--[-->', '<!--]-->', '<!--$-->', '<!--/$-->', `<!-- section ${id(rand)} -->`, '<!-- <div class="old">removed</div> -->', '<!--astro:end-->'])
}

function conditionalComment(rand) {
  return pick(rand, [
    '<!--[if lt IE 9]><script src="/js/html5shiv.js"></script><![endif]-->',
    '<!--[if IE]><p class="browserupgrade">Please upgrade your browser.</p><![endif]-->',
    '<!--[if !IE]><!--><span class="modern"></span><!--<![endif]-->',
  ])
}

function inlineScript(rand) {
  return pick(rand, [
    `<script>window.dataLayer=window.dataLayer||[];function gtag(){dataLayer.push(arguments)}gtag('js',new Date());gtag('config','G-${id(rand).toUpperCase()}');</script>`,
    `<script>document.querySelectorAll('[data-tab]').forEach((el) => el.addEventListener('click', () => select(${int(rand, 0, 9)})))</script>`,
    `<script type="module">import { mount } from '/_astro/widget.${id(rand)}.js'; mount(document.getElementById('w${id(rand)}'))</script>`,
    `<script type="application/json" id="data-${id(rand)}">{"items":[${int(rand, 0, 99)},${int(rand, 0, 99)}],"html":"\\u003cb\\u003e"}</script>`,
  ])
}

function trickyScript(rand) {
  return pick(rand, [
    `<script>var tpl = '<!-- ' + ${int(rand, 0, 99)} + ' -->'; document.write('<scr' + 'ipt src="/a.js"><\\/script>')</script>`,
    `<script>if (a <!--b) { x = "</scripty>" }</script>`,
    `<script>const s = "<\\/script>"; const c = "<!-- not a comment -->"; el.innerHTML = '<p>' + ${int(rand, 0, 99)} + '</p>'</script>`,
  ])
}

function inlineStyle(rand) {
  return `<style>.c-${id(rand)} { color: #${hex(rand)}; margin: ${int(rand, 0, 24)}px } .c-${id(rand)} > a:hover { text-decoration: underline }</style>`
}

function handler(rand, ctx) {
  const r = rand()
  if (r < 0.45) return `<${tag(ctx, 'button')} type="button" ${attr(ctx, rand, 'onclick', `toggle('${pick(rand, WORDS)}')`)}>${text(rand, ctx, 1)}</${tag(ctx, 'button')}>`
  if (r < 0.6) return `<${tag(ctx, 'a')} ${attr(ctx, rand, 'href', 'javascript:void(0)')} ${attr(ctx, rand, 'onclick', 'openMenu(); return false;')}>${text(rand, ctx, 2)}</${tag(ctx, 'a')}>`
  if (r < 0.75) return `<img src="/img/${id(rand)}.png" alt="" loading="lazy" onerror="this.style.display='none'" width="40" height="40">`
  if (r < 0.9) return `<${tag(ctx, 'div')} class="card" ${attr(ctx, rand, 'onmouseover', `hover(this, ${int(rand, 0, 9)})`)}>${text(rand, ctx, 4)}</${tag(ctx, 'div')}>`
  return `<input type="text" onfocus="this.select()" oninput="search(this.value)" placeholder="${text(rand, ctx, 1)}">`
}

function styledBlock(rand, ctx) {
  const css = pick(rand, [
    `margin-top:${int(rand, 0, 40)}px`,
    'display:flex;flex-direction:column;gap:8px',
    `height:0;transition-duration:${int(rand, 1, 5)}00ms`,
    `width: ${int(rand, 10, 100)}%; color: #${hex(rand)};`,
    '--vp-offset: calc(50% - 180px)',
    `background-image:url(&quot;/img/${id(rand)}.png&quot;)`,
  ])
  return `<${tag(ctx, 'div')} ${attr(ctx, rand, 'style', css)}>${rand() < 0.5 ? `<span style="font-weight:${pick(rand, [400, 600, 700])}">${text(rand, ctx, 2)}</span> ` : ''}${text(rand, ctx, int(rand, 4, 16))}</${tag(ctx, 'div')}>`
}

function details(rand, ctx) {
  return `<details class="custom-block details"${rand() < 0.3 ? ' open' : ''}><summary>${text(rand, ctx, 3)}</summary><p>${text(rand, ctx, int(rand, 10, 30))}</p></details>`
}

function figure(rand, ctx) {
  const name = id(rand)
  return `<figure><picture><source type="image/avif" srcset="/img/${name}.avif 1x, /img/${name}@2x.avif 2x"><img src="/img/${name}.png" alt="${text(rand, ctx, 3)}" width="800" height="450" loading="lazy" decoding="async"></picture><figcaption>${text(rand, ctx, int(rand, 3, 10))}</figcaption></figure>`
}

function tagLikeText(rand) {
  return pick(rand, [
    '<pre>&lt;script&gt;alert(1)&lt;/script&gt; and &lt;style&gt; are escaped here</pre>',
    '<textarea readonly>&lt;!-- keep --&gt; <script>not a script</script> <style>not a style</style></textarea>',
    '<pre><code>&lt;template&gt;&lt;div v-if="ok"&gt;{{ msg }}&lt;/div&gt;&lt;/template&gt;</code></pre>',
    '<xmp>an <b>xmp</b> shows tags as text</xmp>',
  ])
}

// ---- page shells --------------------------------------------------------------------------------

function jsonLd(rand, n) {
  return `<script type="application/ld+json">{"@context":"https://schema.org","@type":"Article","headline":"Page ${n}","datePublished":"2025-0${int(rand, 1, 9)}-1${int(rand, 0, 9)}","author":{"@type":"Person","name":"A. Writer"}}</script>`
}

function shellHead(shell, rand, ctx, n, title) {
  const ld = rand() < 0.35 ? jsonLd(rand, n) : ''
  const charset = ctx.latin1 ? `<meta ${ctx.upper ? 'HTTP-EQUIV' : 'http-equiv'}="Content-Type" content="text/html; charset=windows-1252">` : '<meta charset="utf-8">'
  switch (shell) {
    case 'vitepress':
      return `<!DOCTYPE html>
<html lang="en-US" dir="ltr">
  <head>
    ${charset}
    <meta name="viewport" content="width=device-width,initial-scale=1">
    <title>${title} | Docs</title>
    <meta name="description" content="${title}">
    <meta name="generator" content="VitePress v1.6.4">
    <link rel="preload stylesheet" href="/assets/style.${id(rand)}.css" as="style">
    <script type="module" src="/assets/app.${id(rand)}.js"></script>
    <link rel="modulepreload" href="/assets/chunks/framework.${id(rand)}.js">
    <link rel="icon" type="image/svg+xml" href="/logo.svg">
    <script id="check-dark-mode">(()=>{const e=localStorage.getItem("vitepress-theme-appearance")||"auto",a=window.matchMedia("(prefers-color-scheme: dark)").matches;(!e||e==="auto"?a:e==="dark")&&document.documentElement.classList.add("dark")})();</script>
    <script id="check-mac-os">document.documentElement.classList.toggle("mac",/Mac|iPhone|iPod|iPad/i.test(navigator.platform));</script>
    ${ld}
  </head>
  <body>
    <div id="app"><div class="Layout" data-v-${hex(rand, 8)}><!--[--><!--]--><a class="VPSkipLink visually-hidden" href="#VPContent">Skip to content</a><!---->
`
    case 'docusaurus':
      return `<!doctype html>
<html lang="en" dir="ltr" class="docs-wrapper plugin-docs plugin-id-default" data-has-hydrated="false">
<head>
${charset}
<meta name="generator" content="Docusaurus v3.10.2">
<title data-rh="true">${title} | Site</title><meta data-rh="true" name="viewport" content="width=device-width,initial-scale=1"><meta data-rh="true" property="og:title" content="${title}"><link data-rh="true" rel="icon" href="/img/favicon.ico"><link data-rh="true" rel="canonical" href="https://example.com/docs/p${n}">${ld}<link rel="stylesheet" href="/assets/css/styles.${hex(rand, 8)}.css">
<script src="/assets/js/runtime~main.${hex(rand, 8)}.js" defer="defer"></script>
<script src="/assets/js/main.${hex(rand, 8)}.js" defer="defer"></script>
</head>
<body class="navigation-with-keyboard">
<svg style="display: none;"><defs>
<symbol id="theme-svg-external-link" viewBox="0 0 24 24"><path fill="currentColor" d="M21 13v10h-21v-19h12v2h-10v15h17v-8h2zm3-12h-10.988l4.035 4-6.977 7.07 2.828 2.828 6.977-7.07 4.125 4.172v-11z"/></symbol>
</defs></svg>
<script>!function(){var t=function(){try{return new URLSearchParams(window.location.search).get("docusaurus-theme")}catch(t){}}()||function(){try{return window.localStorage.getItem("theme")}catch(t){}}();document.documentElement.setAttribute("data-theme",t||"light")}()</script><div id="__docusaurus"><div role="region" aria-label="Skip to main content"><a class="skipToContent_fXgn" href="#__docusaurus_skipToContent_fallback">Skip to main content</a></div>
`
    case 'starlight':
      return `<!DOCTYPE html><html lang="en" dir="ltr" data-theme="dark" data-has-toc data-has-sidebar class="astro-${id(rand)}"> <head>${charset}<meta name="viewport" content="width=device-width, initial-scale=1"/><title>${title} | Starlight</title><link rel="canonical" href="https://example.com/p${n}/"/><link rel="shortcut icon" href="/favicon.svg" type="image/svg+xml"/><meta name="generator" content="Astro v5.18.2"/><meta property="og:title" content="${title}"/>${ld}<script>
	window.StarlightThemeProvider = (() => {
		const storedTheme = typeof localStorage !== 'undefined' && localStorage.getItem('starlight-theme');
		const theme = storedTheme || (window.matchMedia('(prefers-color-scheme: light)').matches ? 'light' : 'dark');
		document.documentElement.dataset.theme = theme === 'light' ? 'light' : 'dark';
		return { updatePickers(theme = storedTheme || 'auto') {} };
	})();
</script><template id="theme-icons"><svg aria-hidden="true" class="astro-c6vsoqas" width="16" height="16" viewBox="0 0 24 24" fill="currentColor" style="--sl-icon-size: 1em;"><path d="M5 12a1 1 0 0 0-1-1H3a1 1 0 0 0 0 2h1a1 1 0 0 0 1-1Z"/></svg></template><link rel="stylesheet" href="/_astro/print.${id(rand)}.css" media="print"><link rel="stylesheet" href="/_astro/index.${id(rand)}.css"><script type="module" src="/_astro/page.${id(rand)}.js"></script></head> <body class="astro-${id(rand)}"> <a href="#_top" class="astro-${id(rand)}">Skip to content</a> <div class="page sl-flex astro-${id(rand)}"> <header class="header astro-${id(rand)}"><div class="header sl-flex"><site-search data-translations="{&quot;placeholder&quot;:&quot;Search&quot;}"><button data-open-modal disabled aria-label="Search"><svg aria-hidden="true" width="16" height="16" viewBox="0 0 24 24" fill="currentColor" style="--sl-icon-size: 1em;"><path d="M21.71 20.29 18 16.61A9 9 0 1 0 16.61 18l3.68 3.68a1 1 0 0 0 1.42 0 1 1 0 0 0 0-1.39Z"/></svg></button></site-search><starlight-theme-select><label style="--sl-select-width: 6.25em"><span class="sr-only">Select theme</span><select><option value="dark">Dark</option><option value="light">Light</option><option value="auto" selected="true">Auto</option></select></label></starlight-theme-select></div></header>
`
    case 'nextra':
      return `<!DOCTYPE html><html lang="en" dir="ltr"><head>${charset.replace('charset', 'charSet')}<meta name="viewport" content="width=device-width, initial-scale=1"/><link rel="stylesheet" href="/_next/static/css/${hex(rand, 16)}.css" data-precedence="next"/><link rel="preload" as="script" fetchPriority="low" href="/_next/static/chunks/webpack-${hex(rand, 16)}.js"/><script src="/_next/static/chunks/main-app-${hex(rand, 16)}.js" async=""></script><title>${title} – Nextra</title><meta name="description" content="${title}"/>${ld}<script src="/_next/static/chunks/polyfills-${hex(rand, 16)}.js" noModule=""></script></head><body><div hidden=""><!--$--><!--/$--></div><script>((e,t,r,n,o,a,i,s)=>{let u=document.documentElement,l=["light","dark"];function c(t){(Array.isArray(e)?e:[e]).forEach(e=>{let r="class"===e,n=r&&a?o.map(e=>a[e]||e):o;r?(u.classList.remove(...n),u.classList.add(a&&a[t]?a[t]:t)):u.setAttribute(e,t)})}try{c(localStorage.getItem(t)||r)}catch(e){}})("class","theme","system",null,["light","dark"],null,true,true)</script><div class="nextra-nav-container" style="height:var(--nextra-navbar-height)"><nav class="x:flex">
`
    case 'blog (Eleventy/Hugo)':
      return `<!doctype html>
<html lang="en">
<head>
${charset}
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>${title}</title>
<meta name="generator" content="${rand() < 0.5 ? 'Hugo 0.140.0' : 'Eleventy v3.1.2'}">
<link rel="alternate" type="application/rss+xml" href="/feed.xml">
<link rel="stylesheet" href="/css/main.css">
<style>:root{--accent:#${hex(rand)}}body{max-width:${int(rand, 40, 70)}rem;margin:auto}</style>
${ld}
</head>
<body>
<header><a href="/" class="logo">Blog</a> <nav><a href="/posts/">Posts</a> <a href="/about/">About</a></nav></header>
<main>
<article>
`
    default:
      // hand-written / legacy: upper case, unquoted attributes, conditional comments.
      return `${ctx.upper ? '<!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 4.01 Transitional//EN" "http://www.w3.org/TR/html4/loose.dtd">' : '<!DOCTYPE html>'}
<${tag(ctx, 'html')}>
<${tag(ctx, 'head')}>
${charset}
<${tag(ctx, 'title')}>${title} &amp; more</${tag(ctx, 'title')}>
<!--[if lt IE 9]><script src="/js/html5shiv.js"></script><![endif]-->
<${tag(ctx, 'link')} ${attr(ctx, rand, 'rel', 'stylesheet')} ${attr(ctx, rand, 'href', '/style.css')}>
<${tag(ctx, 'script')} ${attr(ctx, rand, 'type', 'text/javascript')}>
function toggle(id) { var e = document.getElementById(id); if (e) e.style.display = e.style.display == 'none' ? '' : 'none'; }
</${tag(ctx, 'script')}>
</${tag(ctx, 'head')}>
<${tag(ctx, 'body')} ${attr(ctx, rand, 'bgcolor', '#ffffff')}${rand() < 0.4 ? ` ${attr(ctx, rand, 'onload', 'init()')}` : ''}>
<${tag(ctx, 'center')}><${tag(ctx, 'font')} ${attr(ctx, rand, 'size', '2')}>${title}</${tag(ctx, 'font')}></${tag(ctx, 'center')}>
`
  }
}

function shellTail(shell, rand, ctx, n) {
  switch (shell) {
    case 'vitepress':
      return `</div></div>
    <script>window.__VP_HASH_MAP__=JSON.parse("{\\"index.md\\":\\"${id(rand)}\\",\\"guide_p${n}.md\\":\\"${id(rand)}\\"}");window.__VP_SITE_DATA__=JSON.parse("{\\"lang\\":\\"en-US\\",\\"title\\":\\"Docs\\",\\"base\\":\\"/\\"}");</script>
    
  </body>
</html>
`
    case 'docusaurus':
      return `</div>
</body>
</html>
`
    case 'starlight':
      return `</div> <script type="module">const e=document.querySelector("starlight-toc");e&&e.setAttribute("data-ready","")</script> </body></html>`
    case 'nextra': {
      const pushes = Array.from({ length: int(rand, 3, 8) }, (_, i) => `<script>self.__next_f.push([1,"${i + 1}:I[${int(rand, 1000, 9999)},[\\"${id(rand)}\\"],\\"default\\"]\\n${i + 2}:\\"$Sreact.suspense\\"\\n:HL[\\"/_next/static/css/${hex(rand, 16)}.css\\",\\"style\\"]\\n\\u003cdiv\\u003e${id(rand)}\\u003c/div\\u003e"])</script>`)
      return `</nav></div><script>(self.__next_f=self.__next_f||[]).push([0])</script>${pushes.join('')}</body></html>`
    }
    case 'blog (Eleventy/Hugo)':
      return `</article>
</main>
<footer><p>&copy; 2025 A. Writer &middot; <a href="/feed.xml">RSS</a></p></footer>
<script>document.querySelectorAll('pre').forEach((p) => p.setAttribute('tabindex', '0'))</script>
</body>
</html>
`
    default:
      return `<${tag(ctx, 'p')}><${tag(ctx, 'a')} ${attr(ctx, rand, 'href', '#top')}>Top</${tag(ctx, 'a')}> | <${tag(ctx, 'a')} ${attr(ctx, rand, 'href', 'mailto:me@example.com')}>Mail</${tag(ctx, 'a')}></${tag(ctx, 'p')}>
</${tag(ctx, 'body')}>
</${tag(ctx, 'html')}>
`
  }
}

function chooseShare(rand, list) {
  let r = rand()
  for (const item of list) {
    r -= item.share
    if (r < 0) return item.name
  }
  return list[list.length - 1].name
}

function chooseBlock(rand) {
  let r = rand() * BLOCK_TOTAL
  for (const block of BLOCKS) {
    r -= block.weight
    if (r < 0) return block
  }
  return BLOCKS[0]
}

/**
 * One page: `{ text, bytes, encoding, features }`. `text` is the page as a browser decodes it (a BOM
 * as U+FEFF); `bytes` what is written (UTF-8, or windows-1252 for the pages that declare it).
 */
export function generatePageFile(n, rand, counts, options = {}) {
  const count = (name) => counts && counts.set(name, (counts.get(name) ?? 0) + 1)
  const shell = chooseShare(rand, SHELLS)
  const r = rand()
  const tiny = r < PAGE_FEATURES[3].share
  const huge = !tiny && r < PAGE_FEATURES[3].share + PAGE_FEATURES[4].share
  const legacy = shell === 'hand-written / legacy'
  const latin1 = !tiny && rand() < PAGE_FEATURES[2].share
  const crlf = rand() < (legacy ? 0.4 : PAGE_FEATURES[0].share * 0.65)
  const bom = !latin1 && rand() < PAGE_FEATURES[1].share
  const ctx = { shell, legacy, upper: legacy && rand() < 0.5, latin1, accented: latin1 || rand() < 0.3, unicode: rand() < 0.2, xhtml: rand() < 0.2, thirdParty: options.thirdParty === true }
  count(`${shell} page shell`)
  if (ctx.upper) count('upper-case tags and attributes')

  let text
  if (tiny) {
    count(PAGE_FEATURES[3].name)
    const to = `/new/p${n}/`
    text = `<!DOCTYPE html><html lang="en"><head><title>${to}</title><link rel="canonical" href="${to}"><meta name="robots" content="noindex"><meta charset="utf-8"><meta http-equiv="refresh" content="0; url=${to}"></head></html>\n`
  } else {
    const target = huge ? 1_050_000 + Math.floor(rand() * 500_000) : 20_000 + Math.floor(rand() * 176_000)
    const title = `${text0(rand, ctx)} ${n}`
    const head = shellHead(shell, rand, ctx, n, title)
    if (head.includes('application/ld+json')) count('JSON-LD in <head>')
    const parts = [head]
    let size = head.length
    while (size < target) {
      const block = chooseBlock(rand)
      count(block.name)
      const chunk = block.make(rand, ctx)
      parts.push(chunk, '\n')
      size += chunk.length + 1
    }
    parts.push(shellTail(shell, rand, ctx, n))
    text = parts.join('')
    if (huge) count(PAGE_FEATURES[4].name)
  }
  if (latin1) count(PAGE_FEATURES[2].name)
  if (crlf) {
    count(PAGE_FEATURES[0].name)
    text = text.replace(/\n/g, '\r\n')
  }
  if (bom) {
    count(PAGE_FEATURES[1].name)
    text = `\uFEFF${text}`
  }
  // One site mixes every shell, which no single real site does: without `routers`, the markers that
  // make cspkit's scope 'auto' choose site scope (one SPA router) are renamed.
  if (!options.routers) text = text.replace(ROUTER_MARKER, (marker) => ROUTER_PLAIN.get(marker))
  const bytes = latin1 ? encodeWindows1252(text) : Buffer.from(text, 'utf8')
  return { text, bytes, encoding: latin1 ? 'windows-1252' : 'utf-8', shell }
}

/** scope/detect-router.ts's markers in the shells, and what they become without `routers`. */
const ROUTER_MARKERS = [
  ['content="VitePress', 'content="vitepress'],
  ['window.__VP_HASH_MAP__', 'window.__VP_HASHES__'],
  ['content="Docusaurus', 'content="docusaurus'],
  ['/_next/static/', '/_next/assets/'],
]
// One pass over the page for all of them (the same as one replaceAll each: no two overlap, and no
// replacement makes another marker).
const ROUTER_PLAIN = new Map(ROUTER_MARKERS)
const ROUTER_MARKER = new RegExp(ROUTER_MARKERS.map(([marker]) => marker.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')).join('|'), 'g')

function text0(rand, ctx) {
  const t = words(rand, int(rand, 2, 5), { accented: ctx.accented })
  return t.charAt(0).toUpperCase() + t.slice(1)
}

/** windows-1252's bytes for the characters above U+00FF that it has (the generator uses only those and Latin-1). */
const CP1252_HIGH = new Map([
  [0x20ac, 0x80], [0x201a, 0x82], [0x0192, 0x83], [0x201e, 0x84], [0x2026, 0x85], [0x2020, 0x86], [0x2021, 0x87],
  [0x02c6, 0x88], [0x2030, 0x89], [0x0160, 0x8a], [0x2039, 0x8b], [0x0152, 0x8c], [0x017d, 0x8e], [0x2018, 0x91],
  [0x2019, 0x92], [0x201c, 0x93], [0x201d, 0x94], [0x2022, 0x95], [0x2013, 0x96], [0x2014, 0x97], [0x02dc, 0x98],
  [0x2122, 0x99], [0x0161, 0x9a], [0x203a, 0x9b], [0x0153, 0x9c], [0x017e, 0x9e], [0x0178, 0x9f],
])
function encodeWindows1252(text) {
  const bytes = Buffer.alloc(text.length)
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    const b = c < 0x80 || (c >= 0xa0 && c <= 0xff) ? c : CP1252_HIGH.get(c)
    if (b === undefined) throw new Error(`bench/generate.mjs: U+${c.toString(16)} has no windows-1252 byte`)
    bytes[i] = b
  }
  return bytes
}

/** One page's text (as a browser decodes it): what the differential tests feed both scanners. */
export function generatePage(n, rand, options = {}) {
  return generatePageFile(n, rand, undefined, options).text
}

/** Where page `n` goes: nested folders, an index.html in every tenth. */
export function pagePath(n) {
  return join(`section-${n % 20}`, `group-${Math.floor(n / 100)}`, n % 10 === 0 ? `index-${n}` : '', n % 10 === 0 ? 'index.html' : `page-${n}.html`)
}

/**
 * Writes a site below `dir`. `generateSite(dir, { pages, seed, routers })` returns `{ pages, bytes,
 * counts }` (`counts`: construct name → how many were written); the older `generateSite(dir, count,
 * seed)` returns the total bytes. `routers: true` keeps the generators' SPA router markers (then
 * cspkit's scope 'auto' finds a router and takes site scope); `thirdParty: true` makes most iframes
 * YouTube and CodeSandbox embeds, which need cspkit's `youtube` and `codesandbox` presets (without
 * them each is a LOAD_BLOCKED error and `cspkit build` exits 1). @default routers false, thirdParty false
 */
export function generateSite(dir, options, legacySeed = 1) {
  const legacy = typeof options === 'number'
  const pages = legacy ? options : options.pages
  const seed = legacy ? legacySeed : (options.seed ?? 1)
  const rand = random(seed)
  const counts = new Map()
  let bytes = 0
  const made = new Set()
  for (let n = 0; n < pages; n++) {
    const path = join(dir, pagePath(n))
    const folder = path.slice(0, path.lastIndexOf('/'))
    if (!made.has(folder)) {
      mkdirSync(folder, { recursive: true })
      made.add(folder)
    }
    const page = generatePageFile(n, rand, counts, { routers: !legacy && options.routers === true, thirdParty: !legacy && options.thirdParty === true })
    writeFileSync(path, page.bytes)
    bytes += page.bytes.length
  }
  mkdirSync(join(dir, 'assets'), { recursive: true })
  writeFileSync(join(dir, 'assets/site.css'), 'body { font-family: sans-serif }\n')
  writeFileSync(join(dir, 'assets/app.js'), 'window.toggleMenu = () => {}\n')
  return legacy ? bytes : { pages, bytes, counts }
}
