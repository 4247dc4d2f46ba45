import { readdir, realpath, stat } from 'node:fs/promises'
import { join, relative, sep } from 'node:path'
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
  const rootReal = await realpath(root)
  const found: { path: string; real: string; viaLink: boolean }[] = []
  const links: FolderLink[] = []
  // A stack, not recursion; each folder with the real paths of the folders that contain it (loops).
  const stack = [{ dir: root, real: rootReal, ancestors: [rootReal], viaLink: false }]
  while (stack.length > 0) {
    const { dir, real, ancestors, viaLink } = stack.pop()!
    const entries = await readdir(dir, { withFileTypes: true })
    for (const entry of entries) {
      const path = join(dir, entry.name)
      const rel = relative(root, path).split(sep).join('/')
      if (entry.isDirectory()) {
        if (entry.name !== 'node_modules') stack.push({ dir: path, real: join(real, entry.name), ancestors: [...ancestors, join(real, entry.name)], viaLink })
      } else if (entry.isFile()) found.push({ path: rel, real: join(real, entry.name), viaLink })
      else if (entry.isSymbolicLink()) {
        let target: string
        try {
          target = await realpath(path)
        } catch {
          links.push({ path: rel, problem: 'broken' })
          continue
        }
        if (target !== rootReal && !target.startsWith(rootReal + sep)) {
          links.push({ path: rel, problem: 'outside', target })
          continue
        }
        const info = await stat(target)
        if (info.isDirectory()) {
          if (entry.name === 'node_modules') continue
          if (ancestors.includes(target)) links.push({ path: rel, problem: 'loop', target })
          else stack.push({ dir: path, real: target, ancestors: [...ancestors, target], viaLink: true })
        } else if (info.isFile()) found.push({ path: rel, real: target, viaLink: true })
      }
    }
  }
  let files = found
  if (!perUrl) {
    // One path per real file: its own (not through a link) if the folder has it, else the first in order.
    const byReal = new Map<string, (typeof found)[number]>()
    for (const f of [...found].sort((a, b) => Number(a.viaLink) - Number(b.viaLink) || compare(a.path, b.path)))
      if (!byReal.has(f.real)) byReal.set(f.real, f)
    files = [...byReal.values()]
  }
  return { files: files.map((f) => f.path).sort(compare), links: links.sort((a, b) => compare(a.path, b.path)) }
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
