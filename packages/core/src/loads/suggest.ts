import { registryPresetLookup } from '../dev/preset-lookup.js'
import type { PresetLookup } from '../dev/advice.js'
import { presets as registry } from '../presets/registry.js'

let lookup: PresetLookup | undefined

/**
 * The registered presets whose default variant allows `url` for `directive` (following the
 * fallback chain within each preset's own policy), best first: a preset named after the host
 * (`youtube` for www.youtube.com) before one that allows it among much else (a chat widget that
 * embeds videos), then the one that allows least. The whole registry is read, whatever is in it:
 * no preset is named here. Resolved once per process. Only network URLs: presets are for hosts.
 */
export function suggestPresets(url: URL, directive: string): readonly string[] {
  // A scheme (data:, blob:) is one source to add, not a service to adopt.
  if (!['http:', 'https:', 'ws:', 'wss:'].includes(url.protocol)) return []
  lookup ??= registryPresetLookup()
  const found = lookup(url, directive)
  if (found.length < 2) return found
  const host = url.hostname.toLowerCase()
  const rank = (name: string) => [namedAfter(name, host) ? 0 : 1, sourceCount(name)] as const
  return [...found].sort((a, b) => {
    const ra = rank(a)
    const rb = rank(b)
    return ra[0] - rb[0] || ra[1] - rb[1] || (a < b ? -1 : 1)
  })
}

/** Every word of the preset's name is in the host (`google-analytics` in region1.google-analytics.com). */
function namedAfter(name: string, host: string): boolean {
  return host.includes(name) || name.split('-').every((word) => host.includes(word))
}

/** How many sources the preset's default variant adds: fewer is a closer fit. */
function sourceCount(name: string): number {
  const preset = (registry as Readonly<Record<string, { readonly directives: Readonly<Record<string, readonly string[]>> }>>)[name]
  return preset ? Object.values(preset.directives).reduce((n, list) => n + list.length, 0) : Number.MAX_SAFE_INTEGER
}
