import { describe, expect, it } from 'vitest'
import { hashSource } from '../src/html/hash.js'
import { HashMemo } from '../src/html/hash-memo.js'
import { processSite } from '../src/site.js'
import type { Options } from '../src/options.js'

// Built sites repeat the same inline scripts and styles on every page, so an item's hash-source is
// remembered by its text. Remembering must never change a policy: texts that differ by one byte, by
// their line endings or by white space are different texts, and each page's policy holds exactly the
// hashes of its own items, as hashing each item afresh gives.

const THEME = 'const d=localStorage.getItem("theme");document.documentElement.dataset.theme=d??"light"'
const LONG = `window.__DATA__=${JSON.stringify({ pages: Array.from({ length: 3000 }, (_, i) => `/guide/page-${i}.html`) })}`
const variants = [
  THEME,
  `${THEME.slice(0, -1)}k`, // the last byte differs
  `${THEME.slice(0, 20)}\r\n${THEME.slice(20)}`, // CRLF: the browser hashes it as LF
  `${THEME.slice(0, 20)}\n${THEME.slice(20)}`,
  `${THEME.slice(0, 20)}\r${THEME.slice(20)}`, // a lone CR: LF as well
  ` ${THEME}`, // white space is part of the text
  `${THEME} `,
  `${THEME}\t`,
  LONG,
  `${LONG.slice(0, -2)}!}`, // a long text differing near its end
]

function page(n: number): string {
  // Each page has some of the variants, in its own order, some twice, and a style="" of its own.
  const scripts = variants.filter((_, i) => (i + n) % 3 !== 0).map((text) => `<script>${text}</script>`)
  if (n % 2 === 0) scripts.reverse()
  return `<!doctype html><html><head><meta charset="utf-8">${scripts.join('')}<style>p{margin:0}</style></head><body><p style="color:red">x</p><p style="color:red ">y</p><i style="n:${n}">${scripts[0]}</i></body></html>`
}

const pages = Array.from({ length: 30 }, (_, n) => ({ fileName: `p${n}.html`, html: page(n) }))

describe('hash-sources remembered by text: each page\'s policy is as hashing afresh gives it', () => {
  it.each(['sha256', 'sha384', 'sha512'] as const)('page scope, %s: every page holds exactly its own items\' hashes', (algorithm) => {
    const options: Options = { scope: 'page', algorithm }
    const site = processSite(pages, options)
    for (const result of site.pages) {
      const own = [...new Set(result.inline.map((item) => hashSource(item.text, algorithm)))].sort()
      expect([...result.hashes].sort(), result.fileName).toEqual(own)
      for (const h of own) expect(result.metaPolicy, result.fileName).toContain(h)
      expect(result.blocked, result.fileName).toEqual([])
    }
    // The variants are 10 different texts with 8 different hashes (CRLF, CR and LF are one text to the browser).
    const all = new Set(site.pages.flatMap((p) => p.hashes.filter((h) => h.startsWith(`'${algorithm}-`))))
    expect(all.size).toBe(8 + 1 + 2 + 30) // the variants, <style>, two style="" and each page's own style=""
  })

  it('a second run (the memo warm) writes the same bytes as the first', () => {
    const first = processSite(pages, { scope: 'page' }).pages.map((p) => p.html)
    const second = processSite(pages, { scope: 'page' }).pages.map((p) => p.html)
    expect(second).toEqual(first)
  })

  it('a small memo that keeps evicting still answers every text as hashSource does', () => {
    const memo = new HashMemo('sha256', 3, 200)
    const texts = [...variants, ...variants.slice(0, 4), 'a', 'b', 'a', 'c', 'd', 'a', 'x'.repeat(24), 'x'.repeat(25), 'x'.repeat(24)]
    for (let round = 0; round < 3; round++) for (const text of texts) expect(memo.hash(text), JSON.stringify(text.slice(0, 40))).toBe(hashSource(text))
  })
})
