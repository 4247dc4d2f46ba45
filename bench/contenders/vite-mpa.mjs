import { build } from 'vite'

// `vite build` of a many-page app, with or without @cspkit/vite: the plugin's build overhead.
const [root, outDir, mode, inputsJson] = process.argv.slice(2)
const plugins = []
if (mode === 'with') {
  const { default: csp } = await import('@cspkit/vite')
  plugins.push(csp())
}
await build({
  root,
  configFile: false,
  logLevel: 'silent',
  plugins,
  build: { outDir, emptyOutDir: true, rollupOptions: { input: JSON.parse(inputsJson) } },
})
