import { hostTitle, type HostName } from '@cspkit/core'

/** `1 page`, `2 pages`; `many` for irregular plurals (`1 search`, `2 searches`). */
export function count(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`
}

/** `a`, `a and b`, `a, b and c`. */
export function joinAnd(items: readonly string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`
}

/** Hosts as their vendors write them, once each: `Netlify and Cloudflare`. */
export function hostList(hosts: readonly HostName[]): string {
  return joinAnd([...new Set(hosts.map(hostTitle))])
}

/** `the headers Netlify sends`, `the headers Netlify and Vercel send`. */
export function headersSentBy(hosts: readonly HostName[]): string {
  const names = [...new Set(hosts.map(hostTitle))]
  return `the headers ${joinAnd(names)} ${names.length === 1 ? 'sends' : 'send'}`
}
