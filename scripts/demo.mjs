// The demo: build every example with its own bundler CLI, then print each page's policy.
import { execSync } from 'node:child_process'
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import { scanPage } from '@cspkit/core'

const root = fileURLToPath(new URL('..', import.meta.url))
const examples = readdirSync(join(root, 'examples')).filter((d) => statSync(join(root, 'examples', d)).isDirectory())

for (const name of examples) {
  const dir = join(root, 'examples', name)
  console.log(`\n━━ examples/${name}: ${JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).scripts.build}`)
  execSync('pnpm run build', { cwd: dir, stdio: 'inherit' })
  for (const file of htmlFiles(join(dir, 'dist'))) {
    const html = readFileSync(file, 'utf8')
    const [meta] = scanPage(html).metas
    console.log(`\n  ${relative(dir, file)}`)
    if (!meta) {
      console.log('    (no CSP meta)')
      continue
    }
    for (const directive of meta.policy.split(';')) console.log(`    ${directive.trim()};`)
  }
}

function htmlFiles(dir) {
  return readdirSync(dir, { recursive: true })
    .map((f) => join(dir, String(f)))
    .filter((f) => f.endsWith('.html'))
    .sort()
}
