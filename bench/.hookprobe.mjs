import { readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import 'vite'
const out = '/dev/shm/mpa-out-without'
const pages = []
for (const g of readdirSync(join(out, 'pages'))) for (const f of readdirSync(join(out, 'pages', g))) pages.push({ fileName: `pages/${g}/${f}`, html: readFileSync(join(out, 'pages', g, f), 'utf8') })
const t0 = performance.now()
const core = await import(process.env.BUNDLE ? new URL(process.env.BUNDLE, 'file:///work/main/packages/core/dist/').href : '@cspkit/core')
const t1 = performance.now()
const options = core.resolveOptions({})
const t2 = performance.now()
const r = core.processSite(pages, options)
const t3 = performance.now()
if (r.pages.length !== 500) throw new Error('pages ' + r.pages.length)
console.log(JSON.stringify({ imp: t1 - t0, opts: t2 - t1, site: t3 - t2 }))
