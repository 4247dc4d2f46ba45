import type { Node } from 'jsonc-parser'

/** Deeper than any real vercel.json: the recursive parsers (jsonc-parser's) would overflow the stack long before Vercel's JSON.parse does. */
export const MAX_JSON_DEPTH = 64

/**
 * How deep `[` and `{` nest in JSON text, counted without recursion (strings skipped), stopping
 * once past `limit`: the check that runs before any recursive parser sees the text.
 */
export function jsonDepthOver(text: string, limit = MAX_JSON_DEPTH): { depth: number; offset: number } | undefined {
  let depth = 0
  let inString = false
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (inString) {
      if (c === 0x5c) i++ // backslash: skip the escaped character
      else if (c === 0x22) inString = false
      continue
    }
    if (c === 0x22) inString = true
    else if (c === 0x7b || c === 0x5b) {
      if (++depth > limit) return { depth, offset: i }
    } else if (c === 0x7d || c === 0x5d) depth--
  }
  return undefined
}

/**
 * The first key that appears twice in one object (anywhere in the tree), with the offset of its
 * second appearance. JSON.parse, as Vercel uses it, keeps the last; an editor working on the first
 * would edit what Vercel never reads. Iterative: the depth is bounded by jsonDepthOver anyway.
 */
export function firstDuplicateKey(root: Node): { key: string; offset: number } | undefined {
  const stack: Node[] = [root]
  while (stack.length > 0) {
    const node = stack.pop()!
    if (node.type === 'object') {
      const seen = new Set<string>()
      for (const prop of node.children ?? []) {
        const key = prop.children?.[0]?.value as string | undefined
        if (key === undefined) continue
        if (seen.has(key)) return { key, offset: prop.offset }
        seen.add(key)
      }
    }
    for (const child of node.children ?? []) stack.push(child)
  }
  return undefined
}

/** 1-based line and column of `offset` in `text`. */
export function lineColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset).split('\n')
  return { line: before.length, column: before[before.length - 1]!.length + 1 }
}
