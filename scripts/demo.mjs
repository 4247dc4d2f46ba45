// The demo: build every example with its own bundler CLI, then print each page's policy.
import { execSync } from 'node:child_process'
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import { existsSync } from 'node:fs'
import { createServer } from 'node:http'
import { scanPage } from '@cspkit/core'

const CHROMIUM = process.env.CSPKIT_CHROMIUM ?? '/usr/bin/chromium'
const browser = existsSync(CHROMIUM)
  ? await (await import('playwright-core')).chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    })
  : undefined

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
    for (const directive of meta.policy.split(';')) console.log(`    ${directive.trim()}`)
    if (browser) console.log(`    → Chromium: ${await verdict(join(dir, 'dist'), relative(join(dir, 'dist'), file))}`)
  }
}
await browser?.close()
if (!browser) console.log(`\n(Chromium not found at ${CHROMIUM}: install it to see each page checked in a browser.)`)

/** Loads the built page from a local server and counts CSP violations and inline scripts that ran. */
async function verdict(dist, file) {
  const server = createServer((req, res) => {
    const path = new URL(req.url, 'http://x').pathname
    const candidates = [path, join(path, 'index.html')].map((p) => join(dist, p))
    const found = candidates.find((p) => existsSync(p) && statSync(p).isFile())
    if (!found) return res.writeHead(404).end()
    const type = found.endsWith('.html') ? 'text/html' : found.endsWith('.css') ? 'text/css' : found.endsWith('.svg') ? 'image/svg+xml' : 'text/javascript'
    res.writeHead(200, { 'content-type': type }).end(readFileSync(found))
  })
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok))
  const page = await browser.newPage()
  await page.addInitScript(() => {
    window.__violations = []
    document.addEventListener('securitypolicyviolation', (e) => window.__violations.push(`${e.effectiveDirective} ${e.blockedURI}`))
  })
  await page.goto(`http://127.0.0.1:${server.address().port}/${file.replace(/index\.html$/, '')}`)
  await page.waitForTimeout(300)
  const { violations, ran } = await page.evaluate(() => ({ violations: window.__violations, ran: window.__inlineRan ?? [] }))
  await page.close()
  server.close()
  return `${violations.length} CSP violations${violations.length ? ` (${violations.join(', ')})` : ''}; inline scripts ran: ${ran.join(', ') || 'none'}`
}

function htmlFiles(dir) {
  return readdirSync(dir, { recursive: true })
    .map((f) => join(dir, String(f)))
    .filter((f) => f.endsWith('.html'))
    .sort()
}
