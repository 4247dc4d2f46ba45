import type { Preset, PresetCall, PresetCallOptions } from './types.js'

/**
 * Declares a preset (built-in or the user's own) with its literal types kept, so a typed call only
 * accepts its own variants and option values. The result is deeply frozen: presets are shared data.
 */
export function definePreset<const P extends Preset>(preset: P): P {
  return deepFreeze(preset)
}

/**
 * The typed call for a preset: `gleap({ variant: 'explicit-hosts', pusherCluster: 'eu' })`. Calling it with
 * no argument is the same as naming the preset.
 */
export function presetFactory<const P extends Preset>(preset: P): (options?: PresetCallOptions<P>) => PresetCall {
  return (options) => {
    const { variant, ...values } = (options ?? {}) as { variant?: string } & Record<string, string>
    return Object.freeze({
      preset,
      ...(variant !== undefined ? { variant } : {}),
      options: Object.freeze(values),
    })
  }
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value)
    for (const child of Object.values(value)) deepFreeze(child)
  }
  return value
}
