import { createHash } from 'node:crypto'
import { readdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'

// The floor: what any tool must at least do. Read every page, hash it once, write it back. No
// parsing, no policy; no real tool can be faster than this on the same files.
const [dir] = process.argv.slice(2)
const files = (await readdir(dir, { recursive: true, withFileTypes: true }))
  .filter((e) => e.isFile() && e.name.endsWith('.html'))
  .map((e) => join(e.parentPath, e.name))

for (const file of files) {
  const html = await readFile(file, 'utf8')
  const digest = createHash('sha256').update(html).digest('base64')
  await writeFile(file, html.replace('<head>', `<head><meta name="x-floor" content="${digest}">`))
}
