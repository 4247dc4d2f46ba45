import { describe, expect, it } from 'vitest'
import { DirectoryPaths } from '../src/directory-paths.js'

// The listing holds every path's UTF-8 bytes in blocks of 256 KB that are added as they fill (never
// grown and copied: what a doubling buffer leaves behind stays in the main thread's memory), and a
// filtered list is the kept paths' indices into the same blocks. Every path must come back as it
// went in, across block boundaries, for a path longer than a block, and through filters of filters.

const paths: string[] = []
for (let i = 0; i < 30_000; i++) {
  // 20–120 bytes, some non-ASCII (2- and 3-byte characters, a surrogate pair), so block ends fall anywhere.
  const name = i % 7 === 0 ? `grüße-日本語-😀-${i}` : `page-${i}-${'x'.repeat(i % 97)}`
  paths.push(`section-${i % 20}/group-${Math.floor(i / 100)}/${name}.html`)
  if (i === 12_345) paths.push(`deep/${'ü'.repeat(200_000)}.html`) // 400 KB: a block of its own
}

describe('DirectoryPaths in blocks', () => {
  const list = DirectoryPaths.from(paths)

  it('gives back every path, in order, across blocks and for a path longer than a block', () => {
    expect(list.length).toBe(paths.length)
    expect([...list]).toEqual(paths)
    expect(list.slice(12_340, 12_350)).toEqual(paths.slice(12_340, 12_350))
  })

  it('filters to the kept paths (and filters a filtered list), sharing the bytes', () => {
    const odd = list.filter((p) => p.length % 2 === 1)
    expect([...odd]).toEqual(paths.filter((p) => p.length % 2 === 1))
    const oddNoUnicode = odd.filter((p) => !p.includes('ü'))
    expect([...oddNoUnicode]).toEqual(paths.filter((p) => p.length % 2 === 1 && !p.includes('ü')))
    expect(oddNoUnicode.at(oddNoUnicode.length - 1)).toBe(paths.filter((p) => p.length % 2 === 1 && !p.includes('ü')).at(-1))
    expect(list.filter(() => true)).toBe(list)
    expect(list.filter(() => false).length).toBe(0)
  })

  it('finds a path in a sorted list', () => {
    const sorted = DirectoryPaths.from([...paths].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)))
    for (const p of [paths[0]!, paths[12_346]!, paths.at(-1)!]) expect(sorted.hasSorted(p)).toBe(true)
    expect(sorted.hasSorted('section-0/missing.html')).toBe(false)
  })
})
