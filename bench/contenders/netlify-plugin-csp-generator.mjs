import { createRequire } from 'node:module'

// netlify-plugin-csp-generator as Netlify runs it: its onPostBuild over the publish folder (it
// parses every page with jsdom and appends the hashes to _headers; pages are not edited).
const require = createRequire(import.meta.url)
const plugin = require('netlify-plugin-csp-generator')
const [dir] = process.argv.slice(2)
const quiet = { info() {}, log() {} }
Object.assign(console, quiet)
await plugin.onPostBuild({
  inputs: { buildDir: dir, exclude: [], policies: { defaultSrc: "'self'" }, disablePolicies: [], disableGeneratedPolicies: [], reportOnly: false, generateForAllFiles: false, debug: false },
})
