/**
 * What the presets take from the vendors' npm SDKs, re-read from the installed packages, so an SDK
 * update that moves a host or changes a text a preset hashes fails here rather than in a visitor's
 * browser; and the rule that no option value can widen a policy.
 */
import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { PRESET_NAMES, presets } from '../src/presets/registry.js'
import { resolvePresets } from '../src/presets/resolve.js'
import { getDirective } from '../src/policy/model.js'
import { formatDiagnostic } from '../src/diagnostics.js'
import { builtInPresetPolicies } from '../src/presets/built-in.js'
import { presetLookup } from '../src/dev/preset-lookup.js'
import type { Preset } from '../src/presets/types.js'

const ROOT = fileURLToPath(new URL('../../..', import.meta.url))
const sdkFile = (path: string) => readFileSync(join(ROOT, 'node_modules', path), 'utf8')
const sha256 = (text: string) => `'sha256-${createHash('sha256').update(text).digest('base64')}'`
/** The one capture of `pattern` in `text`; fails (with what to do) when the SDK no longer has it. */
const captured = (text: string, pattern: RegExp, what: string): string => {
  const match = pattern.exec(text)
  expect(match, `the SDK no longer has ${what}: re-measure the preset`).not.toBeNull()
  return match![1]!
}
const sourcesOf = (preset: Preset, directive: string, variant?: string, options: Record<string, string> = {}) =>
  getDirective(resolvePresets([{ preset, ...(variant ? { variant } : {}), options }]).list[0]!.policy, directive)?.values ?? []

describe('presets: free-text options cannot widen a policy', () => {
  const freeText = PRESET_NAMES.flatMap((name) =>
    Object.entries((presets[name] as Preset).options ?? {})
      .filter(([, spec]) => !spec.values)
      .map(([option]) => [name, option] as const),
  )
  // A variant that uses the option: its placeholder must be in the resolved directives.
  const variantUsing = (preset: Preset, option: string) =>
    [undefined, ...Object.keys(preset.variants ?? {})].find((v) => JSON.stringify(v ? preset.variants![v] : preset.directives).includes(`{${option}}`))

  it('the new presets with a subdomain option are among them', () => {
    expect(freeText).toEqual(expect.arrayContaining([['imgix', 'source'], ['goatcounter', 'code'], ['matomo', 'instance'], ['matomo', 'host'], ['umami', 'host']]))
  })

  const widening = ['*', 'a b', "x 'unsafe-inline'", "'self'", 'evil.example/path', 'https://evil.example', 'evil.example:443', 'x;script-src *', '', '-x', 'x..y', '*.example']
  it.each(freeText)("%s: option '%s' rejects values that would add or widen sources, with OPTION_INVALID", (name, option) => {
    const preset = presets[name]
    const variant = variantUsing(preset, option)
    for (const value of widening) {
      const resolved = resolvePresets([{ preset: name, ...(variant ? { variant } : {}), options: { [option]: value } }])
      expect(resolved.list, `${name}.${option} = ${JSON.stringify(value)}`).toEqual([])
      expect(resolved.diagnostics[0], JSON.stringify(value)).toMatchObject({ code: 'OPTION_INVALID', option: `presets[0].${option}`, preset: name })
      // What the user reads: names the preset option and says what to give instead.
      expect(formatDiagnostic(resolved.diagnostics[0]!)).toMatch(new RegExp(`^\\[cspkit\\] OPTION_INVALID \\(option presets\\[0\\]\\.${option}[^)]*\\): .* it must be .*cannot add or widen a source\\. Fix: Give '${option}' as `))
    }
    // A value of the option's own form is accepted and lands in the policy as one host.
    const good = ({ 'dns-label': 'my-site2', domain: 'my-site2.example.com', 'google-tld': 'co.uk', 'host-name': 'my-site2' } as Record<string, string>)[(preset as Preset).options![option]!.form ?? 'host-name']
    const ok = resolvePresets([{ preset: name, ...(variant ? { variant } : {}), options: { [option]: good } }])
    expect(ok.diagnostics).toEqual([])
    expect(JSON.stringify(ok.list[0]!.policy)).toContain(good)
  })

  it("an enumerated option (typeform's formDomain) takes only its listed hosts", () => {
    const resolved = resolvePresets([['typeform', { formDomain: 'evil.example' }]])
    expect(resolved.diagnostics[0]).toMatchObject({ code: 'OPTION_INVALID', option: 'presets[0].formDomain', preset: 'typeform' })
    expect(resolved.diagnostics[0]!.fix).toContain("'form.typeform.eu'")
  })
})

