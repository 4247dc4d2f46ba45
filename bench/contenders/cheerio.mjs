import { createHash } from 'node:crypto'
import { readdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import * as cheerio from 'cheerio'

// The approach of the popular cheerio-based Vite and webpack CSP plugins: load each page into
// cheerio, hash the text of every inline <script> and <style> and every style="" attribute, add a
// CSP meta, and write the page back re-serialised by cheerio.
const [dir] = process.argv.slice(2)
const hash = (text) => `'sha256-${createHash('sha256').update(text).digest('base64')}'`

const files = (await readdir(dir, { recursive: true, withFileTypes: true }))
  .filter((e) => e.isFile() && e.name.endsWith('.html'))
  .map((e) => join(e.parentPath, e.name))

for (const file of files) {
  const $ = cheerio.load(await readFile(file, 'utf8'))
  const scripts = new Set()
  const styles = new Set()
  $('script:not([src])').each((_, el) => {
    const type = $(el).attr('type')
    if (!type || type === 'module' || type === 'text/javascript') scripts.add(hash($(el).html() ?? ''))
  })
  $('style').each((_, el) => styles.add(hash($(el).html() ?? '')))
  $('[style]').each((_, el) => styles.add(hash($(el).attr('style') ?? '')))
  const policy = `default-src 'self'; script-src 'self' ${[...scripts].join(' ')}; style-src 'self' 'unsafe-hashes' ${[...styles].join(' ')}`
  $('head').prepend(`<meta http-equiv="Content-Security-Policy" content="${policy}">`)
  await writeFile(file, $.html())
}
