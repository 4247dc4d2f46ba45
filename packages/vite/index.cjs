'use strict'
// CommonJS entry for require('@cspkit/vite'): a config that is bundled or loaded as CommonJS (a vite.config.ts
// in a project without "type": "module", a rollup.config.js) gets the same plugin; Node ≥ 20.19 loads
// the ESM build with require(). The function is the export, and every named export is on it.
const mod = require('./dist/index.js')
module.exports = Object.assign(mod.default, mod)