describe('presets: hosts and hashes taken from the vendors’ SDKs', () => {
  it("iconify: connect-src is iconify-icon's API host and its fallbacks", () => {
    const code = sdkFile('iconify-icon/dist/iconify-icon.mjs')
    const main = captured(code, /resources: \["(https:\/\/[^"]+)"\]\.concat\(fallBackAPI\)/, 'its default API host')
    const fallbacks = JSON.parse(captured(code, /const fallBackAPISources = (\[[^\]]+\])/, 'its fallback API hosts')) as string[]
    expect(sourcesOf(presets.iconify, 'connect-src')).toEqual([main, ...fallbacks])
  })

  it("typeform: formDomain's values are @typeform/embed's default and EU form hosts", () => {
    const code = sdkFile('@typeform/embed/build/index.js')
    const us = captured(code, /DEFAULT_DOMAIN="([^"]+)"/, 'DEFAULT_DOMAIN')
    const eu = captured(code, /DEFAULT_EU_DOMAIN="([^"]+)"/, 'DEFAULT_EU_DOMAIN')
    expect(presets.typeform.options.formDomain.values).toEqual([us, eu])
    expect(sourcesOf(presets.typeform, 'frame-src', 'npm', { formDomain: eu })).toEqual([`https://${eu}`])
  })

  it('stackblitz: the frame style, the form style and the submit script the SDK writes are what the preset hashes', () => {
    const code = sdkFile('@stackblitz/sdk/bundles/sdk.m.js')
    const origin = captured(code, /const DEFAULT_ORIGIN = "([^"]+)"/, 'DEFAULT_ORIGIN')
    const frameStyle = captured(code, /frame\.setAttribute\("style", "([^"]+)"\)/, "the frame's style attribute")
    const formStyle = captured(code, /form\.setAttribute\("style", "([^"]+)"\)/, "the form's style attribute")
    const formId = captured(code, /form\.id = "([^"]+)"/, "the form's id")
    const script = captured(code, /<script>(document\.getElementById\('\$\{form\.id\}'\)\.submit\(\);)<\\\/script>/, 'the inline submit script').replace('${form.id}', formId)
    expect(sourcesOf(presets.stackblitz, 'frame-src')).toEqual([origin])
    expect(sourcesOf(presets.stackblitz, 'style-src-attr')).toEqual(["'unsafe-hashes'", sha256(frameStyle)])
    expect(sourcesOf(presets.stackblitz, 'style-src-attr', 'project')).toEqual(["'unsafe-hashes'", sha256(frameStyle), sha256(formStyle)])
    expect(sourcesOf(presets.stackblitz, 'script-src', 'project')).toEqual([sha256(script)])
    expect(sourcesOf(presets.stackblitz, 'form-action', 'project')).toEqual([origin])
  })

  it("loom: the responsive embed's style attributes for a 16:9 video are what the preset hashes", () => {
    const code = sdkFile('@loomhq/loom-embed/dist/esm/index.js')
    const frameStyle = captured(code, /const iframeStyles = "([^"]+)"/, "the iframe's style")
    const wrapperTemplate = captured(code, /const wrapperStyles = `([^`]+)`/, "the wrapper's style template")
    const wrapperStyle = wrapperTemplate.replace('${padding}', `${(1080 / 1920) * 100}%`)
    expect(wrapperStyle).toBe('position: relative; padding-bottom: 56.25%; height: 0;')
    expect(sourcesOf(presets.loom, 'style-src-attr')).toEqual(["'unsafe-hashes'", sha256(wrapperStyle), sha256(frameStyle)])
  })

  it('fathom, microsoft-clarity, cal-com, pirsch, unsplash and giscus: script and frame hosts are those their npm packages load', () => {
    const origin = (url: string) => new URL(url).origin
    const fathom = captured(sdkFile('fathom-client/dist/fathom-client.esm.js'), /"(https:\/\/[^"]+\/script\.js)"/, 'the script URL')
    expect(sourcesOf(presets.fathom, 'script-src')).toEqual([origin(fathom)])
    const clarity = captured(sdkFile('@microsoft/clarity/src/utils.js'), /"(https:\/\/[^"]+\/tag\/)"/, 'the tag URL')
    expect(sourcesOf(presets['microsoft-clarity'], 'script-src')).toContain(origin(clarity))
    const cal = captured(sdkFile('@calcom/embed-snippet/dist/snippet.es.js'), /const l = "(https:\/\/[^"]+)"/, 'the embed.js URL')
    expect(sourcesOf(presets['cal-com'], 'script-src')).toEqual([origin(cal)])
    const pirsch = captured(sdkFile('pirsch-sdk/constants.js'), /PIRSCH_DEFAULT_BASE_URL = "([^"]+)"/, 'PIRSCH_DEFAULT_BASE_URL')
    expect(sourcesOf(presets.pirsch, 'connect-src', 'npm')).toEqual([pirsch])
    const unsplash = captured(sdkFile('unsplash-js/dist/index.mjs'), /DEFAULT_BASE_URL = "([^"]+)"/, 'DEFAULT_BASE_URL')
    const unsplashViews = captured(sdkFile('unsplash-js/dist/beacon.mjs'), /fetch\(`(https:\/\/[^/]+)\//, 'the view beacon URL')
    expect(sourcesOf(presets.unsplash, 'connect-src', 'api')).toEqual([origin(unsplash), unsplashViews])
    const giscus = captured(sdkFile('giscus/dist/giscus.mjs'), /GISCUS_DEFAULT_HOST = "([^"]+)"/, 'GISCUS_DEFAULT_HOST')
    expect(sourcesOf(presets.giscus, 'frame-src', 'component')).toEqual([giscus])
  })
})

