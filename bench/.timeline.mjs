import { writeFileSync } from 'node:fs'
import { build } from 'vite'
const T = { viteLoaded: performance.now() }
const [root, outDir, mode, inputsJson, file] = process.argv.slice(2)
const mark = (k) => () => { T[k] = performance.now() }
const first = { name: 'tl-first', enforce: 'pre', buildStart: mark('buildStart'), renderStart: mark('renderStart'), generateBundle: { order: 'pre', handler: mark('genPre') }, writeBundle: { order: 'pre', handler: mark('writePre') }, closeBundle: mark('close') }
const last = { name: 'tl-last', enforce: 'post', generateBundle: { order: 'post', handler: mark('genPost') }, writeBundle: { order: 'post', handler: mark('writePost') } }
const plugins = [first]
if (mode === 'with') {
  const { default: csp } = await import('@cspkit/vite')
  plugins.push(csp())
}
T.pluginLoaded = performance.now()
plugins.push(last)
await build({ root, configFile: false, logLevel: 'silent', plugins, build: { outDir, emptyOutDir: true, rollupOptions: { input: JSON.parse(inputsJson) } } })
T.built = performance.now()
const ru = process.resourceUsage()
T.cpuUser = ru.userCPUTime / 1000; T.cpuSys = ru.systemCPUTime / 1000
T.gcs = 0; Object.assign(T, Object.fromEntries(Object.entries(globalThis.__T ?? {}).map(([k, v]) => ['h_' + k, v])))
writeFileSync(file, JSON.stringify(T))
