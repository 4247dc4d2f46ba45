import { readdirSync, realpathSync, statSync } from 'node:fs'
import { join, sep } from 'node:path'
import { DirectoryPaths, DirectoryPathsBuilder } from './directory-paths.js'
import { diagnostic, type Diagnostic } from './diagnostics.js'

/** A symbolic link in the folder that leads nowhere cspkit may follow. */
export interface FolderLink {
  /** Output-relative path of the link, `/`-separated. */
  readonly path: string
  /** `outside`: its target is outside the folder; `broken`: it has none; `loop`: a folder link back to a folder that contains it. */
  readonly problem: 'outside' | 'broken' | 'loop'
  readonly target?: string
}

export interface FolderFiles {
  /** Output-relative, `/`-separated, sorted. */
  readonly files: readonly string[]
  readonly links: readonly FolderLink[]
}

/**
 * Every file of a built folder (outside `node_modules`), symbolic links inside it followed, as a
 * static host serves them: a link's target at the link's URL. `perUrl` lists a file once for each
 * path that reaches it (what `cspkit check` needs: each URL may get its own headers); otherwise once
 * per real file, under its own path when the folder has it (what the build needs: the page's bytes,
 * and the CSP meta in them, are one file for every URL, and it must be rewritten once). Links
 * leading outside the folder, broken ones and loops are returned, not followed.
 */
export async function listFolderFiles(root: string, perUrl: boolean): Promise<FolderFiles> {
  const { paths, links } = listFolderPaths(root, perUrl)
  return { files: [...paths], links }
}

/**
 * listFolderFiles with the paths as one string and offsets (directory-paths.ts: what a folder of
 * 100,000 pages holds in memory). The walk is synchronous and visits each folder's entries in the
 * order that makes the paths come out sorted by code point, so nothing is sorted after (a folder
 * `a` sorts as `a/`: `a-b/x` comes before `a/x`, as the whole paths compare). Only files reached
 * through a link keep their real path (to list each real file once).
 */
export function listFolderPaths(root: string, perUrl: boolean): { paths: DirectoryPaths; links: FolderLink[] } {
  const rootReal = realpathSync(root)
  const out = new DirectoryPathsBuilder()
  const viaLinks: { path: string; real: string }[] = []
  const links: FolderLink[] = []
  // Each folder's entries as their sort keys only (a folder's name with a `/`, which no name has):
  // what waits while the folders below are walked is one short string an entry, so little outlives
  // V8's young generation. Links (rare) keep their real path aside.
  const walk = (dir: string, rel: string, real: string, ancestors: readonly string[], viaLink: boolean) => {
    const keys: string[] = []
    let linked: Map<string, string> | undefined
    // A path below the folder, made only for what is listed and for links' diagnostics.
    const pathOf = (name: string) => (rel === '' ? name : `${rel}/${name}`)
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.isDirectory()) {
        if (entry.name !== 'node_modules') keys.push(`${entry.name}/`)
      } else if (entry.isFile()) keys.push(entry.name)
      else if (entry.isSymbolicLink()) {
        let target: string
        try {
          target = realpathSync(join(dir, entry.name))
        } catch {
          links.push({ path: pathOf(entry.name), problem: 'broken' })
          continue
        }
        if (target !== rootReal && !target.startsWith(rootReal + sep)) {
          links.push({ path: pathOf(entry.name), problem: 'outside', target })
          continue
        }
        const info = statSync(target)
        let key: string
        if (info.isDirectory()) {
          if (entry.name === 'node_modules') continue
          if (ancestors.includes(target)) {
            links.push({ path: pathOf(entry.name), problem: 'loop', target })
            continue
          }
          key = `${entry.name}/`
        } else if (info.isFile()) key = entry.name
        else continue
        keys.push(key)
        ;(linked ??= new Map()).set(key, target)
      }
    }
    keys.sort(compare)
    for (const key of keys) {
      const target = linked?.get(key)
      const isDir = key.endsWith('/')
      const name = isDir ? key.slice(0, -1) : key
      const path = pathOf(name)
      if (isDir) {
        const own = target ?? join(real, name)
        walk(join(dir, name), path, own, [...ancestors, own], viaLink || target !== undefined)
      } else {
        if (viaLink || target !== undefined) viaLinks.push({ path, real: target ?? join(real, name) })
        out.add(path)
      }
    }
  }
  walk(root, '', rootReal, [rootReal], false)
  links.sort((a, b) => compare(a.path, b.path))
  const paths = out.done()
  if (perUrl || viaLinks.length === 0) return { paths, links }
  // One path per real file: its own (not through a link) if the folder has it, else the first in order.
  const dropped = new Set<string>()
  const seen = new Set<string>()
  for (const f of viaLinks) {
    const own = f.real.startsWith(rootReal + sep) ? f.real.slice(rootReal.length + 1).split(sep).join('/') : undefined
    // A real path has no link in it, so when the folder lists it, it lists it not through a link.
    const ownListed = own !== undefined && own !== f.path && paths.hasSorted(own)
    if (ownListed || seen.has(f.real)) dropped.add(f.path)
    else seen.add(f.real)
  }
  return { paths: paths.filter((p) => !dropped.has(p)), links }
}

/** The message for a link the folder's listing did not follow. `code` is the door's (build or check). */
export function folderLinkDiagnostic(link: FolderLink, code: 'LINK_NOT_FOLLOWED' | 'CHECK_LINK_NOT_FOLLOWED'): Diagnostic {
  const what =
    link.problem === 'outside'
      ? `is a symbolic link to ${link.target}, outside the folder`
      : link.problem === 'broken'
        ? 'is a symbolic link to nothing (its target does not exist)'
        : `is a symbolic link back to ${link.target}, a folder that contains it`
  const doing = code === 'CHECK_LINK_NOT_FOLLOWED' ? 'checks' : 'processes'
  return diagnostic({
    code,
    file: link.path,
    message: `${link.path} ${what}, so cspkit neither ${doing} nor follows it: a host that deploys the folder may serve it without a policy.`,
    fix:
      link.problem === 'loop'
        ? 'Remove the link (a host would serve the same pages at ever longer URLs), or link to a folder beside it.'
        : 'Copy the file or folder into the built folder instead of linking to it, or remove the link.',
  })
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}
