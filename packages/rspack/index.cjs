'use strict'
// CommonJS entry for `require('@cspkit/rspack')` in rspack.config.js: Node ≥ 20.19 loads the ESM build
// with require(). The function is the export, as Rspack plugins usually are.
const mod = require('./dist/index.js')
module.exports = Object.assign(mod.default, mod)
