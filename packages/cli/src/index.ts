/** Programmatic use of the CLI package: the same functions the commands call. */
export { main } from './main.js'
export { loadConfig, CONFIG_NAMES, type LoadedConfig } from './config.js'
export { checkPage, type DeliveredPolicy } from './check.js'
export { headerDeliveries, loadHeaderRules, CHECK_HOSTS, type HeaderDelivery, type HeaderFlags, type HeaderSetup } from './check-headers.js'
export { CLI_CODES, EXIT, type CliCode } from './codes.js'
export type { CliIo } from './io.js'
// The whole install: a cspkit.config imports what it needs (defineConfig, defaultPolicy, typed preset calls, definePreset, the types) from 'cspkit'.
export * from '@cspkit/core'