describe('presets: no new preset widens a policy beyond hosts', () => {
  const ADDED = ['fathom', 'microsoft-clarity', 'iconify', 'giscus', 'stackblitz', 'typeform', 'loom', 'cal-com', 'zendesk', 'calendly', 'tally', 'codepen', 'codesandbox', 'github-gist', 'spotify', 'x-embeds', 'meta-pixel', 'linkedin-insight', 'cloudinary', 'imgix', 'unsplash', 'umami', 'goatcounter', 'matomo', 'ethicalads', 'pirsch', 'talkjs', 'inkeep'] as const

  it.each(ADDED)("%s: no 'unsafe-eval', no scheme-only or bare '*' source, and 'unsafe-inline' only where its notes say the vendor requires it", (name) => {
    const preset: Preset = presets[name]
    for (const directives of [preset.directives, ...Object.values(preset.variants ?? {})]) {
      for (const [directive, sources] of Object.entries(directives)) {
        expect(sources, `${name} ${directive}`).not.toContain("'unsafe-eval'")
        for (const source of sources) expect(source, `${name} ${directive}`).not.toMatch(/^(\*|https?:|wss?:)$/)
        if (sources.includes("'unsafe-inline'")) expect(preset.notes, `${name} ${directive}`).toMatch(/unsafe-inline'? is required/)
      }
    }
  })
})

describe('presets: the registry lookup (what violation advice and preset suggestions search) finds the new presets', () => {
  const lookup = presetLookup(builtInPresetPolicies())
  // Presets needing an option without a default are not in the lookup (their hosts are not known).
  const known = ['fathom', 'microsoft-clarity', 'iconify', 'giscus', 'stackblitz', 'typeform', 'loom', 'cal-com', 'zendesk', 'calendly', 'tally', 'codepen', 'codesandbox', 'github-gist', 'spotify', 'x-embeds', 'meta-pixel', 'linkedin-insight', 'cloudinary', 'unsplash', 'umami', 'ethicalads', 'pirsch', 'talkjs', 'inkeep'] as const

  it.each(known)('%s: a URL on each of its hosts, for that directive, is attributed to it', (name) => {
    const resolved = builtInPresetPolicies().find((p) => p.name === name)
    expect(resolved, `${name} is not in the lookup`).toBeDefined()
    for (const { name: directive, values } of resolved!.policy.directives) {
      for (const source of values.filter((s) => /^(https|wss):\/\//.test(s))) {
        const url = new URL(`${source.replace('//*.', '//a.')}/cspkit-probe`)
        expect(lookup(url, directive), `${url.href} (${directive})`).toContain(name)
      }
    }
  })
})
