import type { Options } from './options.js'

/**
 * Types a `cspkit.config.{ts,mjs,js,json}` (read by the `cspkit` CLI) or a shared options object
 * handed to `@cspkit/vite`, `@cspkit/webpack` or `processDirectory()`. It returns its argument
 * unchanged: the value is only the editor's completion and type checks.
 */
export function defineConfig<const T extends Options>(options: T): T {
  return options
}
